"""Map functions as PySpark 4 answers them: struct keys build, look up and collect; a null
input row gives a null map before any length check; a null entry nulls its row's map; a
null key is NULL_MAP_KEY even when the keys also repeat. Expected values are PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import SparkRuntimeException

Row = engine.Row


def test_create_map_with_struct_keys_collects_rows_as_keys(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a", 10), (2, "b", 20)], "x int, y string, v int")
    out = df.select(F.create_map(F.struct("x", "y"), F.col("v")).alias("m"))
    assert [(f.name, f.dataType.simpleString(), f.nullable) for f in out.schema.fields] == [
        ("m", "map<struct<x:int,y:string>,int>", False)
    ]
    assert out.collect() == [Row(m={Row(x=1, y="a"): 10}), Row(m={Row(x=2, y="b"): 20})]


def test_map_keys_and_element_at_with_struct_keys(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a", 10)], "x int, y string, v int")
    m = F.create_map(F.struct("x", "y"), F.col("v"))
    key = F.struct(F.lit(1).alias("x"), F.lit("a").alias("y"))
    out = df.select(
        F.map_keys(m).alias("k"), F.element_at(m, key).alias("e"), F.map_contains_key(m, key).alias("c")
    )
    assert out.collect() == [Row(k=[Row(x=1, y="a")], e=10, c=True)]


def test_map_from_arrays_with_struct_keys(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [([(1, "a"), (2, "b")], [10, 20])], "k array<struct<x:int,y:string>>, v array<int>"
    )
    assert df.select(F.map_from_arrays("k", "v").alias("m")).collect() == [
        Row(m={Row(x=1, y="a"): 10, Row(x=2, y="b"): 20})
    ]


def test_repeated_struct_key_is_duplicated_map_key(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [([(1, "a"), (1, "a")], [10, 20])], "k array<struct<x:int,y:string>>, v array<int>"
    )
    with pytest.raises(SparkRuntimeException) as info:
        df.select(F.map_from_arrays("k", "v")).collect()
    assert info.value.getCondition() == "DUPLICATED_MAP_KEY"


def test_map_from_arrays_null_side_is_null_whatever_the_other_length(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(["a", "b"], [1, 2]), (None, [1]), (["x"], None)], "k array<string>, v array<int>"
    )
    assert df.select(F.map_from_arrays("k", "v").alias("m")).collect() == [
        Row(m={"a": 1, "b": 2}),
        Row(m=None),
        Row(m=None),
    ]


def test_map_from_arrays_of_different_lengths_is_legacy_2128(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(["a", "b"], [1])], "k array<string>, v array<int>")
    with pytest.raises(
        SparkRuntimeException, match="The key array and value array of MapData must have the same length"
    ) as info:
        df.select(F.map_from_arrays("k", "v")).collect()
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_2128"


def test_map_from_entries_with_a_null_entry_is_null(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([("a", 1), None],), ([("b", 2)],)], "e array<struct<k:string,v:int>>")
    assert df.select(F.map_from_entries("e").alias("m")).collect() == [Row(m=None), Row(m={"b": 2})]


def test_transform_keys_to_null_is_null_map_key_not_duplicate(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, {"a": 1, "b": 5})], "id int, m map<string,int>")
    with pytest.raises(SparkRuntimeException) as info:
        df.select(F.transform_keys("m", lambda k, v: F.lit(None).cast("string"))).collect()
    assert info.value.getCondition() == "NULL_MAP_KEY"


def test_map_zip_with_over_struct_keys(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a", 10)], "x int, y string, v int")
    m = F.create_map(F.struct("x", "y"), F.col("v"))
    assert df.select(F.map_zip_with(m, m, lambda k, a, b: a + b).alias("m")).collect() == [
        Row(m={Row(x=1, y="a"): 20})
    ]
