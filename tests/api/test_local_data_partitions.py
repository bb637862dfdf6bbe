"""``createDataFrame`` cuts its rows into partitions as Spark does, so partition-dependent
answers (``monotonically_increasing_id``, ``rand(seed)``, ``spark_partition_id``) agree.

A list is parallelized into one partition per core, empty ones included, partition i holding
rows ``[i*n/k, (i+1)*n/k)`` (Spark's ParallelCollectionRDD); pandas and Arrow data get at most
one partition per row. Literal expectations were printed by PySpark 4.3 under ``local[2]``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from engine import Row
from engine import functions as F


def cores(spark):
    return spark.sparkContext.defaultParallelism


def test_a_list_fills_one_partition_per_core_with_the_later_ones_fuller(spark):
    k = cores(spark)
    parts = spark.createDataFrame([(i,) for i in range(5)], "a int").rdd.glom().collect()
    assert len(parts) == k
    assert [[r.a for r in p] for p in parts] == [list(range(i * 5 // k, (i + 1) * 5 // k)) for i in range(k)]


def test_a_short_list_leaves_leading_partitions_empty(spark):
    parts = spark.createDataFrame([(1,)], "a int").rdd.glom().collect()
    assert parts == [[]] * (cores(spark) - 1) + [[Row(a=1)]]  # PySpark 4.3 (local[2]): [[], [Row(a=1)]]
    assert spark.createDataFrame([], "a int").rdd.getNumPartitions() == cores(spark)


def test_pandas_data_gets_at_most_one_partition_per_row(spark):
    assert spark.createDataFrame(pd.DataFrame({"a": [1]})).rdd.glom().collect() == [[Row(a=1)]]
    parts = spark.createDataFrame(pd.DataFrame({"a": [1, 2, 3]})).rdd.glom().collect()
    assert len(parts) == min(3, cores(spark))


def test_partition_dependent_functions_agree_with_spark_on_two_cores(spark):
    if cores(spark) != 2:
        pytest.skip("the literals are PySpark 4.3's under local[2]")
    df = spark.createDataFrame([(i,) for i in range(5)], "a int")
    ids = [r[0] for r in df.select(F.monotonically_increasing_id()).collect()]
    assert ids == [0, 1, 8589934592, 8589934593, 8589934594]
    draws = [r[0] for r in df.select(F.rand(3)).collect()]
    expected = [0.25738143505962285, 0.6698885713796182, 0.9531453492357947, 0.06613556112256402, 0.144530390957615]
    assert draws == pytest.approx(expected, rel=1e-15)
