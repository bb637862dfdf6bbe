"""Null-handling functions of ``F``: coalesce, isnull, nvl, nvl2, nullif, ifnull, equal_null."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["coalesce", "isnull", "isnotnull", "nvl", "nvl2", "nullif", "ifnull", "equal_null"]


def coalesce(*cols: ColumnOrName) -> Column:
    """The first non-null value among the columns."""
    return call("coalesce", *cols)


def isnull(col: ColumnOrName) -> Column:
    """True where col is null."""
    return call("isnull", col)


def isnotnull(col: ColumnOrName) -> Column:
    """True where col is not null."""
    return call("isnotnull", col)


def nvl(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """col2 where col1 is null, else col1."""
    return call("nvl", col1, col2)


def ifnull(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """col2 where col1 is null, else col1."""
    return call("ifnull", col1, col2)


def nvl2(col1: ColumnOrName, col2: ColumnOrName, col3: ColumnOrName) -> Column:
    """col2 where col1 is not null, else col3."""
    return call("nvl2", col1, col2, col3)


def nullif(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Null where col1 equals col2, else col1."""
    return call("nullif", col1, col2)


def equal_null(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Null-safe equality: true when both are null."""
    return call("equal_null", col1, col2)
