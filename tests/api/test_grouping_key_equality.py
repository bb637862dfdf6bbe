"""Which keys are equal when grouping and counting distinct values, as in Spark: -0.0 is 0.0,
every NaN is one value whatever its sign or payload (Arrow's hashing goes by bits), and
structs and arrays are equal when their values are."""

from __future__ import annotations

import struct
from typing import Any

from engine import functions as F

NEGATIVE_NAN = struct.unpack("<d", struct.pack("<Q", 0xFFF8000000000000))[0]  # what 0.0 / 0.0 gives on x86
ROWS = [(1, float("nan")), (1, NEGATIVE_NAN), (1, 0.0), (1, -0.0), (2, 1.5), (2, None)]


def test_group_by_a_double_puts_zeros_together_and_nans_together(spark: Any) -> None:
    df = spark.createDataFrame(ROWS, ["k", "x"])
    counts = {("nan" if r.x != r.x else r.x): r["count"] for r in df.groupBy("x").count().collect()}
    assert counts == {0.0: 2, "nan": 2, 1.5: 1, None: 1}


def test_count_distinct_and_distinct_count_normalized_doubles(spark: Any) -> None:
    df = spark.createDataFrame(ROWS, ["k", "x"])
    assert sorted(tuple(r) for r in df.groupBy("k").agg(F.countDistinct("x")).collect()) == [(1, 2), (2, 1)]
    assert df.select("x").distinct().count() == 4
    assert df.dropDuplicates(["x"]).count() == 4
    assert df.agg(F.countDistinct("x")).collect()[0][0] == 3


def test_count_distinct_of_structs_and_arrays_counts_equal_values_once(spark: Any) -> None:
    df = spark.createDataFrame(
        [(1, (1, "a"), [1, 2]), (1, (1, "a"), [1, 2]), (1, (2, "a"), [2]), (1, None, None), (2, (1, None), [])],
        "k int, s struct<x:int,y:string>, a array<int>",
    )
    got = sorted(tuple(r) for r in df.groupBy("k").agg(F.countDistinct("s"), F.countDistinct("a")).collect())
    assert got == [(1, 2, 2), (2, 1, 1)]
    assert df.agg(F.countDistinct("s")).collect()[0][0] == 3
