"""Bitmap functions of ``F``: bitmap_bucket_number, bitmap_bit_position, bitmap_count and the
aggregates bitmap_construct_agg, bitmap_or_agg, bitmap_and_agg (Spark's exact-count-distinct
building blocks: a value's bucket and bit in a 32768-bit bitmap)."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = [
    "bitmap_and_agg", "bitmap_bit_position", "bitmap_bucket_number", "bitmap_construct_agg", "bitmap_count",
    "bitmap_or_agg",
]  # fmt: skip


def bitmap_bucket_number(col: ColumnOrName) -> Column:
    """The bucket of a bigint: 1 for 1..32768, 2 for 32769..65536, 0 for 0..-32767, ..."""
    return call("bitmap_bucket_number", col)


def bitmap_bit_position(col: ColumnOrName) -> Column:
    """The bit of a bigint within its bucket's bitmap (0..32767)."""
    return call("bitmap_bit_position", col)


def bitmap_count(col: ColumnOrName) -> Column:
    """The number of bits set in a bitmap."""
    return call("bitmap_count", col)


def bitmap_construct_agg(col: ColumnOrName) -> Column:
    """A group's bit positions as a 4096-byte bitmap."""
    return call("bitmap_construct_agg", col)


def bitmap_or_agg(col: ColumnOrName) -> Column:
    """The bitwise OR of a group's bitmaps (4096 bytes)."""
    return call("bitmap_or_agg", col)


def bitmap_and_agg(col: ColumnOrName) -> Column:
    """The bitwise AND of a group's bitmaps (4096 bytes; all ones for a group without any)."""
    return call("bitmap_and_agg", col)
