"""A NOT over conditions holding IN / EXISTS subqueries is pushed inward before the subqueries
are rewritten, as Spark simplifies them: ``NOT (a > 5 OR a IN (...))`` is ``a <= 5 AND a NOT IN
(...)``, a null-aware anti join, so a NULL on either side drops the row; a subquery's value in a
select list stays true or false (expected rows from PySpark 4.3 runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMP VIEW ng_s1 (a, b) AS VALUES (null, null), (5, 5), (8, 8), (11, 11)")
    spark.sql("CREATE OR REPLACE TEMP VIEW ng_s2 (c, d) AS VALUES (7, 7), (8, 8), (11, 11), (null, null)")
    yield spark
    spark.catalog.dropTempView("ng_s1")
    spark.catalog.dropTempView("ng_s2")


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("NOT (a NOT IN (SELECT c FROM ng_s2))", [(8, 8), (11, 11)]),
        ("NOT (a > 5 OR a IN (SELECT c FROM ng_s2))", []),
        ("NOT (a > 5 OR a NOT IN (SELECT c FROM ng_s2))", []),
        ("NOT (a > 5 AND a IN (SELECT c FROM ng_s2))", [(5, 5)]),
        ("NOT (a > 5 AND a NOT IN (SELECT c FROM ng_s2))", [(5, 5), (8, 8), (11, 11)]),
    ],
)
def test_a_negated_condition_with_subqueries(
    views: engine.SparkSession, condition: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(views, f"SELECT * FROM ng_s1 WHERE {condition} ORDER BY a") == expected


def test_in_and_not_in_as_select_values_are_never_null(views: engine.SparkSession) -> None:
    q = "SELECT a, a IN (SELECT c FROM ng_s2), a NOT IN (SELECT c FROM ng_s2) FROM ng_s1 ORDER BY a"
    assert rows(views, q) == [(None, False, False), (5, False, False), (8, True, False), (11, True, False)]
