"""Number <-> text functions of ``F``: conv and try_to_number (to_number/to_char are in strings)."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call, call_mixed

__all__ = ["conv", "try_to_number"]


def conv(col: ColumnOrName, fromBase: int, toBase: int) -> Column:  # noqa: N803
    """`col`'s digits read in base `fromBase` and written in base `toBase` (negative: signed)."""
    return call_mixed("conv", (col,), fromBase, toBase)


def try_to_number(col: ColumnOrName, format: ColumnOrName) -> Column:  # noqa: A002
    """`to_number`, null instead of an error where `col` does not match `format`."""
    return call("try_to_number", col, format)
