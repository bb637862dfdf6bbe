"""Array functions as PySpark 4 answers them: a value to find, remove or add meets the element
type without string promotion (ARRAY_FUNCTION_DIFF_TYPES), sorting puts NaN above every number,
and slice's bad arguments carry their sub-condition. Expected values are PySpark 4's."""

from __future__ import annotations

import math

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, SparkRuntimeException


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        (lambda: F.array_contains("a", "2"), 'Cannot resolve "array_contains(a, 2)"'),
        (lambda: F.array_position("a", "2"), 'Cannot resolve "array_position(a, 2)"'),
        (lambda: F.array_remove("s", 1), 'Cannot resolve "array_remove(s, 1)"'),
        (lambda: F.array_append("s", 1), 'Cannot resolve "array_append(s, 1)"'),
        (lambda: F.array_prepend("a", "2"), 'Cannot resolve "array_prepend(a, 2)"'),
        (lambda: F.array_insert("a", 1, F.lit("2")), 'Cannot resolve "array_insert(a, 1, 2)"'),
    ],
)
def test_value_of_another_kind_than_the_elements_is_refused(spark: engine.SparkSession, call, shown) -> None:
    df = spark.createDataFrame([([1, 2], ["1"])], "a array<int>, s array<string>")
    with pytest.raises(
        AnalysisException, match='should have been "ARRAY" followed by a value with same'
    ) as info:
        df.select(call()).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES"
    assert shown in str(info.value)


def test_array_contains_widens_numbers(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, 2],)], "a array<int>")
    assert df.select(F.array_contains("a", 2.0).alias("c")).collect() == [engine.Row(c=True)]


def test_sorting_puts_nan_above_every_number(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([2.0, math.nan, None, -1.0, -math.inf],)], "a array<double>")
    row = df.select(
        F.sort_array("a").alias("up"),
        F.sort_array("a", asc=False).alias("down"),
        F.array_sort("a").alias("s"),
    ).collect()[0]
    shown = {
        k: ["NaN" if isinstance(x, float) and math.isnan(x) else x for x in v]
        for k, v in row.asDict().items()
    }
    assert shown == {
        "up": [None, -math.inf, -1.0, 2.0, "NaN"],
        "down": ["NaN", 2.0, -1.0, -math.inf, None],
        "s": [-math.inf, -1.0, 2.0, "NaN", None],
    }


def test_slice_errors_name_their_sub_condition(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, 2, 3],)], "a array<int>")
    with pytest.raises(SparkRuntimeException) as start:
        df.select(F.slice("a", 0, 2)).collect()
    assert start.value.getCondition() == "INVALID_PARAMETER_VALUE.START"
    with pytest.raises(SparkRuntimeException, match="greater than or equal to 0, but got -1") as length:
        df.select(F.slice("a", 1, -1)).collect()
    assert length.value.getCondition() == "INVALID_PARAMETER_VALUE.LENGTH"
