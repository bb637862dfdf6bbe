"""``F.collect_union``: the distinct elements of a group's arrays (Spark 4)."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["collect_union"]


def collect_union(col: ColumnOrName) -> Column:
    """The distinct non-null elements of the arrays in `col`, as collect_set collects values."""
    return call("collect_union", col)
