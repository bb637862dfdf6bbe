"""Adaptive execution: a join side whose size rests on a guess (under a semi join or a
HAVING) runs first; the query is then planned knowing how many rows it kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from engine import functions as F


@pytest.fixture
def small_threshold(spark) -> Iterator[None]:
    """A 20 KB broadcast threshold, so test-sized tables are "large" to the planner."""
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "20000")
    yield
    spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")
    spark.conf.unset("spark.sql.adaptive.enabled")


def _orders_of_big_buyers(spark, having: int):
    """Per customer: order lines and quantity of the orders whose lines total over `having`."""
    orders = spark.range(0, 20_000).select(F.col("id").alias("o"), (F.col("id") % 100).alias("cust"))
    o = F.col("id") % 20_000
    qty = F.when(o < 30, 10).otherwise(F.col("id") % 3)  # orders 0..29 total 40, the others at most 6
    lines = spark.range(0, 80_000).select(o.alias("o"), qty.alias("qty"))
    big = lines.groupBy("o").agg(F.sum("qty").alias("total")).where(F.col("total") > having)
    chosen = orders.join(big, "o", "left_semi")
    return chosen.join(lines, "o").groupBy("cust").agg(F.count("*").alias("n"), F.sum("qty").alias("q"))


def _analyzed(df, capsys) -> str:
    df.explain("analyze")
    return capsys.readouterr().out


def _inner_join_line(plan: str) -> str:
    return next(line for line in plan.splitlines() if re.search(r"HashJoin .*\bInner\b", line))


def test_a_semi_join_side_that_keeps_few_rows_is_broadcast(spark, small_threshold, capsys):
    query = _orders_of_big_buyers(spark, having=32)
    spark.conf.set("spark.sql.adaptive.enabled", "false")
    expected = sorted(tuple(r) for r in query.collect())
    static_plan = _analyzed(query, capsys)
    spark.conf.set("spark.sql.adaptive.enabled", "true")
    assert sorted(tuple(r) for r in query.collect()) == expected
    assert 0 < len(expected) < 100
    assert "ShuffledHashJoin" in _inner_join_line(static_plan)
    assert "BroadcastHashJoin" in _inner_join_line(_analyzed(query, capsys))


def test_a_side_that_stays_large_is_shuffled_from_its_kept_partitions(spark, small_threshold, capsys):
    query = _orders_of_big_buyers(spark, having=0)  # every order qualifies
    spark.conf.set("spark.sql.adaptive.enabled", "false")
    expected = sorted(tuple(r) for r in query.collect())
    spark.conf.set("spark.sql.adaptive.enabled", "true")
    assert sorted(tuple(r) for r in query.collect()) == expected
    assert sum(n for _, n, _ in expected) == 80_000
    plan = _analyzed(query, capsys)
    assert "ShuffledHashJoin" in _inner_join_line(plan)
    assert "InMemoryTableScan" in plan  # the side that ran first is read, not computed again


def test_partitions_kept_for_one_query_are_released_when_it_ends(spark, small_threshold):
    before = set(spark._cache)
    _orders_of_big_buyers(spark, having=32).collect()
    assert set(spark._cache) == before
