"""Grouping sets that are all the empty set, and EXISTS over an outer aggregate in HAVING, as
Spark answers them (expected rows from PySpark 4.3 runs). One empty set is the grand total,
one row even over no rows; several are Spark's Expand grouped by the set: a row per set, and
no row at all over no input rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from tests.sql.statements import rows

NO_ROWS = "(SELECT 1 AS v WHERE false)"


def test_one_empty_grouping_set_is_the_grand_total(spark: engine.SparkSession) -> None:
    assert rows(spark, f"SELECT sum(v), count(*) FROM {NO_ROWS} GROUP BY GROUPING SETS (())") == [(None, 0)]


def test_several_empty_grouping_sets_give_no_row_over_no_rows(spark: engine.SparkSession) -> None:
    assert rows(spark, f"SELECT sum(v), count(*) FROM {NO_ROWS} GROUP BY GROUPING SETS ((), (), ())") == []
    assert rows(spark, f"SELECT sum(v), count(*) FROM {NO_ROWS} GROUP BY GROUPING SETS ((), ())") == []


def test_several_empty_grouping_sets_give_a_row_each(spark: engine.SparkSession) -> None:
    q = "SELECT grouping_id(), count(*) FROM (SELECT 1 AS v) GROUP BY GROUPING SETS ((), ())"
    assert rows(spark, q) == [(0, 1), (0, 1)]


@pytest.fixture
def o(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql("CREATE OR REPLACE TEMP VIEW o (ten, four) AS VALUES (1, 1), (1, 3), (2, 2), (2, 0), (3, 1)")
    yield spark
    spark.catalog.dropTempView("o")


def test_having_exists_compares_an_outer_aggregate_with_inner_rows(o: engine.SparkSession) -> None:
    q = (
        "SELECT ten, sum(DISTINCT four) FROM o a GROUP BY ten "
        "HAVING EXISTS (SELECT 1 FROM o b WHERE sum(DISTINCT a.four) = b.four) ORDER BY ten"
    )
    assert rows(o, q) == [(2, 2), (3, 1)]
    q = "SELECT ten, sum(four) FROM o a GROUP BY ten HAVING EXISTS (SELECT 1 FROM o b WHERE sum(a.four) + 1 = b.four) ORDER BY ten"
    assert rows(o, q) == [(2, 2), (3, 1)]
