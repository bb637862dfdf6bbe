"""Aggregates of ``F``: bitwise folds (bit_and/bit_or/bit_xor), first_value/last_value and the
linear-regression aggregates regr_* (arguments ``(y, x)``, as in PySpark)."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n
from engine.functions._build import agg

__all__ = [
    "bit_and", "bit_or", "bit_xor", "first_value", "last_value",
    "regr_count", "regr_avgx", "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy",
    "regr_slope", "regr_intercept", "regr_r2",
]  # fmt: skip


def bit_and(col: ColumnOrName) -> Column:
    """Bitwise AND of the non-null integral values of each group (null when there are none)."""
    return agg("bit_and", col)


def bit_or(col: ColumnOrName) -> Column:
    """Bitwise OR of the non-null integral values of each group (null when there are none)."""
    return agg("bit_or", col)


def bit_xor(col: ColumnOrName) -> Column:
    """Bitwise XOR of the non-null integral values of each group (null when there are none)."""
    return agg("bit_xor", col)


def _positional(name: str, col: ColumnOrName, ignoreNulls: bool | Column | None) -> Column:  # noqa: N803
    args = (to_expr(col),) if ignoreNulls is None else (to_expr(col), to_expr_or_lit(ignoreNulls))
    return Column(n.UnresolvedFunction(name, args))


def first_value(col: ColumnOrName, ignoreNulls: bool | Column | None = None) -> Column:  # noqa: N803
    """`first` under its SQL-standard name: the first value of each group (non-null with `ignoreNulls`)."""
    return _positional("first_value", col, ignoreNulls)


def last_value(col: ColumnOrName, ignoreNulls: bool | Column | None = None) -> Column:  # noqa: N803
    """`last` under its SQL-standard name: the last value of each group (non-null with `ignoreNulls`)."""
    return _positional("last_value", col, ignoreNulls)


def _regr(name: str):  # type: ignore[no-untyped-def]
    def builder(y: ColumnOrName, x: ColumnOrName) -> Column:
        return agg(name, y, x)

    builder.__name__ = name
    builder.__doc__ = f"``{name}(y, x)`` over the rows of each group where both y and x are non-null."
    return builder


regr_count, regr_avgx, regr_avgy = _regr("regr_count"), _regr("regr_avgx"), _regr("regr_avgy")
regr_sxx, regr_syy, regr_sxy = _regr("regr_sxx"), _regr("regr_syy"), _regr("regr_sxy")
regr_slope, regr_intercept, regr_r2 = _regr("regr_slope"), _regr("regr_intercept"), _regr("regr_r2")
