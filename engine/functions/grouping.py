"""``F.grouping`` and ``F.grouping_id`` for rollup/cube results."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["grouping", "grouping_id"]


def grouping(col: ColumnOrName) -> Column:
    """1 when `col` is aggregated away in this row's grouping set (a subtotal row), else 0."""
    return call("grouping", col)


def grouping_id(*cols: ColumnOrName) -> Column:
    """The bits of grouping() for `cols` (all grouping keys when none are given), first key highest."""
    return call("grouping_id", *cols)
