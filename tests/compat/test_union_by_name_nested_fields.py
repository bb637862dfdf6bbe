"""unionByName matches struct fields by name at any depth (also inside arrays), and with
allowMissingColumns fills a field one side lacks with null, as PySpark 4 does."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException
from engine.row import Row


def test_struct_fields_in_another_order(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([((2, (1, 2)),)], "st struct<a:int,n:struct<x:int,y:int>>")
    b = spark.createDataFrame([(((1, 2), 5),), (None,)], "st struct<n:struct<y:int,x:long>,a:int>")
    out = a.unionByName(b)
    assert out.schema.simpleString() == "struct<st:struct<a:int,n:struct<x:bigint,y:int>>>"
    assert out.collect() == [
        Row(st=Row(a=2, n=Row(x=1, y=2))), Row(st=Row(a=5, n=Row(x=2, y=1))), Row(st=None),
    ]  # fmt: skip


def test_field_names_match_case_insensitively_keeping_the_first(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([((1, "a"),)], "st struct<A:int,b:string>")
    b = spark.createDataFrame([(("b", 2),)], "st struct<b:string,a:int>")
    out = a.unionByName(b)
    assert out.schema.simpleString() == "struct<st:struct<A:int,b:string>>"
    assert [r.st for r in out.collect()] == [Row(A=1, b="a"), Row(A=2, b="b")]


def test_structs_inside_arrays(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([([(1, "a")],)], "arr array<struct<a:int,b:string>>")
    b = spark.createDataFrame([([("b", 2)],)], "arr array<struct<b:string,a:int>>")
    out = a.unionByName(b)
    assert out.schema.simpleString() == "struct<arr:array<struct<a:int,b:string>>>"
    assert [r.arr for r in out.collect()] == [[Row(a=1, b="a")], [Row(a=2, b="b")]]


def test_missing_nested_fields_are_null_and_new_ones_appended(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([(1, (1, "a"))], "id int, st struct<a:int,b:string>")
    b = spark.createDataFrame([((2, 9), 5)], "st struct<c:int,a:int>, z int")
    out = a.unionByName(b, allowMissingColumns=True)
    assert out.schema.simpleString() == "struct<id:int,st:struct<a:int,b:string,c:int>,z:int>"
    assert [tuple(r) for r in out.collect()] == [
        (1, Row(a=1, b="a", c=None), None),
        (None, Row(a=9, b=None, c=2), 5),
    ]


def test_nested_fields_and_widening(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([((1, "a"),)], "st struct<a:int,b:string>")
    b = spark.createDataFrame([((2, 3.5, (1, 2)),)], "st struct<c:int,a:double,n:struct<y:int,x:int>>")
    out = b.unionByName(a, allowMissingColumns=True)
    assert out.schema.simpleString() == "struct<st:struct<c:int,a:double,n:struct<y:int,x:int>,b:string>>"
    assert [r.st for r in out.collect()] == [
        Row(c=2, a=3.5, n=Row(y=1, x=2), b=None),
        Row(c=None, a=1.0, n=None, b="a"),
    ]


def test_extra_nested_field_without_allow_missing_is_an_error(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([((1, "a"),)], "st struct<a:int,b:string>")
    b = spark.createDataFrame([((1, "a", 3),)], "st struct<a:int,b:string,c:int>")
    with pytest.raises(AnalysisException) as e:
        a.unionByName(b).collect()
    assert e.value.getErrorClass() == "INCOMPATIBLE_COLUMN_TYPE"
