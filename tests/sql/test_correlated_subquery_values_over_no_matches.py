"""A correlated scalar subquery gives an outer row without matching inner rows its value over no
rows, as Spark's count-bug handling does: ``count(*) + 1`` is 1 there, ``coalesce(sum(y), 0)`` 0,
``collect_list(y)`` empty, not the left join's null; a group its HAVING rejects reads null. The
value is typed nullable, a bare ``count(*)`` too. EXISTS on a non-equality correlation runs as a
value and inside OR. Expected answers are PySpark 4's, observed in runs of the same queries."""

from __future__ import annotations

from typing import Any

import pytest

import engine
from engine import functions as F


def _views(spark: engine.SparkSession) -> None:
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW nm_t1 AS SELECT * FROM VALUES (1, 10), (2, 20), (3, NULL), (NULL, 5) AS t(k, x)"
    )
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW nm_t2 AS SELECT * FROM VALUES (1, 100), (1, NULL), (2, 7), (NULL, 9) AS t(k, y)"
    )


def _rows(df: engine.DataFrame) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in df.collect()]


SELECTED = [
    ("count(*) + 1", [(None, 1), (1, 3), (2, 2), (3, 1)]),
    ("coalesce(sum(y), 0)", [(None, 0), (1, 100), (2, 7), (3, 0)]),
    ("count(*) * 2", [(None, 0), (1, 4), (2, 2), (3, 0)]),
    ("count(y) > 0", [(None, False), (1, True), (2, True), (3, False)]),
    (
        "CASE WHEN count(*) = 0 THEN 'none' ELSE 'some' END",
        [(None, "none"), (1, "some"), (2, "some"), (3, "none")],
    ),
    ("count(DISTINCT y) + count_if(y > 10)", [(None, 0), (1, 2), (2, 1), (3, 0)]),
    ("collect_list(y)", [(None, []), (1, [100]), (2, [7]), (3, [])]),
    ("max(y)", [(None, None), (1, 100), (2, 7), (3, None)]),
]


@pytest.mark.parametrize("value,rows", SELECTED)
def test_select_reads_the_value_over_no_rows(
    spark: engine.SparkSession, value: str, rows: list[tuple[Any, ...]]
) -> None:
    _views(spark)
    df = spark.sql(f"SELECT k, (SELECT {value} FROM nm_t2 WHERE nm_t2.k = nm_t1.k) c FROM nm_t1 ORDER BY k")
    assert _rows(df) == rows
    assert df.schema.fields[1].nullable


WHERE = [
    "(SELECT count(*) + 1 FROM nm_t2 WHERE nm_t2.k = nm_t1.k) = 1",
    "(SELECT coalesce(sum(y), 0) FROM nm_t2 WHERE nm_t2.k = nm_t1.k) = 0",
    "(SELECT count(y) > 0 FROM nm_t2 WHERE nm_t2.k = nm_t1.k) = false",
    "(SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 2 END FROM nm_t2 WHERE nm_t2.k = nm_t1.k) = 1",
]


@pytest.mark.parametrize("condition", WHERE)
def test_where_reads_the_value_over_no_rows(spark: engine.SparkSession, condition: str) -> None:
    _views(spark)
    assert _rows(spark.sql(f"SELECT k FROM nm_t1 WHERE {condition} ORDER BY k")) == [(None,), (3,)]


def test_non_equality_correlation_and_lateral_join(spark: engine.SparkSession) -> None:
    _views(spark)
    df = spark.sql(
        "SELECT k, (SELECT count(*) + 1 FROM nm_t2 WHERE nm_t2.y > nm_t1.x) c FROM nm_t1 ORDER BY k"
    )
    assert _rows(df) == [(None, 4), (1, 2), (2, 2), (3, 1)]
    df = spark.sql(
        "SELECT k, c FROM nm_t1, LATERAL (SELECT count(*) + 1 AS c FROM nm_t2 WHERE nm_t2.k = nm_t1.k) ORDER BY k"
    )
    assert _rows(df) == [(None, 1), (1, 3), (2, 2), (3, 1)]


def test_having_rejects_to_null(spark: engine.SparkSession) -> None:
    _views(spark)
    q = "SELECT k, (SELECT count(*) FROM nm_t2 WHERE nm_t2.k = nm_t1.k HAVING {}) c FROM nm_t1 ORDER BY k"
    assert _rows(spark.sql(q.format("count(*) > 1"))) == [(None, None), (1, 2), (2, None), (3, None)]
    assert _rows(spark.sql(q.format("count(*) < 2"))) == [(None, 0), (1, None), (2, 1), (3, 0)]
    assert _rows(spark.sql(q.format("sum(y) > 50"))) == [(None, None), (1, 2), (2, None), (3, None)]


def test_bare_count_is_nullable(spark: engine.SparkSession) -> None:
    _views(spark)
    df = spark.sql("SELECT k, (SELECT count(*) FROM nm_t2 WHERE nm_t2.k = nm_t1.k) c FROM nm_t1 ORDER BY k")
    assert [(f.name, f.nullable) for f in df.schema.fields] == [("k", True), ("c", True)]
    assert _rows(df) == [(None, 0), (1, 2), (2, 1), (3, 0)]


def test_dataframe_scalar_subquery(spark: engine.SparkSession) -> None:
    t1 = spark.createDataFrame([(1, 10), (2, 20), (3, None), (None, 5)], "k int, x int").alias("t1")
    t2 = spark.createDataFrame([(1, 100), (1, None), (2, 7), (None, 9)], "k int, y int").alias("t2")
    matches = t2.where(F.col("t2.k") == F.col("t1.k").outer())
    df = t1.select("k", matches.select(F.count("*") + 1).scalar().alias("c")).orderBy("k")
    assert _rows(df) == [(None, 1), (1, 3), (2, 2), (3, 1)]
    df = t1.where(matches.select(F.count("*") * 2).scalar() == 0).select("k").orderBy("k")
    assert _rows(df) == [(None,), (3,)]
    bigger = t2.where(F.col("t2.y") > F.col("t1.x").outer()).exists()
    df = t1.select("k", bigger.alias("e")).orderBy("k")
    assert [f.nullable for f in df.schema.fields] == [True, False]
    assert _rows(df) == [(None, True), (1, True), (2, True), (3, False)]


def test_exists_on_a_non_equality_correlation(spark: engine.SparkSession) -> None:
    _views(spark)
    df = spark.sql("SELECT k, EXISTS (SELECT 1 FROM nm_t2 WHERE nm_t2.y > nm_t1.x) e FROM nm_t1 ORDER BY k")
    assert [f.nullable for f in df.schema.fields] == [True, False]
    assert _rows(df) == [(None, True), (1, True), (2, True), (3, False)]
    df = spark.sql(
        "SELECT k, NOT EXISTS (SELECT 1 FROM nm_t2 WHERE nm_t2.y > nm_t1.x AND nm_t2.k = nm_t1.k) e FROM nm_t1 ORDER BY k"
    )
    assert _rows(df) == [(None, True), (1, False), (2, True), (3, True)]
    df = spark.sql(
        "SELECT k FROM nm_t1 WHERE EXISTS (SELECT 1 FROM nm_t2 WHERE nm_t2.y > nm_t1.x AND nm_t2.k = nm_t1.k) OR k = 3 "
        "ORDER BY k"
    )
    assert _rows(df) == [(1,), (3,)]
