"""A scalar subquery aggregating an ungrouped correlated aggregate: for an outer row without
matches the inner aggregate still gives one row (count 0), so ``sum(cnt)`` is 0 and
``count(*)`` 1, not null and 0 (Spark's count-bug handling; expected rows from PySpark 4.3)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW cb_o(a1, a2) AS VALUES (0, 1), (1, 2)")
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW cb_i(b1, b2) AS VALUES (0, 2), (0, 3)")
    yield spark
    spark.catalog.dropTempView("cb_o")
    spark.catalog.dropTempView("cb_i")


def _values(spark: engine.SparkSession, outer_aggregate: str, inner_aggregate: str) -> list[tuple[object, ...]]:
    inner = f"SELECT {inner_aggregate} FROM cb_i WHERE cb_o.a1 = cb_i.b1"
    return rows(spark, f"SELECT a1, (SELECT {outer_aggregate} FROM ({inner})) FROM cb_o ORDER BY a1")


def test_sum_of_a_correlated_count_is_zero_without_matches(views: engine.SparkSession) -> None:
    assert _values(views, "sum(cnt)", "count(*) cnt") == [(0, 2), (1, 0)]


def test_count_of_a_correlated_aggregate_counts_its_one_row(views: engine.SparkSession) -> None:
    assert _values(views, "count(*)", "count(*) cnt") == [(0, 1), (1, 1)]
    assert _values(views, "count(s)", "sum(b2) s") == [(0, 1), (1, 0)]


def test_expressions_over_the_one_row_read_its_values(views: engine.SparkSession) -> None:
    assert _values(views, "max(cnt) + 1", "count(*) cnt") == [(0, 3), (1, 1)]
    assert _values(views, "sum(s)", "sum(b2) s") == [(0, 5), (1, None)]


def test_an_aggregate_over_correlated_rows_sees_none_without_matches(views: engine.SparkSession) -> None:
    assert _values(views, "count(*)", "b2") == [(0, 2), (1, 0)]
