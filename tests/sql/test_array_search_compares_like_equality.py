"""array_contains, array_position and array_remove find elements with Spark's equality (PySpark
4.3's answers below): nested arrays and structs compare by value, and NaN equals NaN."""

from __future__ import annotations

import engine


def _row(spark: engine.SparkSession, query: str) -> list[object]:
    return list(spark.sql(query).collect()[0])


def test_search_for_a_nested_array(spark: engine.SparkSession) -> None:
    query = (
        "SELECT array_contains(array(array(1, 2), array(3)), array(3)), "
        "array_contains(array(array(1, 2)), array(1)), "
        "array_position(array(array(1, 2), array(3)), array(3)), "
        "array_remove(array(array(1, 2), array(3)), array(3))"
    )
    assert _row(spark, query) == [True, False, 2, [[1, 2]]]


def test_search_for_structs_and_arrays_holding_nulls(spark: engine.SparkSession) -> None:
    query = (
        "SELECT array_contains(array(named_struct('a', 1), named_struct('a', 2)), named_struct('a', 2)), "
        "array_contains(array(array(1, NULL)), array(1, NULL))"
    )
    assert _row(spark, query) == [True, True]


def test_missing_nested_value_beside_a_null_element_is_null(spark: engine.SparkSession) -> None:
    assert _row(spark, "SELECT array_contains(array(array(1, 2), NULL), array(3))") == [None]


def test_nan_finds_nan(spark: engine.SparkSession) -> None:
    nan = "CAST('NaN' AS DOUBLE)"
    query = (
        f"SELECT array_contains(array({nan}, 1d), {nan}), array_position(array(1d, {nan}), {nan}), "
        f"array_remove(array({nan}, 1d), {nan})"
    )
    assert _row(spark, query) == [True, 2, [1.0]]
