"""Correlated scalar subqueries with a GROUP BY or an expression on the inner side of their
correlation, as Spark answers them: an unqualified outer column resolves to the outer query,
and an outer row that meets more than one row is SCALAR_SUBQUERY_TOO_MANY_ROWS, never a
repeated outer row (expected rows and errors from PySpark 4.3 runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from engine.errors import SparkRuntimeException
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMP VIEW sq_x (x1, x2) AS VALUES (1, 1), (2, 2), (4, 4)")
    spark.sql("CREATE OR REPLACE TEMP VIEW sq_y (y1, y2) AS VALUES (2, 0), (3, -1), (5, 1)")
    yield spark
    spark.catalog.dropTempView("sq_x")
    spark.catalog.dropTempView("sq_y")


def test_an_unqualified_outer_column_in_a_grouped_subquery(views: engine.SparkSession) -> None:
    q = "SELECT * FROM sq_x WHERE (SELECT count(*) FROM sq_y WHERE y1 = x1 GROUP BY y1) = 1"
    assert rows(views, q) == [(2, 2)]
    q = "SELECT x1, (SELECT sum(y2) FROM sq_y WHERE y1 = x1 + 1 GROUP BY y1) FROM sq_x"
    assert sorted(rows(views, q)) == [(1, 0), (2, -1), (4, 1)]
    q = "SELECT x1, (SELECT count(*) FROM sq_y WHERE x1 = y1 AND y2 = 1 GROUP BY y2) FROM sq_x"
    assert sorted(rows(views, q)) == [(1, None), (2, None), (4, None)]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT x1, (SELECT count(*) FROM sq_y WHERE y1 + y2 = x1 GROUP BY y1) FROM sq_x",
        "SELECT x1, (SELECT y2 FROM sq_y WHERE y1 + y2 = x1) FROM sq_x",
    ],
)
def test_an_outer_row_meeting_two_rows_is_too_many_rows(views: engine.SparkSession, query: str) -> None:
    # y1 + y2 is 2 for both (2, 0) and (3, -1): x1 = 2 meets two rows
    with pytest.raises(SparkRuntimeException) as e:
        views.sql(query).collect()
    assert e.value.getCondition() == "SCALAR_SUBQUERY_TOO_MANY_ROWS"


def test_a_repeated_key_no_outer_row_reads_is_no_error(views: engine.SparkSession) -> None:
    q = "SELECT x1, (SELECT y2 FROM sq_y WHERE y1 + y2 = x1 + 4) FROM sq_x"
    assert sorted(rows(views, q)) == [(1, None), (2, 1), (4, None)]
