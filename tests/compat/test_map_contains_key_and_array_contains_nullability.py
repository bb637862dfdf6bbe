"""map_contains_key is Spark's array_contains(map_keys(m), key), and array_contains is nullable
when the array's elements may be null (a missing value is then null, not false); map_keys'
elements are typed nullable, so map_contains_key is always a nullable column, struct keys
included. Engine typed them non-null. Expected values are PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.types import IntegerType, MapType, StringType, StructField, StructType


@pytest.mark.parametrize(
    ("expr", "nullable", "value"),
    [
        ("map_contains_key(map(1, 1), 1)", True, True),
        ("map_contains_key(map(named_struct('a', 1), 1), named_struct('a', 1))", True, True),
        ("map_contains_key(map(named_struct('a', 1), 1), named_struct('a', cast(null as int)))", True, False),
        ("array_contains(map_keys(map(1, 1)), 1)", True, True),
        ("array_contains(array(1, null), 1)", True, True),
        ("array_contains(array(1, null), 2)", True, None),
        ("array_contains(array(1), 2)", False, False),
    ],
)
def test_contains_nullability_follows_element_nullability(
    spark: engine.SparkSession, expr: str, nullable: bool, value: bool | None
) -> None:
    df = spark.sql(f"select {expr} r")
    assert df.schema.fields[0].nullable is nullable
    assert df.collect() == [engine.Row(r=value)]


def test_map_contains_key_of_non_null_columns_is_nullable(spark: engine.SparkSession) -> None:
    schema = StructType(
        [StructField("m", MapType(StringType(), IntegerType(), False), False), StructField("k", StringType(), False)]
    )
    df = spark.createDataFrame([({"a": 1}, "a")], schema)
    assert df.select(F.map_contains_key("m", F.col("k"))).schema.fields[0].nullable is True
