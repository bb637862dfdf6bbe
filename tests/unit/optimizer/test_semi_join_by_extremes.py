"""EXISTS / NOT EXISTS with ``x != y`` beside the key equality (TPC-H q21's "another supplier
on the order") join each key's smallest and largest y instead of every row: the same rows,
nulls in keys, x and y included."""

from __future__ import annotations

from typing import Any

import pytest

from engine.api.execution import optimized_plan
from engine.logical import nodes as L

# (order, supplier, late): orders with one supplier, several, repeated ones, null suppliers,
# a null order key, and an order of null suppliers only
LINES = [
    (1, 10, True), (1, 10, False),
    (2, 10, True), (2, 20, False), (2, 30, True),
    (3, None, True), (3, 40, True),
    (4, None, True), (4, None, False),
    (None, 50, True), (None, 60, True),
    (5, 70, False),
    (6, 80, True), (6, 80, True), (6, 90, False),
]  # fmt: skip
PROBES = [
    (1, 10),
    (1, 11),
    (2, 20),
    (3, 40),
    (3, None),
    (4, 1),
    (None, 50),
    (5, 70),
    (6, 80),
    (6, 90),
    (7, 1),
]


@pytest.fixture()
def views(spark: Any) -> None:
    spark.createDataFrame(LINES, "o int, s int, late boolean").createOrReplaceTempView("lines")
    spark.createDataFrame(PROBES, "o int, s int").createOrReplaceTempView("probes")


QUERIES = {
    "exists": "SELECT o, s FROM probes p WHERE EXISTS (SELECT 1 FROM lines l WHERE l.o = p.o AND l.s <> p.s)",
    "not exists": "SELECT o, s FROM probes p WHERE NOT EXISTS (SELECT * FROM lines l WHERE l.o = p.o AND l.s != p.s)",
    "exists among late lines": (
        "SELECT o, s FROM probes p WHERE EXISTS (SELECT 1 FROM lines l WHERE l.late AND l.o = p.o AND l.s <> p.s)"
    ),
    "a computed key and y": (
        "SELECT o, s FROM probes p WHERE EXISTS (SELECT 1 FROM lines l WHERE l.o + 1 = p.o + 1 AND l.s * 2 <> p.s * 2)"
    ),
    "both": (
        "SELECT o, s FROM probes p WHERE EXISTS (SELECT 1 FROM lines l WHERE l.o = p.o AND l.s <> p.s) "
        "AND NOT EXISTS (SELECT 1 FROM lines l WHERE l.late AND l.o = p.o AND l.s <> p.s)"
    ),
}


def _rows(df: Any) -> list[tuple]:
    return sorted((tuple(r) for r in df.collect()), key=lambda r: tuple((v is None, v) for v in r))


def _joins(plan: L.LogicalPlan) -> list[L.Join]:
    found = [plan] if isinstance(plan, L.Join) else []
    return found + [j for k in L.children(plan) for j in _joins(k)]


@pytest.mark.parametrize("name", list(QUERIES))
def test_the_join_on_extremes_keeps_the_rows_every_row_join_keeps(spark: Any, views: None, name: str) -> None:
    df = spark.sql(QUERIES[name])
    semi = [j for j in _joins(optimized_plan(spark, df._plan)) if j.how in ("left_semi", "left_anti")]
    assert semi and all(isinstance(j.right, L.Aggregate) for j in semi)
    rewritten = _rows(df)
    spark.conf.set("spark.sql.optimizer.excludedRules", "semi_join_by_extremes")
    try:
        assert _rows(spark.sql(QUERIES[name])) == rewritten
    finally:
        spark.conf.unset("spark.sql.optimizer.excludedRules")


def test_exists_with_another_value_matches_what_spark_answers(spark: Any, views: None) -> None:
    assert _rows(spark.sql(QUERIES["exists"])) == [(1, 11), (2, 20), (6, 80), (6, 90)]
    assert _rows(spark.sql(QUERIES["not exists"])) == [
        (1, 10), (3, 40), (3, None), (4, 1), (5, 70), (7, 1), (None, 50)
    ]  # fmt: skip


def test_a_null_aware_not_in_is_left_alone(spark: Any, views: None) -> None:
    df = spark.sql("SELECT o, s FROM probes p WHERE s NOT IN (SELECT l.s FROM lines l WHERE l.o = p.o)")
    assert not any(isinstance(j.right, L.Aggregate) for j in _joins(optimized_plan(spark, df._plan)))
