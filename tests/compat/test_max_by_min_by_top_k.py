"""max_by/min_by with a third argument k (Spark 4.3) give an array of the values at the k
largest / smallest orderings, best first; rows whose ordering is null are skipped, a group with
none gives null, and k must be a constant in [1, 100000]. Expected values come from PySpark 4.3."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


def test_top_k_values_per_group_best_first(spark: engine.SparkSession) -> None:
    rows = [(1, "a", 2), (1, "b", 5), (1, "c", 3), (2, "d", 1), (2, "e", None)]
    df = spark.createDataFrame(rows, "g int, x string, y int")
    out = df.groupBy("g").agg(F.max_by("x", "y", 2), F.min_by("x", "y", 3)).orderBy("g")
    assert out.columns == ["g", "max_by(x, y, 2)", "min_by(x, y, 3)"]
    assert [tuple(r) for r in out.collect()] == [(1, ["b", "c"], ["a", "c", "b"]), (2, ["d"], ["d"])]


def test_null_values_are_kept_but_null_orderings_skipped(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 2), (3, None), (5, 1), (None, 7)], "x int, y int")
    out = df.agg(F.max_by("x", "y", 2), F.min_by("x", "y", 2))
    assert tuple(out.first()) == ([None, 1], [5, 1])


def test_a_group_without_rows_gives_null_and_the_type_is_an_array(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 2)], "x int, y int").where("x > 5")
    out = df.agg(F.max_by("x", "y", 2).alias("m"))
    assert out.schema["m"].dataType.simpleString() == "array<int>"
    assert out.first().m is None


def test_top_k_merges_partial_results_across_partitions(spark: engine.SparkSession) -> None:
    df = spark.range(0, 100, numPartitions=4).selectExpr("id x", "(id * 37) % 101 y")
    # y takes distinct values: the 3 largest, 100, 99 and 98, are at x = 30, 60 and 90
    assert df.agg(F.max_by("x", "y", 3)).first()[0] == [30, 60, 90]
    assert df.agg(F.min_by("x", "y", 2)).first()[0] == [0, 71]


def test_k_must_be_a_constant_between_1_and_100000(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 2, 1)], "x int, y int, k int")
    df.createOrReplaceTempView("max_by_k")
    with pytest.raises(AnalysisException, match=r"VALUE_OUT_OF_RANGE.*The `k` must be between \[1, 100000\]"):
        spark.sql("SELECT max_by(x, y, 100001) FROM max_by_k").collect()
    with pytest.raises(AnalysisException, match=r"NON_FOLDABLE_INPUT.*the input k should be a foldable int"):
        spark.sql("SELECT max_by(x, y, k) FROM max_by_k").collect()
    assert spark.sql("SELECT max_by(x, y, 1L) FROM max_by_k").columns == ["max_by(x, y, 1)"]
