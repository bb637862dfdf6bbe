"""cache, checkpoint and localCheckpoint: same rows, computed once, lineage cut."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine import functions as F
from engine.errors import SparkRuntimeException
from engine.logical import nodes as L


def _grouped(spark: engine.SparkSession) -> engine.DataFrame:
    return (
        spark.range(0, 1000, numPartitions=4)
        .groupBy((F.col("id") % 10).alias("k"))
        .agg(F.sum("id").alias("total"))
    )


def _rows(df: engine.DataFrame) -> list[tuple]:
    return sorted(tuple(r) for r in df.collect())


def _has_aggregate(plan: L.LogicalPlan) -> bool:
    return isinstance(plan, L.Aggregate) or any(_has_aggregate(c) for c in L.children(plan))


def test_checkpoint_writes_parquet_and_reads_it_back(spark: engine.SparkSession, tmp_path: Path) -> None:
    spark.sparkContext.setCheckpointDir(str(tmp_path))
    try:
        df = _grouped(spark)
        saved = df.checkpoint()
        assert _rows(saved) == _rows(df)
        assert _has_aggregate(df._plan) and not _has_aggregate(saved._plan)
        assert list(tmp_path.rglob("*.parquet"))
        assert _rows(saved.filter(F.col("k") < 3)) == [(0, 49500), (1, 49600), (2, 49700)]
    finally:
        spark.conf.unset("spark.checkpoint.dir")


def test_checkpoint_without_a_directory_says_how_to_set_one(spark: engine.SparkSession) -> None:
    with pytest.raises(SparkRuntimeException, match="setCheckpointDir"):
        _grouped(spark).checkpoint()


def test_local_checkpoint_keeps_blocks_and_reads_them_without_recomputing(spark: engine.SparkSession) -> None:
    df = _grouped(spark)
    expected = _rows(df)
    kept = df.localCheckpoint()
    assert spark.lastJobMetrics().stages == 2  # the aggregation ran once, here
    assert _rows(kept) == expected
    metrics = spark.lastJobMetrics()
    assert metrics.stages == 2 and metrics.tasks == kept.rdd.getNumPartitions()


def test_cache_is_computed_once_and_reused(spark: engine.SparkSession) -> None:
    df = _grouped(spark).cache()
    first = _rows(df)
    assert _rows(df) == first
    assert spark.lastJobMetrics().tasks == df.rdd.getNumPartitions()
    assert _rows(df.filter(F.col("k") == 1)) == [(1, 49600)]
    df.unpersist()
    assert _rows(df) == first
