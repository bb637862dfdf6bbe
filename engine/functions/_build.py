"""Shared helpers for the builders in `engine.functions`."""

from __future__ import annotations

from typing import Any

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n


def call(name: str, *cols: ColumnOrName) -> Column:
    """``name(cols...)``; string arguments are column names, as in PySpark."""
    return Column(n.UnresolvedFunction(name, tuple(to_expr(c) for c in cols)))


def call_lit(name: str, *args: Any) -> Column:
    """``name(args...)`` where plain Python values become literals (Columns stay columns)."""
    return Column(n.UnresolvedFunction(name, tuple(to_expr_or_lit(a) for a in args)))


def call_mixed(name: str, cols: tuple[ColumnOrName, ...], *literals: Any) -> Column:
    """Column arguments (names allowed) followed by literal arguments."""
    exprs = tuple(to_expr(c) for c in cols) + tuple(to_expr_or_lit(a) for a in literals)
    return Column(n.UnresolvedFunction(name, exprs))


def agg(name: str, *cols: ColumnOrName, distinct: bool = False, ignore_nulls: bool = False) -> Column:
    """An aggregate call."""
    return Column(
        n.UnresolvedFunction(name, tuple(to_expr(c) for c in cols), distinct=distinct, ignore_nulls=ignore_nulls)
    )
