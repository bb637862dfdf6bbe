"""``m [NOT] IN (SELECT m ...)`` over a map is refused by the IN-subquery predicate itself:
INVALID_ORDERING_TYPE naming ``(m IN (listquery()))`` and `insubquery` (engine named the
``(m = m)`` it rewrote the predicate to). Expected values are PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


@pytest.mark.parametrize("op", ["in", "not in"])
def test_in_subquery_over_a_map_names_insubquery(spark: engine.SparkSession, op: str) -> None:
    spark.sql("create or replace temp view in_maps as select * from values (map('a', 1), 1) as t(m, x)")
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"select x from in_maps where m {op} (select m from in_maps)")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE"
    assert str(info.value).startswith(
        '[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "(m IN (listquery()))" due to data type '
        'mismatch: The `insubquery` does not support ordering on type "MAP<STRING, INT>".'
    )
