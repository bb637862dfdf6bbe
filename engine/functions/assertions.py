"""raise_error and assert_true of ``F``: fail the query with the user's message."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n

__all__ = ["raise_error", "assert_true"]


def raise_error(errMsg: Column | str) -> Column:  # noqa: N803
    """Fails with USER_RAISED_EXCEPTION and `errMsg` (a string is the message, not a column name)."""
    return Column(n.UnresolvedFunction("raise_error", (to_expr_or_lit(errMsg),)))


def assert_true(col: ColumnOrName, errMsg: Column | str | None = None) -> Column:  # noqa: N803
    """Null where `col` is true; otherwise fails with `errMsg` (default: ``'<col>' is not true!``)."""
    args = (to_expr(col),) if errMsg is None else (to_expr(col), to_expr_or_lit(errMsg))
    return Column(n.UnresolvedFunction("assert_true", args))
