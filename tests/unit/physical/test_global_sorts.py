"""Global sorts: a small input is gathered into one partition and sorted there; a large one is
range-partitioned by bounds a sampling stage picks, as Spark does. Both give the same order."""

from __future__ import annotations

from typing import Any

from engine import functions as F
from engine.api.execution import physical_stages
from engine.physical import nodes as P


def outputs(spark: Any, df: Any) -> list[type]:
    _, stages = physical_stages(spark, df._plan)
    return [type(s.output) for s in stages]


def test_sorting_a_small_aggregate_gathers_it_into_one_partition_without_sampling(spark: Any) -> None:
    df = spark.range(0, 1_000, numPartitions=4).groupBy((F.col("id") % 7).alias("k")).count().orderBy(F.desc("k"))
    kinds = outputs(spark, df)
    assert P.SampleOut not in kinds and P.RangeOut not in kinds
    assert P.SingleOut in kinds
    assert [tuple(r) for r in df.collect()] == [(k, len(range(k, 1_000, 7))) for k in range(6, -1, -1)]
    spark.conf.set("engine.sql.sort.onePartitionBytes", "-1")
    try:
        assert P.RangeOut in outputs(spark, df)
        assert [r[0] for r in df.collect()] == list(range(6, -1, -1))
    finally:
        spark.conf.unset("engine.sql.sort.onePartitionBytes")


def test_sorting_a_large_input_range_partitions_it_by_sampled_bounds(spark: Any) -> None:
    df = spark.range(0, 3_000_000, numPartitions=4).orderBy(F.desc("id"))
    kinds = outputs(spark, df)
    assert P.SampleOut in kinds and P.RangeOut in kinds
    ids = df.toArrow().column("id").to_pylist()
    assert ids == list(range(2_999_999, -1, -1))
