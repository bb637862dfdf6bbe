"""Spark SQL refuses a map column where rows are compared as wholes, while the query is
analyzed: SELECT DISTINCT, UNION (distinct), INTERSECT and EXCEPT are
UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE and ORDER BY a map is INVALID_ORDERING_TYPE
(engine failed in an Arrow kernel instead). UNION ALL and ordering by an expression of the map
stay allowed. Expected values are PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException

_VIEW = (
    "create or replace temp view map_rows as select * from values "
    "(map('b', 2, 'a', 1), 1), (map('a', 1, 'b', 2), 2), (map('c', 3), 3), (null, 4) as t(m, x)"
)


@pytest.fixture
def maps(spark: engine.SparkSession) -> engine.SparkSession:
    spark.sql(_VIEW)
    return spark


@pytest.mark.parametrize(
    "query",
    [
        "select distinct m from map_rows",
        "select m from map_rows union select m from map_rows",
        "select m from map_rows intersect select m from map_rows",
        "select m from map_rows except select m from map_rows",
    ],
)
def test_sql_set_operations_over_a_map_are_refused(maps: engine.SparkSession, query: str) -> None:
    with pytest.raises(AnalysisException) as info:
        maps.sql(query)
    assert info.value.getCondition() == "UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE"
    assert 'but the type of column `m` is "MAP<STRING, INT>"' in str(info.value)


def test_sql_order_by_a_map_is_invalid_ordering_type(maps: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        maps.sql("select m from map_rows order by m")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE"
    assert (
        'Cannot resolve "m ASC NULLS FIRST" due to data type mismatch: The `sortorder` does not support '
        'ordering on type "MAP<STRING, INT>"'
    ) in str(info.value)


def test_sql_union_all_and_order_by_map_keys_still_run(maps: engine.SparkSession) -> None:
    assert maps.sql("select m from map_rows union all select m from map_rows").count() == 8
    rows = maps.sql("select m from map_rows order by map_keys(m)").collect()
    assert [r.m for r in rows] == [None, {"a": 1, "b": 2}, {"a": 1, "b": 2}, {"c": 3}]
