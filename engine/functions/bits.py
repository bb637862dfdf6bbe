"""Bit and zero/null functions of ``F``: bit_count, bit_get / getbit, nullifzero, zeroifnull."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["bit_count", "bit_get", "getbit", "nullifzero", "zeroifnull"]


def bit_count(col: ColumnOrName) -> Column:
    """The number of set bits of an integral (as a 64-bit long) or boolean value."""
    return call("bit_count", col)


def bit_get(col: ColumnOrName, pos: ColumnOrName) -> Column:
    """Bit `pos` (0 is the rightmost) of an integral value, as a tinyint 0 or 1."""
    return call("bit_get", col, pos)


def getbit(col: ColumnOrName, pos: ColumnOrName) -> Column:
    """`bit_get` under its other name (kept in column names)."""
    return call("getbit", col, pos)


def nullifzero(col: ColumnOrName) -> Column:
    """Null where `col` is 0, else `col`."""
    return call("nullifzero", col)


def zeroifnull(col: ColumnOrName) -> Column:
    """0 where `col` is null, else `col`."""
    return call("zeroifnull", col)
