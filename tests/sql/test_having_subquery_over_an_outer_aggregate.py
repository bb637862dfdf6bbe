"""A HAVING subquery may aggregate the outer query's columns (``HAVING EXISTS (SELECT 1 FROM b
WHERE b.amt < min(e.pay))``): Spark computes that aggregate in the outer aggregation and the
subquery reads it per group; the engine failed with UNRESOLVED_COLUMN (expected rows from
PySpark 4.3 runs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from tests.sql.statements import rows


@pytest.fixture
def views(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql(
        "CREATE OR REPLACE TEMPORARY VIEW hv_e(name, pay, team) AS "
        "VALUES ('a', 100.0D, 1), ('b', 200.0D, 1), ('c', 50.0D, 2), ('d', 400.0D, NULL)"
    )
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW hv_b(name, amt) AS VALUES ('a', 80.0D), ('c', 500.0D)")
    yield spark
    spark.catalog.dropTempView("hv_e")
    spark.catalog.dropTempView("hv_b")


def test_exists_over_an_outer_aggregate_in_having(views: engine.SparkSession) -> None:
    q = "SELECT team, count(*) FROM hv_e GROUP BY team HAVING EXISTS (SELECT 1 FROM hv_b WHERE amt < min(hv_e.pay))"
    assert sorted(rows(views, q), key=repr) == sorted([(None, 1), (1, 2)], key=repr)
    q = "SELECT team, max(pay) FROM hv_e GROUP BY team HAVING NOT EXISTS (SELECT 1 FROM hv_b WHERE amt > max(hv_e.pay))"
    assert rows(views, q) == []


def test_a_scalar_subquery_over_an_outer_aggregate_in_having(views: engine.SparkSession) -> None:
    q = "SELECT team FROM hv_e GROUP BY team HAVING (SELECT count(*) FROM hv_b WHERE amt < sum(hv_e.pay)) > 0"
    assert sorted(rows(views, q), key=repr) == sorted([(1,), (None,)], key=repr)
