"""The data type and nullability of a resolved expression."""

from __future__ import annotations

from engine import types as T
from engine.expr import nodes as n
from engine.expr.nodes import Expr


def dtype_of(e: Expr) -> T.DataType:
    """The type of a resolved expression."""
    match e:
        case n.Attribute(dtype=d) | n.Literal(dtype=d) | n.Call(dtype=d) | n.AggCall(dtype=d):
            return d
        case n.CaseWhen(dtype=d) | n.UDFCall(dtype=d) | n.ScalarSubquery(dtype=d) | n.LambdaVar(dtype=d):
            return d
        case n.Cast(to=d):
            return d
        case n.Alias(child=c) | n.SortOrder(child=c):
            return dtype_of(c)
        case n.Lambda(body=b):
            return dtype_of(b)
        case n.WindowExpr(function=f, dtype=d):
            return d if d is not None else dtype_of(f)
        case _:
            raise TypeError(f"expression is not resolved: {e!r}")


def nullable_of(e: Expr) -> bool:
    """Whether a resolved expression can be null (conservative: True when unsure)."""
    match e:
        case n.Attribute(nullable=b) | n.Call(nullable=b):
            return b
        case n.Literal(value=v):
            return v is None
        case n.Alias(child=c) | n.SortOrder(child=c):
            return nullable_of(c)
        case n.Cast(child=c, safe=False, to=to):
            # Casting to a wider or string type never creates nulls.
            return nullable_of(c) or not isinstance(to, (T.StringType, T.LongType, T.DoubleType))
        case n.WindowExpr(function=f):
            return nullable_of(f)
        case n.AggCall(name=name):
            return name not in ("count", "count_if", "approx_count_distinct", "collect_list", "collect_set", "regr_count")
        case _:
            return True


def is_resolved(e: Expr) -> bool:
    from engine.expr.traverse import walk

    unresolved = (n.UnresolvedColumn, n.UnresolvedFunction, n.UnresolvedStar, n.UnresolvedExtract)
    return not any(isinstance(x, unresolved) for x in walk(e))
