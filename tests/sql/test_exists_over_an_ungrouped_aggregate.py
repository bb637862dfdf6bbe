"""EXISTS over an ungrouped aggregate (``EXISTS (SELECT count(*) FROM i WHERE i.k = o.k)``) holds
for every outer row, as the aggregate gives a row even over no matches; the engine joined on
the correlation and dropped the rows without matches (expected rows from PySpark 4.3 runs)."""

from __future__ import annotations

import engine
from tests.sql.statements import rows

_O = "VALUES (0, 1), (1, 2), (2, 3) AS o(k, v)"
_I = "VALUES (0, 10), (0, 20), (2, 30) AS i(k, w)"


def test_exists_over_a_count_holds_for_every_outer_row(spark: engine.SparkSession) -> None:
    q = f"SELECT o.k FROM {_O} WHERE EXISTS (SELECT count(*) FROM {_I} WHERE i.k = o.k)"
    assert sorted(rows(spark, q)) == [(0,), (1,), (2,)]


def test_not_exists_over_an_aggregate_holds_for_no_row(spark: engine.SparkSession) -> None:
    assert rows(spark, f"SELECT o.k FROM {_O} WHERE NOT EXISTS (SELECT max(w) FROM {_I} WHERE i.k = o.k)") == []


def test_exists_over_an_aggregate_as_a_value_is_true(spark: engine.SparkSession) -> None:
    q = f"SELECT o.k, EXISTS (SELECT sum(w) FROM {_I} WHERE i.k = o.k) AS e FROM {_O}"
    assert sorted(rows(spark, q)) == [(0, True), (1, True), (2, True)]


def test_exists_over_an_aggregate_with_other_conditions(spark: engine.SparkSession) -> None:
    q = f"SELECT o.k FROM {_O} WHERE EXISTS (SELECT count(*) FROM {_I} WHERE i.k = o.k) AND o.v > 1"
    assert sorted(rows(spark, q)) == [(1,), (2,)]


def test_exists_over_a_having_or_grouped_aggregate_of_an_aliased_values_table(spark: engine.SparkSession) -> None:
    # the subquery's own VALUES ... AS i(k, w) is no outer relation: i.k stays its column
    q = f"SELECT o.k FROM {_O} WHERE EXISTS (SELECT count(*) FROM {_I} WHERE i.k = o.k HAVING count(*) > 1)"
    assert rows(spark, q) == [(0,)]
    q = f"SELECT o.k FROM {_O} WHERE EXISTS (SELECT i.k, count(*) FROM {_I} WHERE i.k = o.k GROUP BY i.k)"
    assert sorted(rows(spark, q)) == [(0,), (2,)]
