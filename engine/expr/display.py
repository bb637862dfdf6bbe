"""Spark's names for unaliased expressions: ``(a + b)``, ``sum(v)``, ``CAST(x AS INT)``.

A column's name in a result is `sql_name(expr)`; implicit casts added by type coercion
are hidden, as in Spark.
"""

from __future__ import annotations

import datetime as dt
import decimal

from engine import types as T
from engine.expr import nodes as n
from engine.expr.nodes import Expr

BINARY_OPERATORS = {
    "+": "+", "-": "-", "*": "*", "/": "/", "%": "%", "div": "div",
    "=": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "<=>": "<=>",
    "and": "AND", "or": "OR", "&": "&", "|": "|", "^": "^", "||": "||",
}  # fmt: skip


def sql_name(e: Expr) -> str:
    """The column name Spark gives expression `e` when it has no alias."""
    match e:
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
        case n.Cast(child=c, implicit=True):
            return sql_name(c)
        case n.Cast(child=n.Attribute() | n.UnresolvedColumn() as c):
            return sql_name(c)  # Spark 4 keeps a cast column's own name
        case n.Cast(child=c, to=to, safe=safe):
            return f"{'TRY_CAST' if safe else 'CAST'}({sql_name(c)} AS {type_sql(to)})"
        case n.CaseWhen(branches=branches, otherwise=other):
            parts = [f"WHEN {sql_name(c)} THEN {sql_name(v)}" for c, v in branches]
            tail = f" ELSE {sql_name(other)}" if other is not None else ""
            return f"CASE {' '.join(parts)}{tail} END"
        case n.SortOrder(child=c, ascending=asc):
            nulls = "NULLS FIRST" if e.nulls_are_first else "NULLS LAST"
            return f"{sql_name(c)} {'ASC' if asc else 'DESC'} {nulls}"
        case n.WindowExpr(function=f, spec=spec):
            return f"{sql_name(f)} OVER ({window_spec_sql(spec)})"
        case n.UDFCall(name=name, args=args):
            return f"{name}({', '.join(sql_name(a) for a in args)})"
        case n.UnresolvedExtract(child=c, key=k):
            return f"{sql_name(c)}[{sql_name(k)}]"
        case n.Lambda(params=params, body=body):
            names = ", ".join(sql_name(p) for p in params)
            return f"lambdafunction({sql_name(body)}, {names})"
        case n.ScalarSubquery():
            return "scalarsubquery()"
        case n.UnresolvedFunction(name=name, args=args, distinct=distinct):
            return call_sql(name, [sql_name(a) for a in args], distinct)
        case n.AggCall(name=name, args=args, distinct=distinct):
            return call_sql(name, [sql_name(a) for a in args], distinct)
        case n.Call(name=name, args=args):
            return call_sql(name, [sql_name(a) for a in args], False)
        case _:
            return repr(e)


def call_sql(name: str, args: list[str], distinct: bool) -> str:
    """A call's name: operators infix in parentheses, functions as ``name(args)``."""
    from engine.expr.registry import lookup

    key = name.lower()
    if key in BINARY_OPERATORS and len(args) == 2:
        return f"({args[0]} {BINARY_OPERATORS[key]} {args[1]})"
    if key == "like" and len(args) == 2:
        return f"{args[0]} LIKE {args[1]}"
    if key == "rlike" and len(args) == 2:
        return f"RLIKE({args[0]}, {args[1]})"
    if key == "not" and len(args) == 1:
        return f"(NOT {args[0]})"
    fd = lookup(name)
    if fd is not None and fd.pretty is not None:
        return fd.pretty(name, args)
    prefix = "DISTINCT " if distinct else ""
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
        return repr(v) if v == v and v not in (float("inf"), float("-inf")) else str(v).upper()
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, dt.datetime):
        return f"TIMESTAMP '{v.isoformat(sep=' ')}'"
    if isinstance(v, dt.date):
        return f"DATE '{v.isoformat()}'"
    if isinstance(v, tuple):
        return "array(" + ", ".join(str(x) for x in v) + ")"
    return str(v)


def type_sql(dt_: T.DataType) -> str:
    return dt_.simpleString().upper()


def window_spec_sql(spec: n.WindowSpecDef) -> str:
    parts = []
    if spec.partition_by:
        parts.append("PARTITION BY " + ", ".join(sql_name(p) for p in spec.partition_by))
    if spec.order_by:
        parts.append("ORDER BY " + ", ".join(sql_name(o) for o in spec.order_by))
    if spec.frame is not None:
        parts.append(frame_sql(spec.frame))
    return " ".join(parts)


def frame_sql(f: n.Frame) -> str:
    def bound(v: int | float | None, start: bool) -> str:
        if v is None:
            return "UNBOUNDED PRECEDING" if start else "UNBOUNDED FOLLOWING"
        if v == 0:
            return "CURRENT ROW"
        return f"{-v} PRECEDING" if v < 0 else f"{v} FOLLOWING"

    kind = "ROWS" if f.kind == "rows" else "RANGE"
    return f"{kind} BETWEEN {bound(f.start, True)} AND {bound(f.end, False)}"
