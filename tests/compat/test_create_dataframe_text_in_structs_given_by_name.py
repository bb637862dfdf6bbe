"""createDataFrame with a schema puts any value's text in a string field, also inside a struct given
as a dict (engine refused those: "can not accept object None"). Expected values come
from PySpark 4.3; a Row inside is read by position, as PySpark reads it."""

from __future__ import annotations

import engine
from engine.sql import Row


def test_a_dict_for_a_struct_turns_its_non_text_values_into_text(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([({"x": 1, "y": True},)], "s struct<x:string, y:string>")
    assert df.first()[0] == Row(x="1", y="true")


def test_nested_struct_in_an_array_with_a_map_of_text(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("1", [{"a": {"b": 2}}])], "i string, v array<struct<a:map<string,string>>>")
    assert df.collect() == [Row(i="1", v=[Row(a={"b": "2"})])]



def test_a_row_inside_a_struct_field_is_read_by_position(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(Row(y=2.5, x=7),)], "s struct<x:string, y:string>")
    assert df.first()[0] == Row(x="2.5", y="7")
