"""Comparisons of an integral value with a decimal literal, rewritten as Spark's analyzer does.

Spark compares ``i > 1.5`` (i an integer) as ``i > 1``: the decimal literal becomes the whole
number that bounds the same integers, so the comparison needs no decimal cast, and the column
is named after the rewritten form (``(i > 1)``, ``(i >= 2)``, ``(1 < i)``). Equality keeps
its decimal (``(i = 1.5)``), as does a cast (``CAST(1.5 AS DECIMAL(5,2))`` is no literal).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from engine import types as T
from engine.expr import nodes as n
from engine.expr.nodes import Expr
from engine.expr.typing import dtype_of

# For ``integral OP literal``: whether the literal rounds up (ceil) or down (floor).
_ROUNDS_UP = {">": False, ">=": True, "<": True, "<=": False}
# ``literal OP integral`` is ``integral FLIPPED literal``.
_FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">="}
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


def round_decimal_bound(op: str, args: Sequence[Expr]) -> Sequence[Expr]:
    """`args` of comparison `op` with a decimal literal beside an integral operand replaced by
    its whole-number bound; any other arguments unchanged."""
    if op not in _ROUNDS_UP or len(args) != 2:
        return args
    left, right = args
    if _is_integral(left) and _is_decimal_literal(right):
        bound = _bound(right, _ROUNDS_UP[op])
        return args if bound is None else (left, bound)
    if _is_decimal_literal(left) and _is_integral(right):
        bound = _bound(left, _ROUNDS_UP[_FLIPPED[op]])
        return args if bound is None else (bound, right)
    return args


def _is_integral(e: Expr) -> bool:
    return T.is_integral(dtype_of(e))


def _is_decimal_literal(e: Expr) -> bool:
    return isinstance(e, n.Literal) and isinstance(e.dtype, T.DecimalType) and isinstance(e.value, Decimal)


def _bound(e: Expr, up: bool) -> n.Literal | None:
    """The literal's whole-number bound: an int, a bigint past int's range, None past bigint's."""
    assert isinstance(e, n.Literal)
    whole = math.ceil(e.value) if up else math.floor(e.value)
    if not _LONG_MIN <= whole <= _LONG_MAX:
        return None
    return n.Literal(whole, T.IntegerType() if _INT_MIN <= whole <= _INT_MAX else T.LongType())
