"""Window functions over aggregates in one agg()/select(), with the answers PySpark 4 gives."""

from __future__ import annotations

import pytest

import engine
from engine import Window
from engine import functions as F


@pytest.fixture
def df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([("a", 1, 10), ("a", 2, 20), ("b", 1, 30), ("c", 2, 40)], ["k", "g", "v"])


def test_percent_of_total_in_one_agg(df: engine.DataFrame) -> None:
    out = df.groupBy("k").agg((F.sum("v") / F.sum(F.sum("v")).over(Window.partitionBy())).alias("pct"))
    assert sorted(tuple(r) for r in out.collect()) == [("a", 0.3), ("b", 0.3), ("c", 0.4)]


def test_rank_by_an_aggregate(df: engine.DataFrame) -> None:
    out = df.groupBy("k").agg(F.sum("v").alias("s"), F.rank().over(Window.orderBy(F.desc(F.sum("v")))).alias("r"))
    assert sorted(tuple(r) for r in out.collect()) == [("a", 30, 2), ("b", 30, 2), ("c", 40, 1)]


def test_window_partitioned_by_a_grouping_key(df: engine.DataFrame) -> None:
    out = df.groupBy("g", "k").agg(
        F.sum("v").alias("s"), F.sum(F.sum("v")).over(Window.partitionBy("g")).alias("gt")
    )
    assert sorted(tuple(r) for r in out.collect()) == [(1, "a", 10, 40), (1, "b", 30, 40), (2, "a", 20, 60), (2, "c", 40, 60)]


def test_global_aggregate_and_window_in_a_select_keep_sparks_names(df: engine.DataFrame) -> None:
    out = df.select(F.sum("v"), F.sum(F.sum("v")).over(Window.partitionBy()))
    assert out.columns == ["sum(v)", "sum(sum(v)) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"]
    assert [tuple(r) for r in out.collect()] == [(100, 100)]


def test_a_non_grouped_column_inside_the_window_is_still_an_error(df: engine.DataFrame) -> None:
    from engine.errors import AnalysisException

    with pytest.raises(AnalysisException, match="MISSING_AGGREGATION"):
        df.groupBy("k").agg(F.sum("v").over(Window.orderBy("g")))
