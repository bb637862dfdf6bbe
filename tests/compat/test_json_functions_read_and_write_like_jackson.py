"""JSON functions read text as Spark's Jackson parser does and honour their options as PySpark 4
does: single quotes by default, the first value of a text, NaN, the lenient options, a lone
object for an array of structs, the corrupt-record field, and to_json's dateFormat,
timestampFormat and pretty. Expected values are PySpark 4's answers."""

from __future__ import annotations

import engine
from engine import functions as F

Row = engine.Row


def test_from_json_and_schema_of_json_accept_single_quotes(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("{'a': 'it\\'s', \"b\": 'q\"x'}",)], "s string")
    assert df.select(F.from_json("s", "a string, b string").alias("j")).collect() == [
        Row(j=Row(a="it's", b='q"x'))
    ]
    out = spark.range(1).select(F.schema_of_json(F.lit("{'a': 1}"), {"allowSingleQuotes": "true"}))
    assert out.columns == ["schema_of_json({'a': 1})"]
    assert out.collect() == [Row(**{"schema_of_json({'a': 1})": "STRUCT<a: BIGINT>"})]


def test_single_quotes_can_be_refused(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("{'a': 1}",)], "s string")
    assert df.select(F.from_json("s", "a int", {"allowSingleQuotes": "false"}).alias("j")).collect() == [
        Row(j=Row(a=None))
    ]


def test_get_json_object_and_json_tuple_read_single_quotes_and_raw_tabs(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("{'a': 'x\"y', 'b': [1, 'z']}",), ('{"a": "x\ty"}',)], "s string")
    out = df.select(F.get_json_object("s", "$.a").alias("a"), F.get_json_object("s", "$.b").alias("b"))
    assert out.collect() == [Row(a='x"y', b='[1,"z"]'), Row(a="x\ty", b=None)]
    assert df.select(F.json_tuple("s", "a")).collect() == [Row(c0='x"y'), Row(c0="x\ty")]


def test_text_after_the_first_value_is_ignored(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([('{"a": 1} x',), ('{"a": 1} {"a": 2}',), ('{"a": 1}}',)], "s string")
    out = df.select(F.from_json("s", "a int").a.alias("f"), F.get_json_object("s", "$.a").alias("g"))
    assert out.collect() == [Row(f=1, g="1")] * 3


def test_from_json_reads_nan_and_infinity(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([('{"a": NaN, "b": "NaN", "c": Infinity}',)], "s string")
    row = df.select(F.from_json("s", "a double, b double, c double").alias("j")).collect()[0].j
    assert row.a != row.a and row.b != row.b and row.c == float("inf")


def test_lenient_options_of_from_json(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("{a: 1}", '{"a": 007}', '{"a": 1 /* c */}')], "u string, z string, c string")
    out = df.select(
        F.from_json("u", "a int").a.alias("u0"),
        F.from_json("u", "a int", {"allowUnquotedFieldNames": "true"}).a.alias("u1"),
        F.from_json("z", "a int").a.alias("z0"),
        F.from_json("z", "a int", {"allowNumericLeadingZeros": "true"}).a.alias("z1"),
        F.from_json("c", "a int").a.alias("c0"),
        F.from_json("c", "a int", {"allowComments": "true"}).a.alias("c1"),
    )
    assert out.collect() == [Row(u0=None, u1=1, z0=None, z1=7, c0=None, c1=1)]


def test_from_json_reads_a_lone_object_as_an_array_of_one_struct(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([('{"a":3}',), ("[]",), ('[{"a":1}, 2]',)], "s string")
    assert df.select(F.from_json("s", "array<struct<a:int>>").alias("j")).collect() == [
        Row(j=[Row(a=3)]),
        Row(j=[]),
        Row(j=None),
    ]


def test_from_json_fills_the_corrupt_record_field(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([('{"a": 1}',), ("oops",), ('{"a": "x"}',), ("[1]",)], "s string")
    out = df.select(F.from_json("s", "a int, _corrupt_record string").alias("j"))
    assert out.collect() == [
        Row(j=Row(a=1, _corrupt_record=None)),
        Row(j=Row(a=None, _corrupt_record="oops")),
        Row(j=Row(a=None, _corrupt_record='{"a": "x"}')),
        Row(j=Row(a=None, _corrupt_record="[1]")),
    ]
    named = df.select(F.from_json("s", "a int, bad string", {"columnNameOfCorruptRecord": "bad"}).alias("j"))
    assert named.collect()[1] == Row(j=Row(a=None, bad="oops"))


def test_to_json_writes_dates_and_timestamps_in_their_patterns(spark: engine.SparkSession) -> None:
    value = F.struct(
        F.lit("2024-01-02").cast("date").alias("d"),
        F.lit("2024-01-02 03:04:05.123").cast("timestamp").alias("t"),
    )
    options = {"dateFormat": "dd/MM/yyyy", "timestampFormat": "yyyy-MM-dd HH:mm:ss.SSS"}
    out = spark.range(1).select(F.to_json(value, options).alias("j"))
    assert out.collect() == [Row(j='{"d":"02/01/2024","t":"2024-01-02 03:04:05.123"}')]


def test_to_json_pretty_lays_out_as_jackson(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, {"k": [1]}, [])], "a int, m map<string,array<int>>, e array<int>")
    out = df.select(F.to_json(F.struct("*"), {"pretty": "true"}).alias("j"))
    assert out.collect() == [Row(j='{\n  "a" : 1,\n  "m" : {\n    "k" : [ 1 ]\n  },\n  "e" : [ ]\n}')]
    arr = spark.createDataFrame([([(1, "a"), (2, "b")],)], "a array<struct<x:int,y:string>>")
    assert arr.select(F.to_json("a", {"pretty": "true"}).alias("j")).collect() == [
        Row(j='[ {\n  "x" : 1,\n  "y" : "a"\n}, {\n  "x" : 2,\n  "y" : "b"\n} ]')
    ]
