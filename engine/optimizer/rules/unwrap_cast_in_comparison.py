"""Compares a column with a constant in the column's own type, not in a type it was widened to."""

from __future__ import annotations

import decimal
from dataclasses import replace
from decimal import Decimal

from engine import types as T
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Expr
from engine.expr.typing import dtype_of
from engine.logical.nodes import LogicalPlan
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import rewrite_expressions

_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<=>": "<=>"}
_INTEGRAL_DIGITS = {T.ByteType: 3, T.ShortType: 5, T.IntegerType: 10, T.LongType: 19}
_INTEGRAL_BOUNDS = {
    T.ByteType: (-(2**7), 2**7 - 1),
    T.ShortType: (-(2**15), 2**15 - 1),
    T.IntegerType: (-(2**31), 2**31 - 1),
    T.LongType: (-(2**63), 2**63 - 1),
}
_EXACT = decimal.Context(prec=80)


@node_rule()
def unwrap_cast_in_comparison(plan: LogicalPlan) -> LogicalPlan:
    """``CAST(x AS wider) op constant -> x op constant'``, the constant rounded into x's type.

    Before: ``Filter (cast(c_acctbal#6 as decimal(19,6)) > 5003.685765)``
    After:  ``Filter (c_acctbal#6 > 5003.68)``

    Type coercion widens a column to compare it with a constant of a wider type (a decimal of
    more digits, an int against a bigint); each row then pays a cast, and the scan cannot use
    the condition on row-group statistics. Where the cast is exact (an integer or decimal to
    an integer or decimal type holding every value of the column's), the comparison holds on
    the column's values exactly when it holds on the constant rounded to the column's step:
    ``x > 5003.685765`` iff ``x > 5003.68`` for x of two decimals, ``x >= 5003.685765`` iff
    ``x >= 5003.69``. An equality with a constant off the column's step, or a constant outside
    the column's range, is left as it is. Spark's UnwrapCastInBinaryComparison.
    """
    return rewrite_expressions(plan, _unwrap_all)


def _unwrap_all(e: Expr) -> Expr:
    if not any(isinstance(x, n.Cast) for x in tr.walk(e)):
        return e
    return tr.transform_up(e, _unwrap)


def _unwrap(e: Expr) -> Expr:
    if not (isinstance(e, n.Call) and e.name in _MIRRORED and len(e.args) == 2):
        return e
    left, right = e.args
    if isinstance(left, n.Cast) and isinstance(right, n.Literal):
        return _compared(e, e.name, left, right) or e
    if isinstance(right, n.Cast) and isinstance(left, n.Literal):
        return _compared(e, _MIRRORED[e.name], right, left) or e
    return e


def _compared(call: n.Call, op: str, cast: n.Cast, constant: n.Literal) -> Expr | None:
    """`call` as ``cast.child op constant'`` for ``cast op constant``, or None when it cannot be exact."""
    column = cast.child
    source, target = dtype_of(column), cast.to
    if cast.safe or constant.value is None or constant.dtype != target or not _widens(source, target):
        return None
    value = Decimal(constant.value) if not isinstance(constant.value, bool) else None
    if value is None or not value.is_finite():
        return None
    scale = source.scale if isinstance(source, T.DecimalType) else 0
    step = Decimal(1).scaleb(-scale)
    down = value.quantize(step, rounding=decimal.ROUND_FLOOR, context=_EXACT)
    up = value.quantize(step, rounding=decimal.ROUND_CEILING, context=_EXACT)
    if op in ("=", "<=>"):
        if down != value:
            return None
        rounded = down
    else:
        rounded = down if op in (">", "<=") else up
    if not _holds(source, rounded):
        return None
    literal = n.Literal(int(rounded) if isinstance(source, T.IntegralType) else rounded, source)
    return replace(call, args=(column, literal), name=op)


def _widens(source: T.DataType, target: T.DataType) -> bool:
    """Whether every value of `source` is a value of `target`, unchanged by the cast."""
    if isinstance(source, T.IntegralType):
        digits, scale = _INTEGRAL_DIGITS.get(type(source)), 0
    elif isinstance(source, T.DecimalType):
        digits, scale = source.precision - source.scale, source.scale
    else:
        return False
    if digits is None:
        return False
    if isinstance(target, T.IntegralType):
        bounds = _INTEGRAL_BOUNDS.get(type(target))
        own = _INTEGRAL_BOUNDS.get(type(source))
        return scale == 0 and bounds is not None and own is not None and bounds[0] <= own[0] and own[1] <= bounds[1]
    if isinstance(target, T.DecimalType):
        return target.scale >= scale and target.precision - target.scale >= digits
    return False


def _holds(source: T.DataType, value: Decimal) -> bool:
    """Whether `value` (already on `source`'s step) is a value of `source`."""
    if isinstance(source, T.IntegralType):
        low, high = _INTEGRAL_BOUNDS[type(source)]
        return low <= value <= high
    assert isinstance(source, T.DecimalType)
    return abs(value) < Decimal(10) ** (source.precision - source.scale)
