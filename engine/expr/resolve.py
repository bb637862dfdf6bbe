"""Resolution: unresolved expressions -> typed ones, bound to the columns of a plan's output.

Errors follow Spark's: an unknown column is ``UNRESOLVED_COLUMN.WITH_SUGGESTION`` naming
the nearest existing columns; an unknown function is ``UNRESOLVED_ROUTINE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from engine import types as T
from engine.errors import AnalysisException, suggest
from engine.expr import collation
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.coercion import common_type
from engine.expr.decimal_bounds import round_decimal_bound
from engine.expr.display import UPPER_RANKING, call_sql, expr_sql, sql_name
from engine.expr.nodes import Expr
from engine.expr.registry import arity_error, lookup
from engine.expr.signatures._common import type_name
from engine.expr.signatures.higher_order import map_zip_with_params
from engine.expr.typing import dtype_of, nullable_of

COLLATION_AWARE = collation.ORDERING_FUNCTIONS | collation.MATCHING_FUNCTIONS | collation.PATTERN_FUNCTIONS


@dataclass(frozen=True)
class Scope:
    """The columns an expression may refer to, plus lambda variables in scope."""

    attrs: tuple[n.Attribute, ...]
    case_sensitive: bool = False
    lambdas: tuple[n.LambdaVar, ...] = field(default=())
    # False when failing is expected (the SQL front end asking which relations a condition
    # joins): the error is caught, so ranking every column by edit distance would be waste
    suggest: bool = True

    def same(self, a: str, b: str) -> bool:
        return a == b if self.case_sensitive else a.lower() == b.lower()

    @cached_property
    def _by_name(self) -> dict[str, list[tuple[int, n.Attribute]]]:
        index: dict[str, list[tuple[int, n.Attribute]]] = {}
        for i, a in enumerate(self.attrs):
            index.setdefault(a.name if self.case_sensitive else a.name.lower(), []).append((i, a))
        return index

    def named(self, names: Sequence[str]) -> list[n.Attribute]:
        """The columns called any of `names`, in scope order: a plan's scope holds every column
        of every table it joins, and a query resolves each of its column names against it."""
        index = self._by_name
        found = [hit for name in names for hit in index.get(name if self.case_sensitive else name.lower(), ())]
        if len(names) > 1:
            found = sorted(dict(found).items())
        return [a for _, a in found]


def quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def unresolved_column_error(name: str, candidates: Sequence[str]) -> AnalysisException:
    """Spark's error for an unknown column: the nearest `candidates` suggested, or, with none
    (``SELECT foo`` without FROM), the WITHOUT_SUGGESTION form."""
    if not candidates:
        msg = f"[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with name {quote(name)} cannot be resolved."
        return AnalysisException(msg, "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", {"objectName": quote(name)})
    # Spark ranks the quoted candidates (`id`) by their distance to the name as written (nope)
    shown = ", ".join(suggest(name.split(".")[-1], [quote(c) for c in candidates]))
    msg = (
        f"[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with "
        f"name {quote(name)} cannot be resolved. Did you mean one of the following? [{shown}]."
    )
    return AnalysisException(
        msg, "UNRESOLVED_COLUMN.WITH_SUGGESTION", {"objectName": quote(name), "proposal": shown}
    )


def resolve_column(parts: tuple[str, ...], scope: Scope, full_name: str) -> Expr:
    """Find the column `parts` names: a qualified name beats a bare name plus struct fields."""
    for lv in scope.lambdas:
        if scope.same(lv.name, parts[0]):
            return _struct_fields(lv, parts[1:], scope, full_name)
    best: list[tuple[n.Attribute, tuple[str, ...]]] = []
    best_len = -1
    for attr in scope.named(parts):
        q = attr.qualifier
        for qlen in range(min(len(q), len(parts) - 1), 0 if attr.hidden else -1, -1):
            prefix, rest = parts[:qlen], parts[qlen:]
            if qlen and not all(scope.same(a, b) for a, b in zip(q[-qlen:], prefix)):
                continue
            if scope.same(attr.name, rest[0]):
                # as Spark, the column takes the spelling the query used (``ID`` for ``id``)
                spelled = attr if attr.name == rest[0] and not attr.hidden else replace(attr, name=rest[0], hidden=False)
                if qlen > best_len:
                    best, best_len = [(spelled, rest[1:])], qlen
                elif qlen == best_len and all(a.id != attr.id for a, _ in best):
                    best.append((spelled, rest[1:]))
                break
    if not best:
        raise unresolved_column_error(full_name, [a.name for a in scope.attrs if not a.hidden] if scope.suggest else [])
    if len(best) > 1:
        names = ", ".join(quote(".".join((*a.qualifier, a.name))) for a, _ in best)
        msg = (
            f"[AMBIGUOUS_REFERENCE] Reference {quote(full_name)} is ambiguous, could be: [{names}]."
        )  # Spark's message, without a hint of our own
        raise AnalysisException(msg, "AMBIGUOUS_REFERENCE", {"name": quote(full_name)})
    attr, rest = best[0]
    return _struct_fields(attr, rest, scope, full_name)


def _struct_fields(base: Expr, rest: tuple[str, ...], scope: Scope, full_name: str) -> Expr:
    out = base
    for part in rest:
        out = extract(out, n.Literal(part, T.StringType()), scope, full_name)
    if rest:
        return n.Alias(out, rest[-1])
    return out


def _refuse_ambiguous_field(st: T.StructType, name: str, scope: Scope) -> None:
    """AMBIGUOUS_REFERENCE_TO_FIELDS when `name` matches more than one field of `st`
    (``arrays_zip(a, a).a``), as Spark refuses to pick one."""
    count = sum(1 for f in st.fields if scope.same(f.name, name))
    if count > 1:
        raise AnalysisException(
            f"[AMBIGUOUS_REFERENCE_TO_FIELDS] Ambiguous reference to the field {quote(name)}. It appears {count} "
            "times in the schema.",
            "AMBIGUOUS_REFERENCE_TO_FIELDS",
            {"field": quote(name), "count": str(count)},
        )


def extract(child: Expr, key: Expr, scope: Scope, what: str = "") -> Expr:
    """``child[key]``: struct field by name, array element (0-based) or map value."""
    ct = dtype_of(child)
    if isinstance(ct, T.StructType):
        if not isinstance(key, n.Literal) or not isinstance(key.value, str):
            raise AnalysisException(f"Field name should be a string literal, but it's {key!r}.")
        _refuse_ambiguous_field(ct, key.value, scope)
        for f in ct.fields:
            if scope.same(f.name, key.value):
                # null where the struct or the field may be (Spark's GetStructField)
                nullable = nullable_of(child) or f.nullable
                return n.Call("get_struct_field", (child, n.Literal(f.name, T.StringType())), f.dataType, nullable)
        raise AnalysisException(
            f"[FIELD_NOT_FOUND] No such struct field {quote(key.value)} in "
            f"{', '.join(quote(f.name) for f in ct.fields)}.",
            "FIELD_NOT_FOUND",
        )
    if isinstance(ct, T.ArrayType) and isinstance(ct.elementType, T.StructType) and _is_string_literal(key):
        # ``items.price`` over an array of structs: that field of every element (GetArrayStructFields)
        assert isinstance(key, n.Literal)
        _refuse_ambiguous_field(ct.elementType, key.value, scope)
        field = next((f for f in ct.elementType.fields if scope.same(f.name, key.value)), None)
        if field is None:
            raise AnalysisException(
                f"[FIELD_NOT_FOUND] No such struct field {quote(key.value)} in "
                f"{', '.join(quote(f.name) for f in ct.elementType.fields)}.",
                "FIELD_NOT_FOUND",
            )
        name = n.Literal(field.name, T.StringType())
        values = T.ArrayType(field.dataType, ct.containsNull or field.nullable)
        return n.Call("get_array_struct_fields", (child, name), values, nullable_of(child))
    if isinstance(ct, T.ArrayType):
        kt = dtype_of(key)
        if not (T.is_integral(kt) or isinstance(kt, T.NullType)):  # Spark: an index must be integral
            from engine.expr.display import expr_sql
            from engine.expr.signatures._common import type_name

            msg = (
                f'[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "{expr_sql(child)}[{expr_sql(key)}]" due to data '
                f'type mismatch: The second parameter requires the "INTEGRAL" type, however "{expr_sql(key)}" has the '
                f"type {type_name(kt)}."
            )
            raise AnalysisException(msg, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")
        from engine.expr.signatures.collections import element_nullable

        nullable = element_nullable(child, key, one_based=False)
        return n.Call("get_array_item", (child, _cast_to(key, T.IntegerType())), ct.elementType, nullable)
    if isinstance(ct, T.MapType):
        return n.Call("get_map_value", (child, _cast_to(key, ct.keyType)), ct.valueType, True)
    raise AnalysisException(
        f"[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from {what or 'the column'}. "
        f"Need a complex type [STRUCT, ARRAY, MAP] but got {ct.simpleString().upper()}.",
        "INVALID_EXTRACT_BASE_FIELD_TYPE",
    )


def _is_string_literal(e: Expr) -> bool:
    return isinstance(e, n.Literal) and isinstance(e.value, str)


def _cast_to(e: Expr, to: T.DataType | None) -> Expr:
    if to is None:
        return e
    current = dtype_of(e)
    if current == to:
        return e
    if isinstance(e, n.Literal) and e.value is None:
        return n.Literal(None, to)
    return n.Cast(e, to, implicit=True)


def missing_attribute_error(e: n.Attribute, scope: Scope) -> AnalysisException:
    """Spark's error for a column of another DataFrame (or one a join merged away) that `scope`
    lacks; its sub-class says whether a column of the same name is among the inputs."""
    same_name = any(scope.same(a.name, e.name) and not a.hidden for a in scope.attrs)
    kind = "RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION" if same_name else "RESOLVED_ATTRIBUTE_MISSING_FROM_INPUT"
    msg = (
        f"[MISSING_ATTRIBUTES.{kind}] Resolved attribute(s) "
        f"{quote(e.name)} missing from {', '.join(quote(a.name) for a in scope.attrs if not a.hidden)}. "
        "The column belongs to another DataFrame; join the DataFrames first, or use col(name)."
    )
    return AnalysisException(msg, f"MISSING_ATTRIBUTES.{kind}")


# Names that are a column when the input has one, else a call (Spark's LiteralFunctionResolution).
_LITERAL_FUNCTIONS = frozenset({"current_date", "current_timestamp"})


def resolve(e: Expr, scope: Scope) -> Expr:
    """Resolve every name in `e` against `scope`; resolved parts are returned as they are."""
    match e:
        case n.UnresolvedColumn(name=name, parts=parts):
            if len(parts) == 1 and parts[0].lower() in _LITERAL_FUNCTIONS:
                try:
                    return resolve_column(parts, scope, name)
                except AnalysisException:  # no column of that name: the function, as Spark
                    return _resolve_function(n.UnresolvedFunction(parts[0].lower(), ()), scope)
            return resolve_column(parts, scope, name)
        case n.Attribute(id=i):
            for a in scope.attrs:
                if a.id == i:  # a USING join's hidden key named by its own side's column
                    a = replace(a, hidden=False) if a.hidden else a
                    # df["ID"] of a column Id keeps the spelling it was asked by, as in Spark
                    return replace(a, name=e.name) if a.name != e.name and scope.same(a.name, e.name) else a
            by_name = [a for a in scope.attrs if scope.same(a.name, e.name) and not a.hidden]
            if len(by_name) == 1 and not e.qualifier:
                return by_name[0]
            raise missing_attribute_error(e, scope)
        case n.Literal() | n.LambdaVar() | n.ScalarSubquery():
            return e
        case n.OuterRef(child=c):  # outside a subquery: a column of this plan, as in Spark
            return resolve(c, scope)
        case n.CorrelatedSubquery():
            raise AnalysisException(
                "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY] Unsupported "
                "subquery expression: a correlated subquery (scalar() / exists() of a DataFrame using "
                "col(...).outer()) is supported in select, withColumn(s) and where/filter only.",
                "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY",
            )
        case n.UnresolvedFunction():
            return _resolve_function(e, scope)
        case n.UnresolvedExtract(child=c, key=k):
            return extract(resolve(c, scope), resolve(k, scope), scope)
        case n.Alias(child=c):
            return replace(e, child=resolve(c, scope))
        case n.Cast(child=c, to=to):
            rc = resolve(c, scope)
            from engine.expr.signatures.cast import can_cast, cast_mismatch

            if not can_cast(dtype_of(rc), to):
                if isinstance(to, T.TimeType):
                    from engine.expr.signatures.datetime import unsupported_time_type

                    raise unsupported_time_type()
                raise cast_mismatch(sql_name(replace(e, child=rc)), dtype_of(rc), to)
            return replace(e, child=rc)
        case n.SortOrder(child=c):
            return replace(e, child=resolve(c, scope))
        case n.CaseWhen():
            return _resolve_case(e, scope)
        case n.WindowExpr(function=f, spec=spec):
            orders = [resolve(o, scope) for o in spec.order_by]
            rspec = n.WindowSpecDef(  # collated strings partition and order by their collation keys
                tuple(collation.sort_key(resolve(p, scope)) for p in spec.partition_by),
                tuple(replace(o, child=collation.sort_key(o.child)) for o in orders),  # type: ignore[misc]
                spec.frame,
            )
            windowed = isinstance(f, n.UnresolvedFunction)
            rf = _resolve_function(f, scope, windowed=True) if windowed else resolve(f, scope)  # type: ignore[arg-type]
            if not rspec.order_by and getattr(rf, "name", "") in _NEEDS_ORDER:
                raise _window_not_ordered(rf)  # type: ignore[arg-type]
            _check_required_frame(getattr(rf, "name", ""), spec.frame)
            return n.WindowExpr(rf, rspec, dtype_of(rf))
        case n.UDFCall(args=args):
            return replace(e, args=tuple(resolve(a, scope) for a in args))
        case n.Call() | n.AggCall():
            return replace(e, args=tuple(resolve(a, scope) for a in e.args))
        case n.UnresolvedStar():
            raise AnalysisException(
                "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' here; use it only in a select "
                "list or count(*).",
                "INVALID_USAGE_OF_STAR_OR_REGEX",
            )
        case n.Lambda():
            raise AnalysisException("A lambda function is only allowed as an argument of a higher-order function.")
        case _:
            raise TypeError(f"cannot resolve {e!r}")


# Window functions that mean nothing without an ORDER BY in their window.
_NEEDS_ORDER = frozenset(
    {"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "nth_value", "counter_diff"}
)


def _window_not_ordered(f: n.Call | n.AggCall) -> AnalysisException:
    text = sql_name(f)
    if f.name in ("lag", "lead"):
        args = [sql_name(a) for a in f.args[:3]]
        text = f"{f.name}({', '.join(args + ['1', 'NULL'][len(args) - 1 :])})"
    elif f.name in UPPER_RANKING:
        text = text.upper()
    return AnalysisException(
        f"[WINDOW_FUNCTION_FRAME_NOT_ORDERED] Window function {f.name} requires the window to be ordered. "
        f"You need to add an ORDER BY clause. For example: SELECT {text} OVER (PARTITION BY "
        "window_partition ORDER BY window_ordering) FROM table.",
        "WINDOW_FUNCTION_FRAME_NOT_ORDERED",
    )


def _resolve_case(e: n.CaseWhen, scope: Scope) -> Expr:
    branches = [(resolve(c, scope), resolve(v, scope)) for c, v in e.branches]
    otherwise = resolve(e.otherwise, scope) if e.otherwise is not None else None
    values = [v for _, v in branches] + ([otherwise] if otherwise is not None else [])
    out = common_type([dtype_of(v) for v in values])
    if out is None:
        types = ", ".join(type_name(dtype_of(v)) for v in values)
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "{sql_name(n.CaseWhen(tuple(branches), otherwise))}" '
            f"due to data type mismatch: Input to `casewhen` should all be the same type, but it's [{types}].",
            "DATATYPE_MISMATCH.DATA_DIFF_TYPES",
        )
    for c, _ in branches:
        if not isinstance(dtype_of(c), (T.BooleanType, T.NullType)):
            raise AnalysisException(
                f"[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] WHEN expressions in CASE must be BOOLEAN, "
                f"but got {dtype_of(c).simpleString().upper()}.",
                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            )
    return n.CaseWhen(
        tuple((_cast_to(c, T.BooleanType()), _cast_to(v, out)) for c, v in branches),
        _cast_to(otherwise, out) if otherwise is not None else None,
        out,
    )


# Python UDFs registered by name (``spark.udf.register``), each a `UDFCall` without arguments;
# like Spark's temporary functions they shadow built-ins of the same name.
SESSION_UDFS: dict[str, n.UDFCall] = {}
# Python UDTFs by name (engine.api.udtf registers them): table functions, never scalar ones.
SESSION_UDTFS: dict[str, object] = {}


def _expand_star_args(args: Sequence[Expr], scope: Scope) -> tuple[Expr, ...]:
    """``struct(*)``, ``concat_ws('-', t.*)``: a star argument stands for the columns in scope
    (of table `t` when qualified), as Spark expands it inside function calls."""
    out: list[Expr] = []
    for a in args:
        if not isinstance(a, n.UnresolvedStar) or a.pattern is not None:
            out.append(a)
            continue
        if a.columns is not None:
            out.extend(a.columns)
            continue
        matched: Sequence[Expr] = star_columns(a.qualifier, scope)
        if not matched and a.qualifier is not None:
            matched = struct_star_fields(a.qualifier, scope) or []
            if not matched:
                raise cannot_expand_star(a.qualifier, scope)
        out.extend(matched if matched else [a])
    return tuple(out)


def cannot_expand_star(qualifier: str, scope: Scope) -> AnalysisException:
    """CANNOT_RESOLVE_STAR_EXPAND: ``q.*`` where `q` is neither a table nor a struct column."""
    return AnalysisException(
        f"[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve {'.'.join(quote(p) for p in n.split_name(qualifier))}.* "
        f"given input columns {', '.join(quote(a.name) for a in scope.attrs)}. Please check that the specified "
        "table or struct exists and is accessible in the input columns.",
        "CANNOT_RESOLVE_STAR_EXPAND",
    )


def struct_star_fields(qualifier: str, scope: Scope) -> list[Expr] | None:
    """The fields ``s.*`` stands for when `qualifier` names a struct column (each aliased by its
    name), or None when it names no struct."""
    try:
        target = resolve(n.UnresolvedColumn(qualifier), scope)
    except AnalysisException:
        return None
    st = dtype_of(target)
    if not isinstance(st, T.StructType):
        return None
    base = tr.strip_alias(target)
    null_struct = nullable_of(base)
    out: list[Expr] = []
    for f in st.fields:  # a field is null where it may be or where the struct may be
        field = n.Call("get_struct_field", (base, n.Literal(f.name, T.StringType())), f.dataType, f.nullable or null_struct)
        out.append(n.Alias(field, f.name))
    return out


def star_columns(qualifier: str | None, scope: Scope) -> list[n.Attribute]:
    """The columns ``*`` (or ``t.*``) stands for. ``t.*`` includes the USING keys a join hid
    (``d.*`` after ``JOIN d USING (dept)`` still has ``dept``), in the table's own column order."""
    if qualifier is None:
        return [a for a in scope.attrs if not a.hidden]
    matched = [a for a in scope.attrs if a.qualifier and scope.same(a.qualifier[-1], qualifier)]
    if any(a.hidden for a in matched):  # a relation's columns got their ids in its column order
        matched = [replace(a, hidden=False) for a in sorted(matched, key=lambda a: a.id)]
    return matched


# Spark's cast functions: ``int(x)`` is ``CAST(x AS INT)``, ``decimal(x)`` casts to decimal(10,0)
_CAST_FUNCTIONS: dict[str, T.DataType] = {
    "boolean": T.BooleanType(),
    "tinyint": T.ByteType(),
    "smallint": T.ShortType(),
    "int": T.IntegerType(),
    "bigint": T.LongType(),
    "float": T.FloatType(),
    "double": T.DoubleType(),
    "decimal": T.DecimalType(10, 0),
    "date": T.DateType(),
    "timestamp": T.TimestampType(),
    "binary": T.BinaryType(),
    "string": T.StringType(),
}


def _resolve_function(e: n.UnresolvedFunction, scope: Scope, windowed: bool = False) -> Expr:
    registered = SESSION_UDFS.get(e.name.lower())
    if registered is not None:
        args = e.args
        if registered.kind == "pandas_agg":  # a Series -> scalar UDF sees its group's rows
            rows = (n.UnresolvedFunction("collect_list", (n.UnresolvedFunction("struct", args),)),)
            call = replace(registered, args=tuple(resolve(a, scope) for a in rows))
            shown = ", ".join(sql_name(resolve(a, scope)) for a in args)  # named for its arguments, not the rows
            return n.Alias(call, f"{registered.name}({shown})")
        return replace(registered, args=tuple(resolve(a, scope) for a in args))
    if (to := _CAST_FUNCTIONS.get(e.name.lower())) is not None:
        if len(e.args) != 1:
            raise AnalysisException(
                f"[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `{e.name}` requires 1 parameters "
                f"but the actual number is {len(e.args)}.",
                "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
                {"functionName": e.name, "expectedNum": "1", "actualNum": str(len(e.args))},
            )
        # not the user's own CAST: Spark names the column (and its errors) after the argument
        return resolve(n.Cast(e.args[0], to, implicit=True), scope)
    fd = lookup(e.name)
    if fd is None and (e.name.lower() in SESSION_UDTFS or e.name.lower() in _TABLE_ONLY_FUNCTIONS):
        raise AnalysisException(
            f"[NOT_A_SCALAR_FUNCTION] {quote(e.name)} appears as a scalar expression here, but the function was "
            "defined as a table function. Please update the query to move the function call into the FROM "
            f"clause, or redefine {quote(e.name)} as a scalar function instead.",
            "NOT_A_SCALAR_FUNCTION",
        )
    if fd is None:
        msg = (
            f"[UNRESOLVED_ROUTINE] Cannot resolve routine {quote(e.name)} on search path "
            "[`system`.`builtin`, `system`.`session`]. Check the spelling of the function name."
        )
        raise AnalysisException(msg, "UNRESOLVED_ROUTINE", {"routineName": quote(e.name)})
    raw = e.args
    if fd.name == "count" and len(raw) == 1 and isinstance(raw[0], n.UnresolvedStar) and raw[0].qualifier:
        shown = f"count({'.'.join(quote(p) for p in raw[0].qualifier.split('.'))}.*)"
        raise AnalysisException(
            f"[INVALID_USAGE_OF_STAR_WITH_TABLE_IDENTIFIER_IN_COUNT] {shown} is not allowed. Use count(*) or "
            "expand the columns manually, e.g. count(col1, col2). SQLSTATE: 42000",
            "INVALID_USAGE_OF_STAR_WITH_TABLE_IDENTIFIER_IN_COUNT",
            {"tableName": quote(raw[0].qualifier)},
        )
    if fd.kind == "aggregate" and len(raw) == 1 and isinstance(raw[0], n.UnresolvedStar) and not e.distinct:
        raw = (n.Literal(1, T.IntegerType()),)  # count(*) is count(1); count(DISTINCT *) counts distinct rows
    elif any(isinstance(a, n.UnresolvedStar) for a in raw):
        raw = _expand_star_args(raw, scope)
    if fd.name not in _HIGHER_ORDER and any(isinstance(a, n.Lambda) for a in raw):
        raise AnalysisException(
            "[INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION] Invalid lambda function call. A lambda "
            f"function should only be used in a higher order function. However, its class is {fd.name}, which "
            "is not a higher order function.",
            "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION",
        )
    args = [a if isinstance(a, n.Lambda) else resolve(a, scope) for a in raw]
    args = [_resolve_lambda(fd.name, i, a, args, scope) if isinstance(a, n.Lambda) else a for i, a in enumerate(args)]
    args = list(round_decimal_bound(fd.name, args))  # ``i > 1.5`` is ``i > 1``, as Spark rewrites it
    if fd.name == "assert_true" and len(args) == 1:  # Spark's default message names the condition
        from engine.expr.signatures.assertions import default_assert_message

        args.append(n.Literal(default_assert_message(args[0]), T.StringType()))
    if fd.name in ("lpad", "rpad"):
        from engine.expr.signatures.strings import pad_with_default

        args = pad_with_default(args)
    if fd.name == "time_bucket":
        from engine.expr.signatures.time_bucket import default_origin

        args = default_origin(args)
    if len(args) < fd.min_args or (fd.max_args is not None and len(args) > fd.max_args):
        raise arity_error(e.name, len(args), fd)
    sig = fd.type_rule(args)
    _no_complex_to_atomic(e.name, args, sig.arg_types)
    cast_args = tuple(
        a if i >= len(sig.arg_types) else _cast_to(a, sig.arg_types[i]) for i, a in enumerate(args)
    )
    if fd.kind == "window" and not windowed and fd.name in _NEEDS_ORDER | {"nth_value"}:
        text = call_sql(fd.name, [sql_name(a) for a in cast_args], False)
        text = text.upper() if fd.name in ("rank", "dense_rank", "percent_rank") else text
        raise AnalysisException(
            f'[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] Window function "{text}" requires an OVER clause.',
            "WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE",
        )
    if fd.kind == "aggregate":
        if not windowed and any(tr.contains(a, n.AggCall) for a in cast_args):
            raise AnalysisException(
                "[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in the argument "
                "of another aggregate function. Please use the inner aggregate function in a sub-query.",
                "NESTED_AGGREGATE_FUNCTION",
            )
        flt = resolve(e.filter, scope) if e.filter is not None else None
        name, cast_args = collation.aggregate_by_key(fd.name, cast_args, e.distinct)  # max of a collated string
        return n.AggCall(name, cast_args, sig.result, e.distinct, e.ignore_nulls, flt)
    if fd.name in COLLATION_AWARE:
        cast_args = collation.apply_to_call(
            fd.name, args, cast_args, lambda: expr_sql(n.Call(fd.name, cast_args, sig.result))
        )
    elif fd.kind == "scalar":
        cast_args, result = collation.propagate(fd.name, args, cast_args, sig.arg_types, sig.result)
        sig = replace(sig, result=result) if result is not sig.result else sig
    nullable = sig.nullable if sig.nullable is not None else any(nullable_of(a) for a in cast_args)
    if e.ignore_nulls and fd.name in ("lag", "lead", "nth_value", "first", "last", "first_value", "last_value"):
        if fd.name in ("lag", "lead"):
            # pad to (col, offset, default) so the flag's position is unambiguous
            defaults = (n.Literal(1, T.IntegerType()), n.Literal(None, sig.result))
            cast_args = (*cast_args, *defaults[len(cast_args) - 1 :])
        cast_args = (*cast_args, n.Literal(True, T.BooleanType()))
    return n.Call(fd.name, cast_args, sig.result, nullable)


_COMPLEX = (T.ArrayType, T.MapType, T.StructType)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def _no_complex_to_atomic(fname: str, args: list[Expr], targets: tuple[T.DataType | None, ...]) -> None:
    """Spark never casts an array, map or struct implicitly to an atomic type (``upper(array)``)."""
    for i, (a, want) in enumerate(zip(args, targets)):
        if want is None or isinstance(a, n.Lambda):
            continue
        have = dtype_of(a)
        if isinstance(have, _COMPLEX) and not isinstance(want, _COMPLEX):
            from engine.expr.display import sql_name

            place = _ORDINALS[i] if i < len(_ORDINALS) else f"{i + 1}th"
            msg = (
                f'[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "{fname}({", ".join(sql_name(x) for x in args)})" '
                f'due to data type mismatch: The {place} parameter requires the "{want.simpleString().upper()}" type, '
                f'however "{sql_name(a)}" has the type "{have.simpleString().upper()}".'
            )
            raise AnalysisException(msg, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE")


# Spark's built-in table functions that have no scalar form: ``SELECT range(1, 10)`` is NOT_A_SCALAR_FUNCTION.
_TABLE_ONLY_FUNCTIONS = frozenset({"range"})


# The frame Spark requires of a ranking function; an explicit different one is an error.
_REQUIRED_FRAME = {
    **dict.fromkeys(
        ("row_number", "rank", "dense_rank", "ntile", "percent_rank", "counter_diff"), n.Frame("rows", None, 0)
    ),
    "cume_dist": n.Frame("range", None, 0),
}


def _check_required_frame(name: str, frame: n.Frame | None) -> None:
    """``row_number() OVER (... ROWS 1 PRECEDING)`` / ``lag(x) OVER (... ROWS ...)``: Spark's errors."""
    if frame is None:
        return
    if name in ("lag", "lead"):
        raise AnalysisException(f"Cannot specify window frame for {name} function.", "_LEGACY_ERROR_TEMP_1035")
    required = _REQUIRED_FRAME.get(name)
    if required is None or (frame.kind, frame.start, frame.end) == (required.kind, required.start, required.end):
        return

    def shown(f: n.Frame) -> str:
        def bound(v: object, start: bool) -> str:
            if v is None:
                return "unboundedpreceding$()" if start else "unboundedfollowing$()"
            return "currentrow$()" if v == 0 else str(v)

        kind = "RowFrame" if f.kind == "rows" else "RangeFrame"
        return f"specifiedwindowframe({kind}, {bound(f.start, True)}, {bound(f.end, False)})"

    raise AnalysisException(
        f"Window Frame {shown(frame)} must match the required frame {shown(required)}.", "_LEGACY_ERROR_TEMP_1036"
    )


# How many arguments each higher-order function passes its lambda (Spark checks the lambda's
# parameter count against it); transform/filter pass 1 or 2 and aggregate's two lambdas differ.
_LAMBDA_ARITY = {
    "exists": 1, "forall": 1, "zip_with": 2, "map_filter": 2, "transform_keys": 2, "transform_values": 2,
    "array_sort": 2, "map_zip_with": 3,
}  # fmt: skip


# The functions that take lambdas (Spark's HigherOrderFunction); a lambda anywhere else is an error.
_HIGHER_ORDER = frozenset({*_LAMBDA_ARITY, "transform", "filter", "aggregate", "reduce"})


def _lambda_params_nullable(fname: str, input_type: T.DataType) -> tuple[bool, bool, bool]:
    """Which lambda parameters may be null, as Spark binds them: an array's element when the
    array may hold nulls (its index never), a map's key never and its value when the map may
    hold null values; ``aggregate``'s accumulator, ``zip_with``'s elements (arrays of unequal
    length) and ``map_zip_with``'s values always may."""
    if fname in ("aggregate", "reduce", "zip_with"):
        return (True, True, True)
    if isinstance(input_type, T.ArrayType):
        el = input_type.containsNull
        return (el, el, True) if fname == "array_sort" else (el, False, True)
    if isinstance(input_type, T.MapType):
        return (False, True, True) if fname == "map_zip_with" else (False, input_type.valueContainsNull, True)
    return (True, True, True)


def _resolve_lambda(fname: str, position: int, lam: n.Lambda, args: list[Expr], scope: Scope) -> Expr:
    """Bind a lambda's parameters to the types the higher-order function passes it.

    Arrays pass (element, index); maps (key, value); ``zip_with`` one element of each
    array; ``aggregate``'s merge gets (accumulator, element) and its finish (accumulator).
    """
    plain = [a for a in args if not isinstance(a, n.Lambda)]
    bt = dtype_of(plain[0]) if plain else T.NullType()
    nullable = _lambda_params_nullable(fname, bt)
    if fname in ("aggregate", "reduce") and len(plain) >= 2:
        acc = dtype_of(plain[1])
        el = bt.elementType if isinstance(bt, T.ArrayType) else T.NullType()
        types: list[T.DataType] = [acc, el] if position == 2 else [acc]
    elif fname == "zip_with" and len(plain) >= 2:
        other = dtype_of(plain[1])
        types = [
            bt.elementType if isinstance(bt, T.ArrayType) else T.NullType(),
            other.elementType if isinstance(other, T.ArrayType) else T.NullType(),
        ]
    elif fname == "array_sort":  # the comparator gets two elements
        el = bt.elementType if isinstance(bt, T.ArrayType) else T.NullType()
        types = [el, el]
    elif fname == "map_zip_with" and len(plain) >= 2:
        types = map_zip_with_params(bt, dtype_of(plain[1]))
    elif isinstance(bt, T.ArrayType):
        types = [bt.elementType, T.IntegerType()]
    elif isinstance(bt, T.MapType):
        types = [bt.keyType, bt.valueType]
    else:
        types = [T.NullType(), T.NullType()]
    supplied = _LAMBDA_ARITY.get(fname)
    if fname in ("aggregate", "reduce"):
        supplied = 2 if position == 2 else 1
    elif fname in ("transform", "filter"):
        supplied = 2 if len(lam.params) == 2 else 1  # the index is passed only to a two-parameter lambda
    if supplied is not None and len(lam.params) != supplied:
        raise AnalysisException(
            "[INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH] Invalid lambda function call. A higher order "
            f"function expects {len(lam.params)} arguments, but got {supplied}. SQLSTATE: 42K0D",
            "INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH",
        )
    params = []
    for i, p in enumerate(lam.params):
        name = p.name if isinstance(p, (n.UnresolvedColumn, n.LambdaVar)) else str(p)
        params.append(n.LambdaVar(name, types[i] if i < len(types) else T.NullType(), nullable=nullable[i]))
    inner = Scope(scope.attrs, scope.case_sensitive, (*params, *scope.lambdas), scope.suggest)
    return n.Lambda(tuple(params), resolve(lam.body, inner))
