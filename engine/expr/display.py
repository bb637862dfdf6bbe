"""Spark's names for unaliased expressions: ``(a + b)``, ``sum(v)``, ``CAST(x AS INT)``.

A column's name in a result is `sql_name(expr)`; implicit casts added by type coercion
are hidden, as in Spark.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re

from engine import types as T
from engine.expr import nodes as n
from engine.expr.interval_text import interval_sql
from engine.expr.nodes import Expr
from engine.types.java_text import java_double

BINARY_OPERATORS = {
    "+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "div": "div",
    "=": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "<=>": "<=>",
    "and": "AND", "or": "OR", "&": "&", "|": "|", "^": "^", "||": "||", "<<": "<<", ">>": ">>", ">>>": ">>>",
}  # fmt: skip


def sql_name(e: Expr) -> str:
    """The column name Spark gives expression `e` when it has no alias."""
    if isinstance(e, n.Alias):
        return e.name  # a resolved dotted path ``s.v`` as a whole column is named ``v``
    inner = e
    while isinstance(inner, n.Cast) and not inner.implicit:
        if inner.in_sql and isinstance(inner.child, n.Cast) and not inner.child.implicit:
            return expr_sql(e)  # SQL's CAST of a CAST is named in full; only a cast of a column keeps its name
        inner = inner.child
    if inner is not e and isinstance(inner, n.Alias) and _is_field(inner.child):
        # a resolved `p.t` is a named struct field, yet its cast is named CAST(p.t AS ...)
        return expr_sql(_replace_innermost(e, inner.child))
    if inner is not e and isinstance(inner, n.Alias):
        return inner.name  # Spark 4 keeps a cast column's own name, through a chain of casts
    if inner is not e and isinstance(inner, n.Attribute | n.UnresolvedColumn):
        # Spark 4 keeps a cast column's own name, through a chain of casts (only as a whole column)
        return expr_sql(inner)
    return expr_sql(e)


def _is_field(e: Expr) -> bool:
    """Whether `e` reads a struct field (what a dotted column path resolves to)."""
    return isinstance(e, n.Call) and e.name == "get_struct_field"


def _is_extraction(e: Expr) -> bool:
    """Whether `e` reads a nested value by name or key (struct field, array of structs' field, map value)."""
    return isinstance(e, n.Call) and e.name in ("get_struct_field", "get_array_struct_fields", "get_map_value")


def _replace_innermost(cast: Expr, child: Expr) -> Expr:
    """The chain of casts `cast` over `child` instead of its innermost operand."""
    if isinstance(cast, n.Cast) and not cast.implicit:
        return dataclasses.replace(cast, child=_replace_innermost(cast.child, child))
    return child


def in_value_sql(value: Expr) -> str:
    """The tested value of ``value IN (subquery)`` as Spark prints it: a tuple's struct with its
    field names quoted, ``named_struct('a', a, '_1', upper(s))``."""
    if isinstance(value, n.UnresolvedFunction | n.Call) and value.name == "named_struct":
        names, values = value.args[0::2], value.args[1::2]
        if all(isinstance(k, n.Literal) and isinstance(k.value, str) for k in names):
            pairs = [f"'{k.value}', {expr_sql(v)}" for k, v in zip(names, values)]  # type: ignore[union-attr]
            return f"named_struct({', '.join(pairs)})"
    return expr_sql(value)


def expr_sql(e: Expr) -> str:
    """How Spark prints `e` inside a column name: ``(a + b)``, ``CAST(k AS STRING)``."""
    match e:
        case n.Alias(child=child) if _is_extraction(child):
            # a dotted path ``s.v`` inside an expression is printed whole, as Spark names
            # ``F.col("s.v") + 1`` ``(s.v + 1)``; only a whole column is named ``v``
            return expr_sql(child)
        case n.Alias(child=child, name=name, shown=True):
            return f"{expr_sql(child)} AS {name}"  # a user's alias inside an expression: upper(w AS y)
        case n.Alias(name=name):
            return name
        case n.Attribute(name=name):
            return name
        case n.LambdaVar():
            return "namedlambdavariable()"
        case n.UnresolvedColumn(parts=parts):
            return parts[-1]
        case n.UnresolvedStar(qualifier=q):
            return f"{q}.*" if q else "*"
        case n.Literal():
            return literal_sql(e)
        case n.Cast(child=n.Literal(value=str() as text), to=T.StringType(collation=name), implicit=True) if (
            name != "UTF8_BINARY"
        ):
            return f"'{text}' collate {name}"  # a literal taking a collated operand's collation
        case n.Cast(child=c, implicit=True):
            return expr_sql(c)
        case n.Cast(child=n.Literal(value=str() as text), to=to, typed_literal=True):
            return typed_literal_sql(text, to)
        case n.Cast(child=c, to=T.ArrayType() | T.MapType() | T.StructType()):
            return expr_sql(c)  # as Spark's Cast.sql: a cast to a complex type is named as its input
        case n.Cast(child=c, to=to, safe=safe):
            return f"{'TRY_CAST' if safe else 'CAST'}({expr_sql(c)} AS {type_sql(to)})"
        case n.CaseWhen(branches=branches, otherwise=other):
            parts = [f"WHEN {expr_sql(c)} THEN {expr_sql(v)}" for c, v in branches]
            tail = f" ELSE {expr_sql(other)}" if other is not None else ""
            return f"CASE {' '.join(parts)}{tail} END"
        case n.SortOrder(child=c, ascending=asc):
            nulls = "NULLS FIRST" if e.nulls_are_first else "NULLS LAST"
            return f"{expr_sql(c)} {'ASC' if asc else 'DESC'} {nulls}"
        case n.WindowExpr(function=f, spec=spec):
            return window_sql(f, spec)
        case n.UDFCall(name=name, args=args):
            return f"{name}({', '.join(expr_sql(a) for a in args)})"
        case n.UnresolvedExtract(child=c, key=k):
            return f"{expr_sql(c)}[{expr_sql(k)}]"
        case n.Lambda(params=params, body=body):
            names = ", ".join(expr_sql(p) for p in params)
            return f"lambdafunction({expr_sql(body)}, {names})"
        case n.ScalarSubquery():
            return "scalarsubquery()"
        case n.CorrelatedSubquery(kind="in", value=value) if value is not None:
            return f"({in_value_sql(value)} IN (listquery()))"
        case n.CorrelatedSubquery(kind=kind):
            return "scalarsubquery()" if kind == "scalar" else "exists()"
        case n.OuterRef(child=c):
            return expr_sql(c)
        case n.UnresolvedFunction(name="with_field" | "drop_fields") | n.Call(name="with_field" | "drop_fields"):
            return _update_fields_sql(e)
        case n.UnresolvedFunction(name=name, args=args, distinct=distinct):
            return call_sql(name, [expr_sql(a) for a in args], distinct)
        case n.AggCall(name="max_by" | "min_by" as name, args=(x, n.Call(name="collation_key", args=(k, *_)))) if (
            k == x
        ):
            return call_sql(name[:3], [expr_sql(x)], e.distinct)  # max of a collated string, by its key
        case n.AggCall(name=name, args=args, distinct=distinct, filter=where):
            text = call_sql(name, [expr_sql(a) for a in args], distinct)
            return text if where is None else f"{text} FILTER (WHERE {expr_sql(where)})"
        case n.Call(name="+" | "-" as op, args=(left, right)) if _is_time_arithmetic(left, right):
            return _time_arithmetic_sql(op, left, right)
        case n.Call(name="+" | "-" as op, args=(left, right)) if _is_date_plus_days(left, right):
            date, days = (right, left) if op == "+" and _is_date(right) else (left, right)
            return f"{'date_add' if op == '+' else 'date_sub'}({expr_sql(date)}, {expr_sql(days)})"
        case n.Call(name="struct", args=args) | n.UnresolvedFunction(name="struct", args=args):
            fields = [
                f"{expr_sql(a.child)} AS {a.name}" if isinstance(a, n.Alias) and not _is_extraction(a.child) else expr_sql(a)
                for a in args
            ]
            return f"struct({', '.join(fields)})"  # Spark shows a field's alias: struct(1 AS a)
        case n.Call(name="get_array_item" | "get_map_value", args=(c, k)):
            return f"{expr_sql(c)}[{expr_sql(k)}]"
        case n.Call(name="get_struct_field" | "get_array_struct_fields", args=(c, n.Literal(value=field))):
            return f"{expr_sql(c)}.{field}"
        case n.Call(name="like" | "rlike" | "regexp" | "regexp_like" as name, args=(c, *rest)):
            return call_sql(name, [expr_sql(_unkeyed(a)) for a in (c, *rest)], False)  # the pattern stays bare
        case n.Call(name="collation_key", args=(key, n.Literal(value=collation), *_)):
            # a collated operand is shown as written; a literal one as Spark's collated literal
            plain = _unkeyed(key)
            if isinstance(plain, n.Literal) and isinstance(plain.value, str):
                return f"'{plain.value}' collate {collation}"
            return expr_sql(key)
        case n.Call(name=name, args=args):
            return call_sql(name, [expr_sql(a) for a in args], False)
        case _:
            return repr(e)


def _unkeyed(e: Expr) -> Expr:
    """`e` without the collation key and implicit casts the resolver wrapped it in."""
    while True:
        if isinstance(e, n.Call) and e.name == "collation_key":
            e = e.args[0]
        elif isinstance(e, n.Cast) and e.implicit:
            e = e.child
        else:
            return e


def _update_fields_sql(e: Expr) -> str:
    """Spark's one name for a chain of withField/dropFields: ``update_fields(p, WithField(3), dropfield())``.

    Spark folds each further withField or dropFields on the same struct into one UpdateFields,
    and prints a WithField by its value alone and a dropped field as ``dropfield()``.
    """
    ops: list[str] = []
    while isinstance(e, n.UnresolvedFunction | n.Call) and e.name in ("with_field", "drop_fields"):
        struct, *rest = e.args
        if e.name == "with_field":
            ops.insert(0, f"WithField({expr_sql(rest[1])})")
        else:
            ops[:0] = ["dropfield()"] * len(rest)
        e = struct
    return f"update_fields({expr_sql(e)}, {', '.join(ops)})"


def call_sql(name: str, args: list[str], distinct: bool) -> str:
    """A call's name: operators infix in parentheses, functions as ``name(args)``."""
    from engine.expr.registry import lookup

    key = name.lower()
    if key in ("!=", "<>") and len(args) == 2:  # Spark parses both as NOT(=) and names them so
        return f"(NOT ({args[0]} = {args[1]}))"
    if key in BINARY_OPERATORS and len(args) == 2:
        return f"({args[0]} {BINARY_OPERATORS[key]} {args[1]})"
    if key == "like" and len(args) == 2:
        return f"{args[0]} LIKE {args[1]}"
    if key == "like" and len(args) == 3:  # Spark quotes the escape character
        return f"{args[0]} LIKE {args[1]} ESCAPE '{args[2]}'"
    if key == "ilike" and len(args) == 3:  # and leaves it out of ilike's name
        return f"ilike({args[0]}, {args[1]})"
    if key == "rlike" and len(args) == 2:
        return f"RLIKE({args[0]}, {args[1]})"
    if key == "not" and len(args) == 1:
        return f"(NOT {args[0]})"
    fd = lookup(name)
    prefix = "DISTINCT " if distinct else ""
    if fd is not None and fd.pretty is not None:
        return fd.pretty(name, [prefix + args[0], *args[1:]] if args else args)
    return f"{name}({prefix}{', '.join(args)})"


def literal_sql(e: n.Literal) -> str:
    """How Spark prints a literal inside a column name (strings bare, as Spark does)."""
    v = e.value
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(e.dtype, T.LongType) and isinstance(v, int):
        return f"{v}L" if -(2**31) <= v < 2**31 else str(v)
    if isinstance(v, float):
        return java_double(v)
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(e.dtype, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        return interval_sql(v, e.dtype)
    if isinstance(v, dt.datetime):
        return f"TIMESTAMP '{v.isoformat(sep=' ')}'"
    if isinstance(v, dt.time):
        return f"TIME '{time_text(v)}'"
    if isinstance(v, dt.date):
        return f"DATE '{v.isoformat()}'"
    if isinstance(v, (bytes, bytearray)):
        return "X'" + bytes(v).hex().upper() + "'"
    if isinstance(v, tuple):
        return "array(" + ", ".join(str(x) for x in v) + ")"
    return str(v)


def time_text(v: dt.time) -> str:
    """A time of day as Spark prints it: ``12:34:56``, ``00:00:17.5``."""
    fraction = f"{v.microsecond:06d}".rstrip("0")
    return f"{v:%H:%M:%S}" + (f".{fraction}" if fraction else "")


def typed_literal_sql(text: str, to: T.DataType) -> str:
    """How Spark names a typed SQL literal: ``TIMESTAMP '2020-01-01 00:00:00'`` (the text read
    and printed back in full), ``1L`` as ``1``, ``1.5D`` as ``1.5``, ``1e20D`` as ``1.0E20``."""
    if isinstance(to, (T.TimestampType, T.TimestampNTZType)):
        keyword = "TIMESTAMP_NTZ" if isinstance(to, T.TimestampNTZType) else "TIMESTAMP"
        value = _timestamp_text(text.strip())
        if value is None:
            return f"{keyword} '{text}'"
        fraction = f"{value.microsecond:06d}".rstrip("0")
        return f"{keyword} '{value:%Y-%m-%d %H:%M:%S}{'.' + fraction if fraction else ''}'"
    if isinstance(to, (T.DoubleType, T.FloatType)):
        return java_double(float(text))
    return text


# ``yyyy[-m[m][-d[d]][ T][h]h[:[m]m[:[s]s[.f]]]]``: the zone-less timestamp texts Spark reads
_TIMESTAMP_TEXT = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T](\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?)?)?)?"
)


def _timestamp_text(text: str) -> dt.datetime | None:
    """The value of a zone-less timestamp text (``2024-01-01 1:2:3`` is 01:02:03), else None."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    m = _TIMESTAMP_TEXT.fullmatch(text)
    if m is None:
        return None
    year, month, day, hour, minute, second, fraction = m.groups()
    try:
        return dt.datetime(
            int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0),
            int((fraction or "0").ljust(6, "0")),
        )  # fmt: skip
    except ValueError:
        return None


def type_sql(dt_: T.DataType) -> str:
    return dt_.simpleString().upper()


# Ranking functions Spark prints in capitals, and the window functions whose default frame is
# ROWS (the others, aggregates and first_value/nth_value/cume_dist, default to RANGE).
UPPER_RANKING = frozenset({"rank", "dense_rank", "percent_rank"})
_ROWS_DEFAULT = UPPER_RANKING | {"row_number", "ntile", "counter_diff"}


def window_sql(f: Expr, spec: n.WindowSpecDef) -> str:
    """``RANK() OVER (... ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)``: Spark prints the
    frame it runs (the default one when none is given); ``lag(v)`` reads ``lag(v, 1, NULL)``."""
    name = f.name.lower() if isinstance(f, (n.Call, n.AggCall, n.UnresolvedFunction)) else ""
    frame = spec.frame
    text = expr_sql(f)
    if name in ("lag", "lead") and isinstance(f, (n.Call, n.UnresolvedFunction)):
        args = [expr_sql(a) for a in f.args[:3]] + ["1", "NULL"][len(f.args[:3]) - 1 :]
        text = f"{name}({', '.join(args)})"
        offset = f.args[1].value if len(f.args) > 1 and isinstance(f.args[1], n.Literal) else 1
        offset = -offset if name == "lag" else offset
        frame = n.Frame("rows", offset, offset)
    elif name in UPPER_RANKING:
        text = text.upper()
    if frame is None:
        if name in _ROWS_DEFAULT:
            frame = n.Frame("rows", None, 0)
        else:
            frame = n.Frame("range", None, 0) if spec.order_by else n.Frame("rows", None, None)
    body = " ".join(p for p in (window_spec_sql(spec), frame_sql(frame, _casts_int_offsets(spec))) if p)
    return f"{text} OVER ({body})"


def _casts_int_offsets(spec: n.WindowSpecDef) -> bool:
    """Whether a RANGE frame's whole-number offsets are cast to the ORDER BY key's type (a key
    that is not an int), which makes Spark print ``5 PRECEDING`` as ``(- 5) FOLLOWING``."""
    from engine.expr.typing import dtype_of

    if len(spec.order_by) != 1:
        return False
    key = spec.order_by[0]
    try:
        key_type = dtype_of(key.child if isinstance(key, n.SortOrder) else key)
    except Exception:  # an unresolved key: named before resolution, as written
        return False
    return T.is_numeric(key_type) and not isinstance(key_type, T.IntegerType)


def window_spec_sql(spec: n.WindowSpecDef) -> str:
    """``PARTITION BY ... ORDER BY ...`` of a window (its frame is printed by `window_sql`)."""
    parts = []
    if spec.partition_by:
        parts.append("PARTITION BY " + ", ".join(expr_sql(p) for p in spec.partition_by))
    if spec.order_by:
        parts.append("ORDER BY " + ", ".join(expr_sql(o) for o in spec.order_by))
    return " ".join(parts)


def frame_sql(f: n.Frame, cast_offsets: bool = False) -> str:
    """Offsets written in SQL as ``n PRECEDING`` print so; the DataFrame API's negative
    offsets (``rowsBetween(-1, 1)``) and lag's print as ``-1 FOLLOWING``, as in Spark.
    `cast_offsets`: a RANGE over a key of another numeric type than int, where Spark casts
    ``5 PRECEDING`` and prints it ``(- 5) FOLLOWING``."""

    def bound(v: int | float | n.Literal | None, start: bool) -> str:
        if v is None:
            return "UNBOUNDED PRECEDING" if start else "UNBOUNDED FOLLOWING"
        if isinstance(v, n.Literal):  # an interval offset, negative when PRECEDING
            negative = v.value < (0 if isinstance(v.value, int) else dt.timedelta(0))
            shown = literal_sql(n.Literal(-v.value if negative else v.value, v.dtype))
            return f"{shown} {'PRECEDING' if negative else 'FOLLOWING'}"
        if v != v:  # a NaN offset ('NaN' FOLLOWING), as Java prints it
            return "NaN FOLLOWING"
        if v == 0:
            return "CURRENT ROW"
        if v < 0 and f.sql_preceding:  # a RANGE's decimal keeps its minus: ``(- 1.5) FOLLOWING``
            cast = isinstance(v, float) or cast_offsets
            return f"(- {-v}) FOLLOWING" if cast and f.kind == "range" else f"{-v} PRECEDING"
        return f"{v} FOLLOWING"

    kind = "ROWS" if f.kind == "rows" else "RANGE"
    return f"{kind} BETWEEN {bound(f.start, True)} AND {bound(f.end, False)}"


def _is_time_arithmetic(left: Expr, right: Expr) -> bool:
    from engine.expr.typing import dtype_of

    types = [dtype_of(x) for x in (left, right)]
    return any(isinstance(t, _INTERVALS) for t in types) and any(isinstance(t, _TIMES) for t in types)


def _is_date(e: Expr) -> bool:
    from engine.expr.typing import dtype_of

    return isinstance(dtype_of(e), T.DateType)


def _is_date_plus_days(left: Expr, right: Expr) -> bool:
    """``d + 1`` / ``d - 1`` / ``1 + d``: a date and whole days, which Spark names
    ``date_add(d, 1)`` / ``date_sub(d, 1)``."""
    from engine.expr.typing import dtype_of

    types = [dtype_of(x) for x in (left, right)]
    return any(isinstance(t, T.DateType) for t in types) and any(T.is_integral(t) for t in types)


def _time_arithmetic_sql(op: str, left: Expr, right: Expr) -> str:
    """``d + INTERVAL '1' MONTH`` (no parentheses); a date plus whole days is Spark's
    ``date_add(d, extractansiintervaldays(INTERVAL '1' DAY))``."""
    from engine.expr.typing import dtype_of

    time, interval = (right, left) if isinstance(dtype_of(left), _INTERVALS) else (left, right)
    it = dtype_of(interval)
    if isinstance(dtype_of(time), T.DateType) and isinstance(it, T.DayTimeIntervalType) and it.endField == it.DAY:
        days = f"extractansiintervaldays({expr_sql(interval)})"
        return f"date_add({expr_sql(time)}, {days if op == '+' else f'(- {days})'})"
    return f"{expr_sql(time)} {op} {expr_sql(interval)}"


_INTERVALS = (T.DayTimeIntervalType, T.YearMonthIntervalType)
_TIMES = (T.DateType, T.TimestampType, T.TimestampNTZType)
