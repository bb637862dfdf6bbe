"""Miscellaneous functions: typeof and partition-aware ids."""

from __future__ import annotations

from engine import functions as F


def test_typeof_names_the_spark_type(values):
    assert values(F.typeof("xs"), xs=[[1]]) == ["array<bigint>"]


def test_monotonically_increasing_id_numbers_rows_of_partition_zero_from_zero(values):
    assert values(F.monotonically_increasing_id(), s=["a", "b", "c"]) == [0, 1, 2]
