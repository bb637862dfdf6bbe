"""Maps have no equality in Spark: comparing them is INVALID_ORDERING_TYPE, and DISTINCT,
dropDuplicates keys, INTERSECT and EXCEPT over a map column are SET_OPERATION_ON_MAP_TYPE,
raised while the plan is analyzed. Messages quote types as Spark's SQL does. Expected values
are PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def _frame(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([(1, {"a": 1}), (1, {"a": 1})], "i int, m map<string,int>")


def test_comparing_maps_is_invalid_ordering_type(spark: engine.SparkSession) -> None:
    df = _frame(spark)
    with pytest.raises(AnalysisException) as info:
        df.select(df.m == df.m)
    assert info.value.getCondition() == "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE"
    assert 'The `=` does not support ordering on type "MAP<STRING, INT>"' in str(info.value)


@pytest.mark.parametrize(
    "make",
    [
        lambda df: df.distinct(),
        lambda df: df.dropDuplicates(),
        lambda df: df.dropDuplicates(["m"]),
        lambda df: df.intersect(df),
        lambda df: df.subtract(df),
        lambda df: df.exceptAll(df),
    ],
)
def test_set_operations_over_a_map_column_are_refused(spark: engine.SparkSession, make) -> None:
    with pytest.raises(AnalysisException) as info:
        make(_frame(spark))
    assert info.value.getCondition() == "UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE"
    assert 'but the type of column `m` is "MAP<STRING, INT>"' in str(info.value)


def test_deduplicating_by_other_columns_keeps_the_map(spark: engine.SparkSession) -> None:
    assert _frame(spark).dropDuplicates(["i"]).collect() == [engine.Row(i=1, m={"a": 1})]
    assert _frame(spark).union(_frame(spark)).count() == 4


def test_sorting_by_a_map_is_invalid_ordering_type(spark: engine.SparkSession) -> None:
    df = _frame(spark)
    for make in (lambda: df.orderBy("m"), lambda: df.sortWithinPartitions(df.m.desc())):
        with pytest.raises(AnalysisException) as info:
            make()
        assert info.value.getCondition() == "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE"
    with pytest.raises(AnalysisException, match='Cannot resolve "m ASC NULLS FIRST"'):
        df.orderBy("m")
