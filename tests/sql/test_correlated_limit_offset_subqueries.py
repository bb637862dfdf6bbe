"""Correlated subqueries under LIMIT k OFFSET m (with or without ORDER BY, under an aggregation
or a non-equality correlation): rows m + 1 to m + k of each outer row's matches, as Spark
rewrites them (expected rows from PySpark 4.3 runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMP VIEW lo_o (k, x) AS VALUES (1, 10), (2, 20), (3, 30), (NULL, 40)")
    spark.sql("CREATE OR REPLACE TEMP VIEW lo_i (k, v) AS VALUES (1, 'a'), (1, 'b'), (1, 'c'), (2, 'd'), (2, 'e'), (3, 'f')")
    yield spark
    spark.catalog.dropTempView("lo_o")
    spark.catalog.dropTempView("lo_i")


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        # k = 1 has three matches, k = 2 two, k = 3 one
        ("EXISTS (SELECT v FROM lo_i WHERE lo_i.k = lo_o.k ORDER BY v LIMIT 1 OFFSET 1)", [(1,), (2,)]),
        ("NOT EXISTS (SELECT v FROM lo_i WHERE lo_i.k = lo_o.k LIMIT 1 OFFSET 2)", [(None,), (2,), (3,)]),
        ("EXISTS (SELECT v FROM lo_i WHERE lo_i.k = lo_o.k OFFSET 1)", [(1,), (2,)]),
        ("EXISTS (SELECT v FROM lo_i WHERE lo_i.k <> lo_o.k LIMIT 1 OFFSET 3)", [(2,), (3,)]),
        ("EXISTS (SELECT max(v) FROM lo_i WHERE lo_i.k >= lo_o.k GROUP BY lo_i.k LIMIT 1 OFFSET 1)", [(1,), (2,)]),
    ],
)
def test_exists_over_a_correlated_limit_with_offset(
    views: engine.SparkSession, condition: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(views, f"SELECT k FROM lo_o WHERE {condition} ORDER BY k") == expected


def test_a_scalar_count_over_a_correlated_limit_with_offset(views: engine.SparkSession) -> None:
    q = (
        "SELECT k, (SELECT count(*) FROM (SELECT v FROM lo_i WHERE lo_i.k = lo_o.k ORDER BY v DESC LIMIT 2 OFFSET 1)) "
        "FROM lo_o ORDER BY k"
    )
    assert rows(views, q) == [(None, 0), (1, 2), (2, 1), (3, 0)]
