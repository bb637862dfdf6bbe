"""Regex search functions of ``F``: regexp_count, regexp_instr, regexp_substr."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n
from engine.functions._build import call

__all__ = ["regexp_count", "regexp_instr", "regexp_substr"]


def regexp_count(str: ColumnOrName, regexp: ColumnOrName) -> Column:  # noqa: A002
    """How many times the Java regex `regexp` matches `str` (strings name columns, as in PySpark)."""
    return call("regexp_count", str, regexp)


def regexp_instr(str: ColumnOrName, regexp: ColumnOrName, idx: int | Column | None = None) -> Column:  # noqa: A002
    """1-based position of the first match of `regexp` in `str`, 0 when there is none."""
    if idx is None:
        return call("regexp_instr", str, regexp)
    return Column(n.UnresolvedFunction("regexp_instr", (to_expr(str), to_expr(regexp), to_expr_or_lit(idx))))


def regexp_substr(str: ColumnOrName, regexp: ColumnOrName) -> Column:  # noqa: A002
    """The first substring of `str` matching `regexp`; null when nothing matches."""
    return call("regexp_substr", str, regexp)
