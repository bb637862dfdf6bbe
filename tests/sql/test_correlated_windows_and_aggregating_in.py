"""Correlated subqueries with window functions over their rows (the windows run per outer
row: the correlation keys join their partitioning) and IN over an aggregate correlated by a
non-equality (grouped by the outer values it reads), as Spark answers them (expected rows
from PySpark 4.3 runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW wi_o (a, b, c, d) AS VALUES "
        "(1, 10, 'x', 200), (2, 20, 'y', 1), (3, 30, 'z', 400), (4, NULL, 'w', 5), (NULL, 50, 'v', 6)"
    )
    spark.sql("CREATE OR REPLACE TEMP VIEW wi_i (a, b, d) AS VALUES (1, 5, 100), (1, 15, 200), (2, 25, 300), (3, NULL, 400), (5, 55, 500)")
    yield spark
    spark.catalog.dropTempView("wi_o")
    spark.catalog.dropTempView("wi_i")


def test_in_over_a_window_of_the_correlated_rows(views: engine.SparkSession) -> None:
    q = "SELECT a FROM wi_o WHERE d IN (SELECT max(wi_i.d) OVER (PARTITION BY wi_i.a) FROM wi_i WHERE wi_i.a = wi_o.a) ORDER BY a"
    assert rows(views, q) == [(1,), (3,)]
    q = "SELECT a FROM wi_o WHERE b IN (SELECT max(wi_i.b) OVER (PARTITION BY wi_i.a) FROM wi_i WHERE wi_i.a = wi_o.a)"
    assert rows(views, q) == []


def test_windows_numbered_per_outer_row(views: engine.SparkSession) -> None:
    q = (
        "SELECT a, (SELECT max(r) FROM (SELECT row_number() OVER (ORDER BY wi_i.b) r FROM wi_i WHERE wi_i.a = wi_o.a)) "
        "FROM wi_o ORDER BY a"
    )
    assert rows(views, q) == [(None, None), (1, 2), (2, 1), (3, 1), (4, None)]
    q = (
        "SELECT a, (SELECT sum(s) FROM (SELECT sum(wi_i.d) OVER (ORDER BY wi_i.b ROWS BETWEEN UNBOUNDED PRECEDING "
        "AND CURRENT ROW) s FROM wi_i WHERE wi_i.a = wi_o.a)) FROM wi_o ORDER BY a"
    )
    assert rows(views, q) == [(None, None), (1, 400), (2, 300), (3, 400), (4, None)]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("a IN (SELECT max(wi_i.a) FROM wi_i WHERE wi_i.b > wi_o.b)", []),
        ("a NOT IN (SELECT max(wi_i.a) FROM wi_i WHERE wi_i.b > wi_o.b)", [(1,), (2,), (3,)]),
        ("a IN (SELECT min(wi_i.a) FROM wi_i WHERE wi_i.b >= wi_o.b - 10)", [(1,)]),
        ("a IN (SELECT min(wi_i.a) FROM wi_i WHERE wi_i.b >= wi_o.b - 10 GROUP BY wi_i.d)", [(1,), (2,)]),
    ],
)
def test_in_over_an_aggregate_correlated_by_a_non_equality(
    views: engine.SparkSession, condition: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(views, f"SELECT a FROM wi_o WHERE {condition} ORDER BY a") == expected
