"""[NOT] EXISTS and [NOT] IN subqueries inside a JOIN's ON condition, for every join type:
a subquery reading one side's columns is evaluated on that side, so an outer join still
keeps its unmatched rows and a semi/anti join still returns the left side only (expected
rows from PySpark 4.3 runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from engine.errors import AnalysisException
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMP VIEW jc_x (x1, x2) AS VALUES (2, 1), (1, 1), (3, 4)")
    spark.sql("CREATE OR REPLACE TEMP VIEW jc_y (y1, y2) AS VALUES (0, 2), (1, 4), (4, 11)")
    spark.sql("CREATE OR REPLACE TEMP VIEW jc_z (z1, z2) AS VALUES (4, 2), (3, 3), (8, 1), (NULL, 4)")
    yield spark
    for v in ("jc_x", "jc_y", "jc_z"):
        spark.catalog.dropTempView(v)


def q(join: str, cond: str, order: str = "x1, x2, y1, y2") -> str:
    return f"SELECT * FROM jc_x {join} JOIN jc_y ON {cond} ORDER BY {order}"


@pytest.mark.parametrize(
    ("join", "cond", "expected"),
    [
        ("INNER", "x1 = y1 AND EXISTS (SELECT * FROM jc_z WHERE z2 = x2)", [(1, 1, 1, 4)]),
        ("INNER", "x1 = y1 AND NOT EXISTS (SELECT * FROM jc_z WHERE z2 = y2)", []),
        ("LEFT", "x1 = y1 AND EXISTS (SELECT * FROM jc_z WHERE z2 = x2)",
         [(1, 1, 1, 4), (2, 1, None, None), (3, 4, None, None)]),
        ("LEFT", "x1 = y1 AND EXISTS (SELECT * FROM jc_z WHERE z2 = y2)",
         [(1, 1, 1, 4), (2, 1, None, None), (3, 4, None, None)]),
        ("RIGHT", "x1 = y1 AND NOT EXISTS (SELECT * FROM jc_z WHERE z2 = x2)",
         [(None, None, 0, 2), (None, None, 1, 4), (None, None, 4, 11)]),
        ("FULL OUTER", "x1 = y1 AND EXISTS (SELECT * FROM jc_z WHERE z2 = x2)",
         [(None, None, 0, 2), (None, None, 4, 11), (1, 1, 1, 4), (2, 1, None, None), (3, 4, None, None)]),
        ("INNER", "x1 = y1 OR NOT EXISTS (SELECT * FROM jc_z WHERE z1 = y1)",
         [(1, 1, 0, 2), (1, 1, 1, 4), (2, 1, 0, 2), (2, 1, 1, 4), (3, 4, 0, 2), (3, 4, 1, 4)]),
    ],
)  # fmt: skip
def test_exists_in_the_condition_of_each_join_type(
    views: engine.SparkSession, join: str, cond: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(views, q(join, cond)) == expected


@pytest.mark.parametrize(
    ("join", "cond", "expected"),
    [
        ("LEFT SEMI", "x1 = y1 AND EXISTS (SELECT * FROM jc_z WHERE z2 = x2)", [(1, 1)]),
        ("LEFT SEMI", "x1 = y1 AND EXISTS (SELECT * FROM jc_z WHERE z2 = y2)", [(1, 1)]),
        ("LEFT ANTI", "x1 = y1 AND EXISTS (SELECT * FROM jc_z WHERE z2 = x2)", [(2, 1), (3, 4)]),
        ("LEFT ANTI", "x1 = y1 AND NOT EXISTS (SELECT * FROM jc_z WHERE z2 = x2)", [(1, 1), (2, 1), (3, 4)]),
    ],
)
def test_a_semi_or_anti_join_keeps_only_the_left_columns(
    views: engine.SparkSession, join: str, cond: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(views, q(join, cond, "x1, x2")) == expected


def test_in_and_null_aware_not_in_in_a_join_condition(views: engine.SparkSession) -> None:
    # jc_z holds a null z1 next to z2 = 4: y2 NOT IN it is unknown for y2 = 4, never true
    assert rows(views, q("INNER", "x1 = y1 AND y2 IN (SELECT z2 FROM jc_z WHERE z1 IS NULL)")) == [(1, 1, 1, 4)]
    assert rows(views, q("LEFT", "x1 = y1 AND y2 NOT IN (SELECT z1 FROM jc_z WHERE z2 = y2)")) == [
        (1, 1, None, None), (2, 1, None, None), (3, 4, None, None)
    ]  # fmt: skip
    assert rows(views, q("LEFT", "x1 = y1 OR x2 IN (SELECT z2 FROM jc_z WHERE z1 = x1 + 1)")) == [
        (1, 1, 1, 4), (2, 1, None, None), (3, 4, None, None)
    ]  # fmt: skip


@pytest.mark.parametrize("join", ["INNER", "LEFT"])
def test_a_subquery_reading_both_sides_of_the_join_is_refused(views: engine.SparkSession, join: str) -> None:
    with pytest.raises(AnalysisException) as e:
        views.sql(q(join, "x1 = y1 AND EXISTS (SELECT * FROM jc_z WHERE z1 = x1 + y2)")).collect()
    assert e.value.getCondition() == (
        "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_EXPRESSION_IN_JOIN_CONDITION"
    )


def test_a_correlated_scalar_subquery_in_a_join_condition_is_refused(views: engine.SparkSession) -> None:
    # PySpark 4.3: UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY; an uncorrelated one is a value
    with pytest.raises(AnalysisException) as e:
        views.sql(q("INNER", "x1 = y1 AND y2 > (SELECT min(z2) FROM jc_z WHERE z1 = x1)")).collect()
    assert e.value.getCondition() == "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY"
    assert rows(views, q("INNER", "x1 = y1 AND y2 > (SELECT min(z2) FROM jc_z)")) == [(1, 1, 1, 4)]
