"""Seeded sampling keeps the rows Spark keeps: ``sample``, ``randomSplit`` and ``sampleBy`` draw
from Spark's XORShiftRandom, one ``nextDouble()`` per row, seeded with ``seed + partition index``.

Expected rows were printed by PySpark 4.3 over the same data and the same partitions (every
frame here fixes its partition count, so the answer does not depend on the session's cores).
"""

from __future__ import annotations

from engine import functions as F


def ids(df, col="id"):
    return [r[col] for r in df.collect()]


def test_sample_without_replacement_keeps_sparks_rows_in_each_partition(spark):
    # PySpark 4.3: spark.range(0, 20, 1, 2).sample(0.3, 11)
    assert sorted(ids(spark.range(0, 20, 1, 2).sample(0.3, 11))) == [0, 1, 4, 7, 8, 13, 14, 16]


def test_sample_of_one_partition_with_keyword_arguments(spark):
    # PySpark 4.3: spark.range(0, 10, 1, 1).sample(fraction=0.5, seed=3) keeps ids 0, 4, 5, 8
    df = spark.range(0, 10, 1, 1)
    assert ids(df.sample(fraction=0.5, seed=3)) == [0, 4, 5, 8]
    assert df.sample(False, 0.5, 3).collect() == df.sample(fraction=0.5, seed=3).collect()


def test_sample_with_fraction_one_keeps_every_row(spark):
    assert spark.range(0, 5, 1, 1).sample(1.0, 2).count() == 5


def test_random_split_sorts_each_partition_before_drawing(spark):
    # the same values arriving in opposite orders are split alike, as Spark sorts every
    # partition by all its columns first; PySpark 4.3 gave [[0, 1, 5, 6, 8, 9], [2, 3, 4, 7]]
    desc = spark.range(0, 10, 1, 1).select((9 - F.col("id")).alias("v"))
    asc = spark.range(0, 10, 1, 1).select(F.col("id").alias("v"))
    expected = [[0, 1, 5, 6, 8, 9], [2, 3, 4, 7]]
    assert [sorted(ids(s, "v")) for s in desc.randomSplit([1.0, 2.0], 5)] == expected
    assert [sorted(ids(s, "v")) for s in asc.randomSplit([1.0, 2.0], 5)] == expected


def test_sample_by_draws_once_per_row_whatever_its_stratum(spark):
    # PySpark 4.3: range(0, 30, 1, 3) with k = id % 3, sampleBy("k", {0: 0.5, 1: 0.2}, seed=4)
    df = spark.range(0, 30, 1, 3).select("id", (F.col("id") % 3).alias("k"))
    assert sorted(ids(df.sampleBy("k", {0: 0.5, 1: 0.2}, seed=4))) == [1, 3, 4, 6, 10, 15, 18, 19]


def test_sample_by_drops_null_strata(spark):
    df = spark.createDataFrame([(None,), (1,), (None,)], "k int").coalesce(1)
    assert ids(df.sampleBy("k", {1: 1.0}, 3), "k") == [1]
