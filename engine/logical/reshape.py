"""Unpivot and pivot, built from Generate and Aggregate as Spark's analyzer builds them.

Both the DataFrame API (``df.unpivot``, ``groupBy().pivot()``) and SQL (``UNPIVOT``,
``PIVOT``) come here, so their naming, type coercion and errors agree.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.coercion import wider_type
from engine.expr.display import sql_name, type_sql
from engine.expr.literals import literal
from engine.expr.nodes import Attribute, Expr
from engine.expr.registry import lookup
from engine.expr.resolve import quote, resolve
from engine.expr.typing import dtype_of
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.map_checks import refuse_variant_pivot
from engine.logical.nodes import LogicalPlan, output
from engine.types.java_text import java_double

# ---------------------------------------------------------------------------- unpivot


def unpivot(
    plan: LogicalPlan,
    ids: Sequence[Expr] | None,
    values: Sequence[tuple[Sequence[Expr], str | None]] | None,
    variable: str,
    value_names: Sequence[str],
    case_sensitive: bool = False,
    drop_nulls: bool = False,
) -> LogicalPlan:
    """Each input row becomes one row per entry of `values`: the `ids`, the entry's name in
    column `variable`, its expressions in columns `value_names` (cast to a common type).

    ``ids=None`` means every column no value uses (SQL's UNPIVOT); ``values=None`` every
    column that is not an id (``df.unpivot(ids, None, ...)``). A value entry's name is its
    alias, else its columns' names joined by ``_``. With `drop_nulls` (SQL's default,
    EXCLUDE NULLS), rows whose values are all null are left out.
    """
    scope = B.scope_of(plan, case_sensitive)
    entries: list[tuple[list[Expr], str]] = []
    rids: list[Expr] | None = None if ids is None else [B.named(resolve(e, scope)) for e in ids]
    if values is None:
        assert rids is not None
        taken = {tr.strip_alias(e).id for e in rids if isinstance(tr.strip_alias(e), Attribute)}  # type: ignore[union-attr]
        entries = [([a], a.name) for a in output(plan) if a.id not in taken]
    else:
        for exprs, name in values:
            resolved = [B.named(resolve(e, scope)) for e in exprs]
            if len(resolved) != len(value_names):
                raise AnalysisException(
                    "[UNPIVOT_VALUE_SIZE_MISMATCH] All unpivot value columns must have the same size as there "
                    f"are value column names ({len(value_names)}).",
                    "UNPIVOT_VALUE_SIZE_MISMATCH",
                )
            entries.append((resolved, name if name is not None else "_".join(_name_of(e) for e in resolved)))
    if rids is None:
        used = {a.id for exprs, _ in entries for e in exprs for a in tr.attributes(e)}
        rids = [a for a in output(plan) if a.id not in used]
    if not entries:
        raise AnalysisException(
            "[UNPIVOT_REQUIRES_VALUE_COLUMNS] At least one value column needs to be specified for UNPIVOT, "
            "all columns specified as ids.",
            "UNPIVOT_REQUIRES_VALUE_COLUMNS",
        )
    types = [_value_type([exprs[j] for exprs, _ in entries], entries) for j in range(len(value_names))]
    args: list[Expr] = [literal(len(entries))]
    for exprs, name in entries:
        args.append(literal(name))
        args.extend(_cast(tr.strip_alias(e), t) for e, t in zip(exprs, types))
    call = resolve(n.UnresolvedFunction("stack", tuple(args)), scope)
    assert isinstance(call, n.Call)
    var_attr = Attribute(variable, T.StringType(), False, n.new_id())
    value_attrs = [
        Attribute(name, t, any(_nullable(exprs[j]) for exprs, _ in entries), n.new_id())
        for j, (name, t) in enumerate(zip(value_names, types))
    ]
    out: LogicalPlan = L.Generate(plan, call, (var_attr, *value_attrs), False)
    if drop_nulls:
        all_null: Expr = n.UnresolvedFunction("isnull", (value_attrs[0],))
        for a in value_attrs[1:]:
            all_null = n.UnresolvedFunction("and", (all_null, n.UnresolvedFunction("isnull", (a,))))
        out = B.filter_(out, n.UnresolvedFunction("not", (all_null,)), case_sensitive)
    return L.Project(out, (*_distinct_ids(rids), var_attr, *value_attrs))


def _name_of(e: Expr) -> str:
    return e.name if isinstance(e, (Attribute, n.Alias)) else sql_name(e)


def _nullable(e: Expr) -> bool:
    # as Spark reports it: only a plain column keeps its non-nullability
    return e.nullable if isinstance(e, Attribute) else True


def _distinct_ids(ids: list[Expr]) -> list[Expr]:
    """An id column listed twice is output twice (as two columns)."""
    seen: set[int] = set()
    out: list[Expr] = []
    for e in ids:
        if isinstance(e, Attribute) and e.id in seen:
            e = n.Alias(e, e.name)
        if isinstance(e, Attribute):
            seen.add(e.id)
        out.append(e)
    return out


def _cast(e: Expr, to: T.DataType) -> Expr:
    return e if dtype_of(e) == to else n.Cast(e, to, implicit=True)


def _value_type(exprs: list[Expr], entries: list[tuple[list[Expr], str]]) -> T.DataType:
    """Spark's findWiderTypeWithoutStringPromotion over one value column."""
    out: T.DataType | None = T.NullType()
    for e in exprs:
        out = wider_without_strings(out, dtype_of(e)) if out is not None else None
    if out is not None:
        return out
    by_type: dict[str, list[str]] = {}
    for exprs_, name in entries:
        t = (
            dtype_of(exprs_[0])
            if len(exprs_) == 1
            else T.StructType([T.StructField(_name_of(e), dtype_of(e)) for e in exprs_])
        )
        by_type.setdefault(type_sql(t), []).append(quote(_name_of(exprs_[0]) if len(exprs_) == 1 else name))
    listed = ", ".join(f'"{t}" ({", ".join(names)})' for t, names in sorted(by_type.items()))
    raise AnalysisException(
        f"[UNPIVOT_VALUE_DATA_TYPE_MISMATCH] Unpivot value columns must share a least common type, some types "
        f"do not: [{listed}].",
        "UNPIVOT_VALUE_DATA_TYPE_MISMATCH",
    )


def wider_without_strings(a: T.DataType, b: T.DataType) -> T.DataType | None:
    strings = (T.StringType, T.CharType, T.VarcharType)
    if (
        isinstance(a, strings) != isinstance(b, strings)
        and not isinstance(a, T.NullType)
        and not isinstance(b, T.NullType)
    ):
        return None
    if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
        el = wider_without_strings(a.elementType, b.elementType)
        return None if el is None else T.ArrayType(el, a.containsNull or b.containsNull)
    if {type(a), type(b)} <= {T.FloatType, T.ByteType, T.ShortType, T.IntegerType, T.LongType} and T.FloatType in {type(a), type(b)}:
        return T.FloatType()  # unpivot keeps float with integrals (the ANSI common type would be double)
    return wider_type(a, b)


# ---------------------------------------------------------------------------- pivot

# Spark's PivotFirst takes these result types: a pivot value no row has gives null for every
# aggregate. With any other type (string, date, array, ...) Spark filters each aggregate's input
# instead, so count() of a missing value is 0 and collect_list() is [].
_PIVOT_FIRST_TYPES = (
    T.BooleanType, T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType, T.DecimalType,
)  # fmt: skip


def pivot(
    plan: LogicalPlan,
    keys: Sequence[Expr] | None,
    aggs: Sequence[Expr],
    columns: Sequence[Expr],
    values: Sequence[tuple[Sequence[Expr], str | None]],
    grouping_sets: tuple[tuple[int, ...], ...] | None = None,
    case_sensitive: bool = False,
) -> LogicalPlan:
    """``GROUP BY keys`` with one column per (pivot value, aggregate): the aggregate over the
    group's rows whose `columns` equal the value (``<=>``). ``keys=None`` (SQL's PIVOT) groups
    by every column neither the aggregates nor the pivot columns use.

    A value is a literal (one per pivot column), cast to the pivot
    column's type; its column is named by its alias, else the value as a string, followed by
    ``_<aggregate name>`` when there are several aggregates.
    """
    scope = B.scope_of(plan, case_sensitive)
    rcols = [resolve(c, scope) for c in columns]
    refuse_variant_pivot(rcols)
    raggs = [resolve(a, scope) for a in aggs]
    for r in raggs:
        if not any(isinstance(x, n.AggCall) for x in tr.walk(r)):
            raise AnalysisException(
                f"Aggregate expression required for pivot, but '{sql_name(tr.strip_alias(r))}' "
                "did not appear in any aggregate function.",
                "_LEGACY_ERROR_TEMP_1006",
            )
    if keys is None:
        used = {i for e in (*rcols, *raggs) for i in tr.attribute_ids(e)}
        keys = [a for a in output(plan) if a.id not in used]
    pivot_first = all(isinstance(dtype_of(tr.strip_alias(r)), _PIVOT_FIRST_TYPES) for r in raggs)
    outs: list[Expr] = []
    for value, alias in values:
        cond, label = _pivot_condition(rcols, [resolve(v, scope) for v in value])
        if alias is not None:
            label = alias
        for a, r in zip(aggs, raggs):
            inner = tr.strip_alias(a)
            filtered = tr.transform_down(inner, lambda e, c=cond: _filtered(e, c, pivot_first))
            if pivot_first:
                # a group without rows of this pivot value gets null, even from count (PivotFirst)
                rows = n.UnresolvedFunction("count", (literal(1),), False, False, cond)
                filtered = n.CaseWhen(((n.UnresolvedFunction(">", (rows, literal(0))), filtered),), None)
            suffix = a.name if isinstance(a, n.Alias) else sql_name(tr.strip_alias(r))
            outs.append(n.Alias(filtered, label if len(aggs) == 1 else f"{label}_{suffix}"))
    return B.aggregate(plan, keys, [*keys, *outs], grouping_sets, case_sensitive)


def _filtered(e: Expr, cond: Expr, pivot_first: bool) -> Expr:
    if not isinstance(e, n.UnresolvedFunction):
        return e
    fd = lookup(e.name)
    if fd is None or fd.kind != "aggregate":
        return e
    both = cond if e.filter is None else n.UnresolvedFunction("and", (e.filter, cond))
    # Spark turns first/last into their ignore-nulls form when it filters their input
    ignore_nulls = e.ignore_nulls or (
        not pivot_first and e.name.lower() in ("first", "last", "first_value", "last_value")
    )
    return n.UnresolvedFunction(e.name, e.args, e.distinct, ignore_nulls, both)


def _pivot_condition(cols: list[Expr], parts: list[Expr]) -> tuple[Expr, str]:
    """``col <=> CAST(value AS col's type)`` (each column of a tuple), and the value's name."""
    lits: list[n.Literal] = []
    for p in parts:
        p = tr.strip_alias(p)
        if not isinstance(p, n.Literal):
            raise AnalysisException(
                f'[NON_LITERAL_PIVOT_VALUES] Literal expressions required for pivot values, found "{sql_name(p)}".',
                "NON_LITERAL_PIVOT_VALUES",
            )
        lits.append(p)
    col_types = [dtype_of(c) for c in cols]
    if len(lits) != len(cols):
        got = "struct<" + ",".join(f"col{i + 1}:{x.dtype.simpleString()}" for i, x in enumerate(lits)) + ">"
        shown = lits[0].dtype.simpleString() if len(lits) == 1 else got
        want = col_types[0].simpleString() if len(cols) == 1 else (
            "struct<" + ",".join(f"{_name_of(c)}:{t.simpleString()}" for c, t in zip(cols, col_types)) + ">"
        )  # fmt: skip
        raise AnalysisException(
            f"[PIVOT_VALUE_DATA_TYPE_MISMATCH] Invalid pivot value '{_spark_string(lits[0]) if len(lits) == 1 else got}': "
            f"value data type {shown} does not match pivot column data type {want}.",
            "PIVOT_VALUE_DATA_TYPE_MISMATCH",
        )
    cond: Expr | None = None
    for c, t, lit in zip(cols, col_types, lits):
        value = _constructed(lit.value, lit.dtype)  # an array or struct value as the call building it
        eq = n.UnresolvedFunction("<=>", (c, value if lit.dtype == t or lit.value is None else n.Cast(value, t)))
        cond = eq if cond is None else n.UnresolvedFunction("and", (cond, eq))
    assert cond is not None
    label = (
        _spark_string(lits[0]) if len(lits) == 1 else "{" + ", ".join(_spark_string(x) for x in lits) + "}"
    )
    return cond, label


def pivot_value_label(value: object, dtype: T.DataType | None = None) -> str:
    """A pivot value as Spark names its column (the value cast to a string; null is ``null``)."""
    return _spark_string(literal(value, dtype))


def _constructed(value: object, dtype: T.DataType) -> Expr:
    """A pivot value as an expression: a literal, or for an array or a struct (whose Python
    values are unhashable, so cannot sit in a literal of a plan) the ``array``/``named_struct``
    call of its elements, cast to its type."""
    if isinstance(value, (list, tuple)) and isinstance(dtype, T.ArrayType):
        items = tuple(_constructed(x, dtype.elementType) for x in value)
        return n.Cast(n.UnresolvedFunction("array", items), dtype)
    if isinstance(value, dict) and isinstance(dtype, T.StructType):
        args: list[Expr] = []
        for f in dtype.fields:
            args += [n.Literal(f.name, T.StringType()), _constructed(value.get(f.name), f.dataType)]
        return n.Cast(n.UnresolvedFunction("named_struct", tuple(args)), dtype)
    return n.Literal(value, dtype)


def _spark_string(lit: n.Literal) -> str:
    v = lit.value
    if v is None:
        return "null"
    if isinstance(v, (list, tuple)) and isinstance(lit.dtype, T.ArrayType):
        element = lit.dtype.elementType
        return "[" + ", ".join(_spark_string(n.Literal(x, element)) for x in v) + "]"
    if isinstance(v, dict) and isinstance(lit.dtype, T.StructType):
        return "{" + ", ".join(_spark_string(n.Literal(v.get(f.name), f.dataType)) for f in lit.dtype.fields) + "}"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return java_double(v)
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)
