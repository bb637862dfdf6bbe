"""``describe``, ``summary`` and ``df.stat``: the statistics and their string formatting match Spark.

Expected tables were printed by PySpark 4 on the same data; numbers are re-derived with
Python's `statistics` / numpy where the data make them awkward to state by hand.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from apihelpers import shown, sorted_tuples, tuples

from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException, PySparkTypeError, PySparkValueError


@pytest.fixture(scope="module")
def mixed(spark):
    rows = [(1, 1.5, "a", True, "10"), (None, 2.5, None, None, "2"), (3, None, "c", False, "x"), (5, 3.5, "bb", True, None)]
    return spark.createDataFrame(rows, "i int, d double, s string, b boolean, n string")


def test_describe_covers_numeric_and_string_columns_as_strings(mixed):
    out = mixed.describe()
    assert out.columns == ["summary", "i", "d", "s", "n"]  # the boolean column is left out
    assert all(t == "string" for _, t in out.dtypes)
    assert shown(out) == (
        "+-------+---+---+----+-----------------+\n"
        "|summary|  i|  d|   s|                n|\n"
        "+-------+---+---+----+-----------------+\n"
        "|  count|  3|  3|   3|                3|\n"
        "|   mean|3.0|2.5|NULL|              6.0|\n"
        "| stddev|2.0|1.0|NULL|5.656854249492381|\n"
        "|    min|  1|1.5|   a|               10|\n"
        "|    max|  5|3.5|   c|                x|\n"
        "+-------+---+---+----+-----------------+\n"
        "\n"
    )
    # strings are averaged as doubles where they parse ("10", "2"; "x" is skipped)
    assert float(out.collect()[2]["n"]) == pytest.approx(statistics.stdev([10.0, 2.0]))


def test_describe_selected_columns_keeps_only_numeric_and_string_ones(mixed):
    assert tuples(mixed.describe("i", "b")) == [("count", "3"), ("mean", "3.0"), ("stddev", "2.0"), ("min", "1"), ("max", "5")]
    assert tuples(mixed.describe(["d"]))[0] == ("count", "3")


def test_describe_unknown_column_is_an_analysis_error(mixed):
    with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
        mixed.describe("nope")


def test_describe_of_an_empty_frame_and_of_one_row(spark):
    empty = spark.createDataFrame([], "i int, s string")
    assert tuples(empty.describe()) == [
        ("count", "0", "0"), ("mean", None, None), ("stddev", None, None), ("min", None, None), ("max", None, None),
    ]  # fmt: skip
    one = spark.createDataFrame([(1,)], "i long")
    assert tuples(one.describe()) == [("count", "1"), ("mean", "1.0"), ("stddev", None), ("min", "1"), ("max", "1")]


def test_describe_formats_large_and_small_doubles_like_java(spark):
    df = spark.createDataFrame([(1e10,), (1e-5,), (123456789.123,)], "x double")
    values = dict(tuples(df.describe()))
    assert values["min"] == "1.0E-5" and values["max"] == "1.0E10"
    assert float(values["mean"]) == pytest.approx(np.mean([1e10, 1e-5, 123456789.123]))
    assert "E9" in values["mean"] and "E9" in values["stddev"]


def test_describe_of_decimals_keeps_decimal_scale(spark):
    from decimal import Decimal

    df = spark.createDataFrame([(Decimal("1.10"),), (Decimal("2.20"),)], "x decimal(5,2)")
    values = dict(tuples(df.describe()))
    assert (values["count"], values["mean"], values["min"], values["max"]) == ("2", "1.650000", "1.10", "2.20")


def test_summary_adds_quartiles_by_nearest_rank(spark):
    df = spark.createDataFrame([(i,) for i in range(1, 11)], "x int")
    assert shown(df.summary()) == (
        "+-------+------------------+\n"
        "|summary|                 x|\n"
        "+-------+------------------+\n"
        "|  count|                10|\n"
        "|   mean|               5.5|\n"
        "| stddev|3.0276503540974917|\n"
        "|    min|                 1|\n"
        "|    25%|                 3|\n"
        "|    50%|                 5|\n"
        "|    75%|                 8|\n"
        "|    max|                10|\n"
        "+-------+------------------+\n"
        "\n"
    )


def test_summary_with_chosen_statistics(mixed):
    out = mixed.summary("count", "min", "50%", "count_distinct", "approx_count_distinct", "max")
    assert tuples(out.select("summary", "i", "s")) == [
        ("count", "3", "3"), ("min", "1", "a"), ("50%", "3", None),
        ("count_distinct", "3", "3"), ("approx_count_distinct", "3", "3"), ("max", "5", "c"),
    ]  # fmt: skip


def test_summary_rejects_unknown_statistics(mixed):
    with pytest.raises(IllegalArgumentException, match="UNRECOGNIZED_STATISTIC"):
        mixed.summary("foo")


@pytest.fixture(scope="module")
def pairs(spark):
    rows = [(1, 2.0, "a", "x"), (2, 4.1, "b", "y"), (3, 5.9, "a", "y"), (None, 1.0, "a", None), (5, None, None, "x")]
    return spark.createDataFrame(rows, "i int, d double, s string, t string")


def test_corr_and_cov_read_nulls_as_zero_like_spark(pairs):
    x = np.array([1, 2, 3, 0, 5.0])
    y = np.array([2.0, 4.1, 5.9, 1.0, 0.0])
    assert pairs.stat.corr("i", "d") == pytest.approx(np.corrcoef(x, y)[0, 1], rel=1e-9)
    assert pairs.corr("i", "d", "pearson") == pytest.approx(np.corrcoef(x, y)[0, 1], rel=1e-9)
    assert pairs.stat.cov("i", "d") == pytest.approx(np.cov(x, y)[0, 1], rel=1e-9)
    assert pairs.cov("i", "i") == pytest.approx(np.var(x, ddof=1), rel=1e-9)


def test_corr_and_cov_of_a_single_row(spark):
    one = spark.createDataFrame([(1, 2.0)], "a int, b double")
    assert math.isnan(one.stat.corr("a", "b"))
    assert one.stat.cov("a", "b") == 0.0


def test_corr_argument_errors(pairs):
    with pytest.raises(PySparkValueError, match="VALUE_NOT_ALLOWED"):
        pairs.stat.corr("i", "d", "spearman")
    with pytest.raises(IllegalArgumentException, match="correlation calculation for columns with dataType string"):
        pairs.stat.corr("i", "s")


def test_crosstab_counts_pairs_with_null_as_a_label(pairs):
    out = pairs.stat.crosstab("s", "t")
    assert out.columns == ["s_t", "null", "x", "y"]
    assert out.dtypes == [("s_t", "string"), ("null", "bigint"), ("x", "bigint"), ("y", "bigint")]
    assert sorted_tuples(out) == [("a", 1, 1, 1), ("b", 0, 0, 1), ("null", 0, 1, 0)]


def test_approx_quantile_exact_when_relative_error_is_zero(spark, pairs):
    assert pairs.stat.approxQuantile("i", [0.0, 0.25, 0.5, 0.75, 1.0], 0.0) == [1.0, 1.0, 2.0, 3.0, 5.0]
    assert spark.range(10).approxQuantile("id", [0.1, 0.25, 0.5, 0.9], 0.0) == [0.0, 2.0, 4.0, 8.0]
    assert pairs.approxQuantile(["i", "d"], [0.5], 0.01) == [[2.0], [2.0]]
    assert spark.range(0).approxQuantile("id", [0.5], 0.0) == []


def test_approx_quantile_over_many_partitions(spark):
    df = spark.range(0, 1000, numPartitions=50)
    ranks = [math.ceil(p * 1000) - 1 for p in (0.1, 0.5, 0.99)]  # the nearest-rank element (0-based)
    assert df.approxQuantile("id", [0.1, 0.5, 0.99], 0.0) == [float(r) for r in ranks]


def test_approx_quantile_argument_errors(pairs):
    with pytest.raises(PySparkTypeError, match="NOT_EXPECTED_TYPE"):
        pairs.approxQuantile("i", [1.5], 0.0)
    with pytest.raises(PySparkValueError, match="NEGATIVE_VALUE"):
        pairs.approxQuantile("i", [0.5], -1.0)
    with pytest.raises(IllegalArgumentException, match="Quantile calculation for column s"):
        pairs.approxQuantile("s", [0.5], 0.0)


def test_freq_items_lists_items_at_or_above_the_support(pairs):
    out = pairs.stat.freqItems(["s", "t"], 0.4)
    assert out.columns == ["s_freqItems", "t_freqItems"]
    row = out.collect()[0]
    assert row.s_freqItems == ["a"]
    assert sorted(row.t_freqItems) == ["x", "y"]
    everything = pairs.freqItems(["i"]).collect()[0].i_freqItems
    assert sorted(everything, key=lambda v: (v is not None, v)) == [None, 1, 2, 3, 5]


def test_sample_by_keeps_each_stratum_with_its_fraction(spark):
    df = spark.range(0, 3000, numPartitions=8).withColumn("k", F.col("id") % 3)
    sample = df.sampleBy("k", {0: 1.0, 1: 0.5}, seed=7)
    counts = dict(tuples(sample.groupBy("k").count()))
    assert counts[0] == 1000  # fraction 1 keeps every row
    assert 2 not in counts  # a stratum without a fraction is dropped
    assert 400 < counts[1] < 600
    assert sorted_tuples(sample) == sorted_tuples(df.sampleBy("k", {0: 1.0, 1: 0.5}, seed=7))  # seeded: repeatable
