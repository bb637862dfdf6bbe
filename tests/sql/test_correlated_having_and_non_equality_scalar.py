"""Two correlated shapes over one row per outer row, as Spark answers them: EXISTS over an
ungrouped aggregation whose HAVING reads outer columns tests that one row (over no matches
``count(*)`` is 0, so ``HAVING count(*) < x`` may hold), and a scalar subquery correlated by
a non-equality is SCALAR_SUBQUERY_TOO_MANY_ROWS when an outer row meets two rows, never a
repeated outer row (expected rows and errors from PySpark 4.3 runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from engine.errors import SparkRuntimeException
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMP VIEW ch_o (a, b) AS VALUES (1, 10), (2, 20), (3, 30), (4, NULL), (NULL, 50)")
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW ch_i (a, b, d) AS "
        "VALUES (1, 5, 100), (1, 15, 200), (2, 25, 300), (3, NULL, 400), (5, 55, 500)"
    )
    yield spark
    spark.catalog.dropTempView("ch_o")
    spark.catalog.dropTempView("ch_i")


@pytest.mark.parametrize(
    ("having", "expected"),
    [
        ("max(ch_i.b) > ch_o.b", [(1,), (2,)]),
        # no ch_i row for a = NULL: count(*) is 0 < 50 / 10
        ("count(*) < ch_o.b / 10", [(None,), (2,), (3,)]),
        ("max(ch_i.d) >= ch_o.b * 20 OR max(ch_i.d) IS NULL", [(None,), (1,), (4,)]),
    ],
)
def test_exists_whose_having_reads_outer_columns(
    views: engine.SparkSession, having: str, expected: list[tuple[object, ...]]
) -> None:
    q = f"SELECT a FROM ch_o WHERE EXISTS (SELECT 1 FROM ch_i WHERE ch_i.a = ch_o.a HAVING {having}) ORDER BY a"
    assert rows(views, q) == expected


def test_not_exists_and_exists_as_a_value_with_an_outer_having(views: engine.SparkSession) -> None:
    sub = "(SELECT 1 FROM ch_i WHERE ch_i.a = ch_o.a HAVING count(*) < ch_o.b / 10"
    assert rows(views, f"SELECT a FROM ch_o WHERE NOT EXISTS {sub}) ORDER BY a") == [(1,), (4,)]
    q = f"SELECT a, EXISTS {sub} AND sum(ch_i.d) > 100) FROM ch_o ORDER BY a"
    assert rows(views, q) == [(None, False), (1, False), (2, True), (3, True), (4, False)]


def test_a_scalar_subquery_correlated_by_a_non_equality(views: engine.SparkSession) -> None:
    q = "SELECT a, (SELECT ch_i.d FROM ch_i WHERE ch_i.b > ch_o.b + 30) FROM ch_o ORDER BY a"
    assert rows(views, q) == [(None, None), (1, 500), (2, 500), (3, None), (4, None)]
    q = "SELECT a FROM ch_o WHERE b < (SELECT ch_i.b FROM ch_i WHERE ch_i.b BETWEEN ch_o.b AND ch_o.b + 9) ORDER BY a"
    assert rows(views, q) == [(None,), (1,), (2,)]


def test_an_outer_row_meeting_two_rows_of_a_non_equality_is_too_many_rows(views: engine.SparkSession) -> None:
    with pytest.raises(SparkRuntimeException) as e:
        views.sql("SELECT a, (SELECT ch_i.d FROM ch_i WHERE ch_i.b > ch_o.b) FROM ch_o").collect()
    assert e.value.getCondition() == "SCALAR_SUBQUERY_TOO_MANY_ROWS"


@pytest.mark.parametrize(
    ("subquery", "condition"),
    [
        ("SELECT sum(ch_i.b + ch_o.b) FROM ch_i WHERE ch_i.a = ch_o.a",
         "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES"),
        ("SELECT max(ch_i.b) FILTER (WHERE ch_i.b > ch_o.b) FROM ch_i WHERE ch_i.a = ch_o.a",
         "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES"),
        ("SELECT sum(ch_o.b) FROM ch_i WHERE ch_i.a = ch_o.a",
         "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE"),
        ("SELECT max(ch_i.b) + ch_o.b FROM ch_i WHERE ch_i.a = ch_o.a",
         "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE"),
        ("SELECT count(*) FROM ch_i WHERE ch_i.a = ch_o.a GROUP BY ch_o.a",
         "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE"),
    ],
)  # fmt: skip
def test_outer_columns_in_a_subquerys_aggregates_or_grouping_are_refused(
    views: engine.SparkSession, subquery: str, condition: str
) -> None:
    # PySpark 4.3's error classes for outer columns inside (or over) the subquery's aggregates
    from engine.errors import AnalysisException

    with pytest.raises(AnalysisException) as e:
        views.sql(f"SELECT a, ({subquery}) FROM ch_o").collect()
    assert e.value.getCondition() == condition
