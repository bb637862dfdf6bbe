"""Grouping and window mistakes fail as PySpark 4 fails them (error class and text)."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException
from engine.window import Window


@pytest.fixture
def df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([("a", "x", 1), ("b", None, 2)], ["k", "g", "i"])


def test_grouping_without_rollup_or_cube_is_refused_when_analysed(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.groupBy("k").agg(F.grouping("k"))
    assert info.value.getCondition() == "UNSUPPORTED_GROUPING_EXPRESSION"
    assert info.value.getSqlState() == "42K0E"
    assert df.rollup("k").agg(F.grouping("k").alias("g")).orderBy("k").collect()[0].g == 1


def test_numeric_shortcut_on_a_string_column_is_a_legacy_error(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.groupBy("k").sum("g")
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_1323"
    assert str(info.value) == (
        '"g" is not a numeric column. Aggregation function can only be applied on a numeric column.'
    )


def test_ntile_of_zero_buckets(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.select(F.ntile(0).over(Window.orderBy("i")))
    assert info.value.getCondition() == "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE"
    assert info.value.getMessage() == (
        '[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "ntile(0)" due to data type mismatch: '
        "The buckets must be between (0, 2147483647] (current value = 0). SQLSTATE: 42K09"
    )


def test_ranking_without_order_names_the_function_as_spark_prints_it(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.select(F.rank().over(Window.partitionBy("k")))
    assert info.value.getCondition() == "WINDOW_FUNCTION_FRAME_NOT_ORDERED"
    assert "For example: SELECT RANK() OVER (PARTITION BY" in str(info.value)
    with pytest.raises(AnalysisException) as row_number:
        df.select(F.row_number().over(Window.partitionBy("k")))
    assert "For example: SELECT row_number() OVER (PARTITION BY" in str(row_number.value)
