"""map_values, transform_values, array_append and array_prepend are typed as PySpark 4 types
them (schemas observed in PySpark runs): map_values' elements are always nullable (as
map_keys'), transform_values' values are nullable only where the function can give null, and
array_append / array_prepend hold nullable elements and are null only for a null array."""

from __future__ import annotations

import engine
from engine import types as T


def _types(spark: engine.SparkSession, query: str) -> list[tuple[T.DataType, bool]]:
    return [(f.dataType, f.nullable) for f in spark.sql(query).schema.fields]


def test_map_values_elements_are_nullable(spark: engine.SparkSession) -> None:
    assert _types(spark, "SELECT map_values(map(1, 2)), map_values(map('a', 'b'))") == [
        (T.ArrayType(T.IntegerType(), True), False),
        (T.ArrayType(T.StringType(), True), False),
    ]


def test_transform_values_nullable_where_the_function_is(spark: engine.SparkSession) -> None:
    q = (
        "SELECT transform_values(map(1, 'a'), (k, v) -> upper(v)), transform_values(map(1, 'a'), (k, v) -> k), "
        "transform_values(map(1, 'a'), (k, v) -> CAST(NULL AS STRING))"
    )
    assert _types(spark, q) == [
        (T.MapType(T.IntegerType(), T.StringType(), False), False),
        (T.MapType(T.IntegerType(), T.IntegerType(), False), False),
        (T.MapType(T.IntegerType(), T.StringType(), True), False),
    ]


def test_array_append_and_prepend(spark: engine.SparkSession) -> None:
    spark.sql("CREATE OR REPLACE TEMP VIEW aa_t AS SELECT * FROM VALUES (1, 'x'), (2, NULL) AS t(id, s)")
    q = (
        "SELECT array_append(array(1), 2), array_append(array(1), NULL), array_append(array('a'), s), "
        "array_prepend(array(1), NULL), array_prepend(array(1), id), array_append(CAST(NULL AS ARRAY<INT>), 1) FROM aa_t"
    )
    assert _types(spark, q) == [(T.ArrayType(T.IntegerType(), True), False)] * 2 + [
        (T.ArrayType(T.StringType(), True), False),
        (T.ArrayType(T.IntegerType(), True), False),
        (T.ArrayType(T.IntegerType(), True), False),
        (T.ArrayType(T.IntegerType(), True), True),
    ]
    row = spark.sql(
        "SELECT array_append(array(1), NULL), array_prepend(array('a'), s) FROM aa_t ORDER BY id"
    ).collect()
    assert [tuple(r) for r in row] == [([1, None], ["x", "a"]), ([1, None], [None, "a"])]
