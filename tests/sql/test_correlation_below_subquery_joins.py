"""Outer columns read below a join inside a subquery, as Spark decorrelates them: an inner
join's correlated predicates (in its ON or its inputs' WHERE) are pulled above it, and a LEFT
JOIN whose ON reads outer columns runs once per distinct outer value (a domain join, whose
null value matches through a null-safe semi join). Expected rows from PySpark 4.3 runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMP VIEW bj_o (a, b) AS VALUES (1, 10), (2, 20), (3, 30), (4, NULL), (NULL, 50)")
    spark.sql("CREATE OR REPLACE TEMP VIEW bj_l (a, b, d) AS VALUES (1, 5, 100), (1, 15, 200), (2, 25, 300), (5, 55, 500)")
    spark.sql("CREATE OR REPLACE TEMP VIEW bj_r (k, v) AS VALUES (1, 5), (2, 25), (3, 7), (5, 55), (NULL, 1)")
    yield spark
    for v in ("bj_o", "bj_l", "bj_r"):
        spark.catalog.dropTempView(v)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("EXISTS (SELECT 1 FROM bj_l JOIN bj_r ON bj_l.a = bj_r.k AND bj_r.v > bj_o.b)", [(None,), (1,), (2,), (3,)]),
        ("a IN (SELECT bj_l.a FROM bj_l JOIN bj_r ON bj_l.a = bj_r.k WHERE bj_r.v < bj_o.b)", [(1,)]),
        ("NOT EXISTS (SELECT 1 FROM bj_l JOIN bj_r ON bj_l.a = bj_r.k AND bj_l.a = bj_o.a)", [(None,), (3,), (4,)]),
        # every outer row, the one with a null b too, meets bj_l's rows through the left join
        ("EXISTS (SELECT 1 FROM bj_l LEFT JOIN bj_r ON bj_l.a = bj_r.k AND bj_r.v = bj_o.b)",
         [(None,), (1,), (2,), (3,), (4,)]),
    ],
)  # fmt: skip
def test_predicate_subqueries_correlated_below_a_join(
    views: engine.SparkSession, condition: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(views, f"SELECT a FROM bj_o WHERE {condition} ORDER BY a") == expected


def test_scalar_subqueries_correlated_in_a_join_condition(views: engine.SparkSession) -> None:
    q = "SELECT a, (SELECT sum(d) FROM bj_l JOIN bj_r ON bj_l.a = bj_r.k AND bj_l.a = bj_o.a) FROM bj_o ORDER BY a"
    assert rows(views, q) == [(None, None), (1, 300), (2, 300), (3, None), (4, None)]
    q = "SELECT a, (SELECT count(v) FROM bj_l LEFT JOIN bj_r ON bj_l.a = bj_r.k AND bj_r.v < bj_o.b) FROM bj_o ORDER BY a"
    assert rows(views, q) == [(None, 3), (1, 2), (2, 2), (3, 3), (4, 0)]


def test_a_null_safe_semi_or_anti_join_matches_null_keys(views: engine.SparkSession) -> None:
    assert rows(views, "SELECT a FROM bj_o LEFT SEMI JOIN bj_r ON bj_o.a <=> bj_r.k ORDER BY a") == [
        (None,), (1,), (2,), (3,)
    ]  # fmt: skip
    assert rows(views, "SELECT a FROM bj_o LEFT ANTI JOIN bj_r ON bj_o.a <=> bj_r.k ORDER BY a") == [(4,)]
