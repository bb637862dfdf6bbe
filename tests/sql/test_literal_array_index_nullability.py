"""A literal index into an array(...) call is typed by the element it picks (observed on PySpark 4)."""

from __future__ import annotations

import engine


def _fields(df: engine.DataFrame) -> list[tuple[str, bool]]:
    return [(f.name, f.nullable) for f in df.schema.fields]


def test_in_range_literal_index_takes_the_elements_nullability(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT array(1, 2)[0], array(1, null)[0], element_at(array(1, 2), 1), element_at(array(1, 2), -1), "
        "try_element_at(array(1, 2), 1), get(array(1, 2), 0)"
    )
    assert _fields(df) == [
        ("array(1, 2)[0]", False),
        ("array(1, NULL)[0]", False),
        ("element_at(array(1, 2), 1)", False),
        ("element_at(array(1, 2), -1)", False),
        ("try_element_at(array(1, 2), 1)", False),
        ("get(array(1, 2), 0)", False),
    ]
    assert tuple(df.collect()[0]) == (1, 1, 1, 2, 1, 1)


def test_index_into_a_column_or_null_element_may_be_null(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT a[0], element_at(a, 1), array(1, null)[1] FROM (SELECT array(1, 2) AS a)")
    assert _fields(df) == [("a[0]", True), ("element_at(a, 1)", True), ("array(1, NULL)[1]", True)]
