"""Subquery values (IN, EXISTS) inside larger select expressions answer and are named as in
PySpark 4 (values observed in PySpark runs): the subquery keeps its own name inside the
expression (``((a IN (listquery())) AND true)``, ``(NOT exists(a))``), and several IN tests
of one query each read the outer column, not a column of an earlier subquery of that name."""

from __future__ import annotations

import engine


def _views(spark: engine.SparkSession) -> None:
    spark.sql("CREATE OR REPLACE TEMP VIEW sq_t AS SELECT * FROM VALUES (1, 'a'), (2, NULL), (NULL, 'c') AS sq_t(a, s)")
    spark.sql("CREATE OR REPLACE TEMP VIEW sq_u AS SELECT * FROM VALUES (1, 10), (2, 20), (NULL, 30) AS sq_u(a, b)")


def _rows(df: engine.DataFrame) -> list[tuple]:
    return [tuple(r) for r in df.collect()]


def test_two_in_subqueries_read_the_outer_column(spark: engine.SparkSession) -> None:
    _views(spark)
    df = spark.sql("SELECT a, a IN (SELECT a FROM sq_u) AS x, a IN (SELECT b FROM sq_u) AS y FROM sq_t")
    assert _rows(df) == [(1, True, False), (2, True, False), (None, False, False)]
    df = spark.sql("SELECT a FROM sq_t WHERE a IN (SELECT a FROM sq_u) OR a IN (SELECT b FROM sq_u) ORDER BY a")
    assert _rows(df) == [(1,), (2,)]
    df = spark.sql("SELECT a, a IN (SELECT a FROM sq_u), a IN (SELECT a FROM sq_u) FROM sq_t")
    assert df.columns == ["a", "(a IN (listquery()))", "(a IN (listquery()))"]


def test_in_subquery_named_inside_an_expression(spark: engine.SparkSession) -> None:
    _views(spark)
    df = spark.sql("SELECT a, (a IN (SELECT a FROM sq_u)) AND true FROM sq_t")
    assert df.columns == ["a", "((a IN (listquery())) AND true)"]
    assert [f.nullable for f in df.schema.fields] == [True, True]
    assert _rows(df) == [(1, True), (2, True), (None, False)]
    df = spark.sql("SELECT a, CASE WHEN a IN (SELECT a FROM sq_u) THEN 'y' ELSE 'n' END FROM sq_t")
    assert df.columns == ["a", "CASE WHEN (a IN (listquery())) THEN y ELSE n END"]
    assert _rows(df) == [(1, "y"), (2, "y"), (None, "n")]


def test_exists_named_inside_an_expression(spark: engine.SparkSession) -> None:
    _views(spark)
    df = spark.sql("SELECT a, NOT EXISTS (SELECT 1 FROM sq_u WHERE sq_u.a = sq_t.a) FROM sq_t")
    assert df.columns == ["a", "(NOT exists(a))"]
    assert [f.nullable for f in df.schema.fields] == [True, False]
    assert _rows(df) == [(1, False), (2, False), (None, True)]
    df = spark.sql("SELECT a, if(EXISTS (SELECT 1 FROM sq_u WHERE sq_u.a = sq_t.a), 1, 0) FROM sq_t")
    assert df.columns == ["a", "(IF(exists(a), 1, 0))"]
    assert _rows(df) == [(1, 1), (2, 1), (None, 0)]
    df = spark.sql("SELECT a, EXISTS (SELECT 1 FROM sq_u WHERE sq_u.a = sq_t.a) OR a IS NULL FROM sq_t")
    assert df.columns == ["a", "(exists(a) OR (a IS NULL))"]
