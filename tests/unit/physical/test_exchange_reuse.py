"""Exchanges the planner skips because the data is already hashed by the keys an operator needs,
and the ones it must keep (a null-extended side of an outer join is not partitioned by its keys)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from engine import Window
from engine import functions as F
from engine.api.execution import physical_stages
from engine.physical import nodes as P

ORDERS = [(k, k % 7) for k in range(1, 41)]
ITEMS = [(k % 45 + 1, q) for k, q in enumerate(range(120))]
FLAGS = [(k, k % 3 == 0) for k in range(1, 60, 2)]


@pytest.fixture()
def shuffled(spark: Any) -> Iterator[Any]:
    """`spark` with broadcast joins off and three shuffle partitions, restored afterwards."""
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    spark.conf.set("spark.sql.shuffle.partitions", "3")
    try:
        yield spark
    finally:
        spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")
        spark.conf.unset("spark.sql.shuffle.partitions")


def frames(spark: Any) -> tuple[Any, Any, Any]:
    orders = spark.createDataFrame(ORDERS, ["k", "c"])
    items = spark.createDataFrame(ITEMS, ["k", "q"])
    flags = spark.createDataFrame(FLAGS, ["k", "f"])
    return orders, items, flags


def hash_exchanges(spark: Any, df: Any) -> int:
    _, stages = physical_stages(spark, df._plan)
    return sum(isinstance(s.output, P.HashOut) for s in stages)


def test_a_second_join_on_the_same_key_reads_the_first_joins_partitions(shuffled: Any) -> None:
    orders, items, flags = frames(shuffled)
    df = orders.join(items, "k").join(flags, "k")
    assert hash_exchanges(shuffled, df) == 3  # each input once; the joined rows are not shuffled again
    expected = sorted(
        (k, c, q, f) for k, c in ORDERS for k2, q in ITEMS if k2 == k for k3, f in FLAGS if k3 == k
    )
    assert sorted(tuple(r) for r in df.collect()) == expected


def test_an_aggregate_grouped_by_the_join_key_runs_where_the_join_ran(shuffled: Any) -> None:
    orders, items, _ = frames(shuffled)
    df = orders.join(items, "k").groupBy("k", "c").agg(F.sum("q").alias("total"))
    assert hash_exchanges(shuffled, df) == 2
    totals: dict[tuple[int, int], int] = {}
    for k, c in ORDERS:
        for k2, q in ITEMS:
            if k2 == k:
                totals[(k, c)] = totals.get((k, c), 0) + q
    assert sorted(tuple(r) for r in df.collect()) == sorted((k, c, t) for (k, c), t in totals.items())


def test_a_window_partitioned_by_the_join_key_needs_no_shuffle(shuffled: Any) -> None:
    orders, items, _ = frames(shuffled)
    w = Window.partitionBy("k").orderBy("q")
    df = orders.join(items, "k").select("k", "q", F.row_number().over(w).alias("n"))
    assert hash_exchanges(shuffled, df) == 2
    rows = df.collect()
    assert len(rows) == sum(1 for k, _ in ORDERS for k2, _ in ITEMS if k2 == k)
    for key in {r.k for r in rows}:
        assert sorted(r.n for r in rows if r.k == key) == list(range(1, sum(r.k == key for r in rows) + 1))


def test_the_null_extended_side_of_an_outer_join_is_shuffled_again(shuffled: Any) -> None:
    orders, items, _ = frames(shuffled)
    # items has keys 41..45 that no order has: a right join gives them a null orders.k
    df = orders.join(items, orders.k == items.k, "right").groupBy(orders.k).agg(F.count("*").alias("n"))
    assert hash_exchanges(shuffled, df) == 3
    got = {r[0]: r[1] for r in df.collect()}
    assert got[None] == sum(1 for k, _ in ITEMS if k > 40)
    assert sum(got.values()) == len(ITEMS)


def test_partitions_of_another_count_are_shuffled_to_the_join_count(shuffled: Any) -> None:
    orders, items, _ = frames(shuffled)
    left = orders.repartition(5, "k")
    df = left.join(items, "k")
    assert hash_exchanges(shuffled, df) == 3  # 5 partitions are not the join's 3
    assert df.count() == sum(1 for k, _ in ORDERS for k2, _ in ITEMS if k2 == k)
