"""Partition-dependent functions over frames with empty partitions (a short list spread over
the cores, a range over more partitions than rows): an empty partition gives no values, the
others keep their partition's numbering and random sequence.

Expected values were printed by PySpark 4.3.
"""

from __future__ import annotations

from engine import functions as F


def test_ids_and_draws_skip_the_empty_partitions(spark):
    out = spark.range(0, 2, 1, 4).select("id", F.monotonically_increasing_id(), F.rand(5))
    rows = [tuple(r) for r in out.collect()]
    # PySpark 4.3: rows 0 and 1 live in partitions 1 and 3
    assert [r[:2] for r in rows] == [(0, 8589934592), (1, 25769803776)]
    assert [r[2] for r in rows] == [0.07039836716341774, 0.4836508543933039]


def test_no_rows_give_no_random_values(spark):
    assert spark.range(0, 0, 1, 2).select(F.rand(1), F.uuid()).count() == 0


def test_a_nearest_join_over_small_lists(spark):
    users = spark.createDataFrame([(1, 10.0), (2, 20.0), (3, 30.0)], ["user_id", "score"])
    products = spark.createDataFrame([("A", 11.0), ("B", 22.0), ("C", 5.0)], ["product", "pscore"])
    best = users.nearestByJoin(products, -F.abs(users.score - products.pscore), 1, "exact", "similarity")
    assert [tuple(r) for r in best.select("user_id", "product").orderBy("user_id").collect()] == [
        (1, "A"), (2, "B"), (3, "B"),
    ]  # fmt: skip


def test_a_select_of_only_random_values_keeps_the_row_count(spark):
    # partition 0 of range(0, 1, 1, 2) is empty; it used to draw a row of its own
    out = spark.range(0, 1, 1, 2).select(F.rand(1), F.monotonically_increasing_id())
    assert out.count() == 1
    assert out.collect()[0][1] == 8589934592  # PySpark 4.3: the row is partition 1's first
