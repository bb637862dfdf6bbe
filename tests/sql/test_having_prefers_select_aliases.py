"""HAVING reads a select alias before an input column of the same name, as Spark resolves it
against the aggregate's output first; inside an aggregate call the input column wins
(expected rows from PySpark 4 runs)."""

from __future__ import annotations

import engine

_T = "VALUES (1, 'a', 10L), (2, 'b', 20L), (3, NULL, NULL), (2, 'c', 30L) AS t(i, s, l)"


def _rows(spark: engine.SparkSession, query: str) -> list[tuple[object, ...]]:
    return sorted(tuple(r) for r in spark.sql(query).collect())


def test_alias_shadowing_a_column_in_having(spark: engine.SparkSession) -> None:
    assert _rows(spark, f"SELECT i, sum(l) AS s FROM {_T} GROUP BY i HAVING s > 10") == [(2, 50)]
    assert _rows(spark, f"SELECT i AS s FROM {_T} GROUP BY i HAVING s > 1") == [(2,), (3,)]


def test_alias_shadowing_a_column_in_having_without_group_by(spark: engine.SparkSession) -> None:
    assert _rows(spark, f"SELECT sum(l) AS s FROM {_T} HAVING s > 10") == [(60,)]
    assert _rows(spark, f"SELECT sum(l) AS i FROM {_T} HAVING i > 10") == [(60,)]
    assert _rows(spark, f"SELECT max(s) AS s FROM {_T} HAVING s = 'c'") == [("c",)]


def test_input_column_inside_an_aggregate_in_having(spark: engine.SparkSession) -> None:
    assert _rows(spark, f"SELECT i, sum(l) AS s FROM {_T} GROUP BY i HAVING max(s) = 'c'") == [(2, 50)]
    q = "SELECT i, sum(l) AS l FROM VALUES (1, 10L), (2, 20L) AS t(i, l) GROUP BY i HAVING max(l + 1) = 11"
    assert _rows(spark, q) == [(1, 10)]
