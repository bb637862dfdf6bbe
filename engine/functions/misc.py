"""Miscellaneous functions of ``F``: ids, partition ids, typeof, input_file_name."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["monotonically_increasing_id", "spark_partition_id", "input_file_name", "typeof"]


def monotonically_increasing_id() -> Column:
    """Unique, increasing (not consecutive) 64-bit ids: partition index << 33 plus row number."""
    return call("monotonically_increasing_id")


def spark_partition_id() -> Column:
    return call("spark_partition_id")


def input_file_name() -> Column:
    """The file the row was read from ('' when unknown)."""
    return call("input_file_name")


def typeof(col: ColumnOrName) -> Column:
    return call("typeof", col)
