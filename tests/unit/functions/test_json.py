"""JSON functions give PySpark 4's answers (values checked against Spark 4 with session zone UTC)."""

from __future__ import annotations

import datetime as dt
import decimal

import pyarrow as pa
import pytest

from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException, SparkRuntimeException
from engine.expr import nodes as n
from engine.expr.signatures.collections import generator_output_names

DOCS = ['{"a":1,"b":"x"}', '{"a":1,"b":', '{"a":"zz","b":"x"}', None, "", "null", "[1]"]


def test_from_json_permissive_gives_all_null_structs_for_bad_records_and_nulls_bad_fields(values):
    got = values(F.from_json("j", "a INT, b STRING"), j=DOCS)
    assert got == [
        {"a": 1, "b": "x"}, {"a": None, "b": None}, {"a": None, "b": "x"}, None, None,
        {"a": None, "b": None}, {"a": None, "b": None},
    ]  # fmt: skip


def test_from_json_fast_path_reads_nested_structs_and_arrays(values):
    schema = T.StructType([T.StructField("a", T.LongType()), T.StructField("xs", T.ArrayType(T.DoubleType()))])
    got = values(F.from_json("j", schema), j=['{"a":1,"xs":[1,2.5]}', '{"a":2}', None])
    assert got == [{"a": 1, "xs": [1.0, 2.5]}, {"a": 2, "xs": None}, None]


def test_from_json_keeps_raw_json_text_for_string_fields_and_rejects_fractions_for_ints(values):
    got = values(F.from_json("j", "a STRING, b STRING, c INT"), j=['{"a":[1,2],"b":{"c":2},"c":1.5}'])
    assert got == [{"a": "[1,2]", "b": '{"c":2}', "c": None}]


def test_from_json_arrays_maps_dates_timestamps_and_decimals(values):
    assert values(F.from_json("j", "array<int>"), j=["[1,2]", '[1,"a",3]', "[1,2"]) == [[1, 2], None, None]
    assert values(F.from_json("j", "map<string,int>"), j=['{"k":1}']) == [[("k", 1)]]
    got = values(F.from_json("j", "t TIMESTAMP, d DATE, x DECIMAL(5,2)"), j=['{"t":"2020-01-01T10:00:00","d":"2020-01-02","x":1.257}'])
    assert got == [{"t": dt.datetime(2020, 1, 1, 10, tzinfo=dt.timezone.utc), "d": dt.date(2020, 1, 2), "x": decimal.Decimal("1.26")}]


def test_from_json_failfast_raises_on_malformed_records(values):
    with pytest.raises(SparkRuntimeException, match="MALFORMED_RECORD_IN_PARSING"):
        values(F.from_json("j", "a INT", {"mode": "FAILFAST"}), j=["{bad"])


def test_from_json_rejects_an_atomic_schema(values):
    with pytest.raises(AnalysisException, match="INVALID_JSON_SCHEMA"):
        values(F.from_json("j", "int"), j=["1"])


def test_to_json_leaves_out_null_struct_fields_and_formats_like_jackson(values):
    row = F.struct(F.lit(1).alias("a"), F.lit(None).cast("string").alias("b"), F.array(F.lit(1), F.lit(2)).alias("c"),
                   F.create_map(F.lit("x"), F.lit(1.5)).alias("d"))  # fmt: skip
    assert values(F.to_json(row)) == ['{"a":1,"c":[1,2],"d":{"x":1.5}}']
    nums = F.struct(F.lit(1.0e10).alias("a"), F.lit(1.0e-5).alias("b"), F.lit(float("nan")).alias("c"))
    assert values(F.to_json(nums)) == ['{"a":1.0E10,"b":1.0E-5,"c":"NaN"}']
    assert values(F.to_json(F.struct(F.lit('a"b\\c\nd').alias("s")))) == ['{"s":"a\\"b\\\\c\\nd"}']


def test_to_json_of_dates_timestamps_binary_and_maps_with_int_keys(values):
    ts = pa.table({"t": pa.array([dt.datetime(2020, 1, 1, 10)], pa.timestamp("us", tz="UTC")),
                   "n": pa.array([dt.datetime(2020, 1, 1, 10)], pa.timestamp("us")),
                   "d": pa.array([dt.date(2020, 1, 2)]), "b": pa.array([b"\x01\x02"])})  # fmt: skip
    got = values(F.to_json(F.struct("t", "n", "d", "b")), _table=ts)
    assert got == ['{"t":"2020-01-01T10:00:00.000Z","n":"2020-01-01T10:00:00.000","d":"2020-01-02","b":"AQI="}']
    assert values(F.to_json(F.create_map(F.lit(1), F.lit("a")))) == ['{"1":"a"}']
    assert values(F.to_json("xs"), xs=[[1, None], None]) == ["[1,null]", None]


def test_get_json_object_paths(values):
    doc = '{"a":{"b":[1,2,{"c":"x"}]},"n":null,"f":1.50,"e":1e2,"t":true,"w":[{"b":1},{"b":2}],"one":[1]}'
    paths = ["$.a.b[2].c", "$.a", "$.n", "$.f", "$.e", "$.t", "$.w[*].b", "$.one[*]", "a", "$.zz", "$['a']['b'][0]"]
    got = [values(F.get_json_object("j", p), j=[doc])[0] for p in paths]
    assert got == ["x", '{"b":[1,2,{"c":"x"}]}', None, "1.5", "100.0", "true", "[1,2]", "1", None, None, "1"]
    assert values(F.get_json_object("j", "$.a"), j=["bad", None]) == [None, None]


def test_json_tuple_is_a_generator_named_c0_c1(values):
    call = n.Call("json_tuple", (n.Literal("{}", T.StringType()), n.Literal("a", T.StringType()), n.Literal("b", T.StringType())), T.StringType())
    assert generator_output_names(call) == ["c0", "c1"]


def test_json_tuple_rows(spark):
    df = spark.createDataFrame([('{"a":1,"b":"x","c":{"d":1}}',), (None,)], "j string")
    rows = df.select(F.json_tuple("j", "a", "b", "c", "zz")).collect()
    assert [tuple(r) for r in rows] == [("1", "x", '{"d":1}', None), (None, None, None, None)]
    assert df.select(F.json_tuple("j", "a")).columns == ["c0"]


def test_schema_of_json_sorts_fields_and_widens(values):
    doc = '{"b":[1.5],"a":1,"c":{"d":"x"},"e":null,"f":true,"g":[],"h":[1,1.5],"i":[1,"x"],"k":12345678901234567890}'
    assert values(F.schema_of_json(doc)) == [
        "STRUCT<a: BIGINT, b: ARRAY<DOUBLE>, c: STRUCT<d: STRING>, e: STRING, f: BOOLEAN, g: ARRAY<STRING>, "
        "h: ARRAY<DOUBLE>, i: ARRAY<STRING>, k: DECIMAL(20,0)>"
    ]
    assert values(F.schema_of_json("[1,2]")) == ["ARRAY<BIGINT>"]


def test_json_array_length_and_object_keys(values):
    docs = ["[1,2,[3]]", "{}", "bad", '{"a":1,"b":{"c":2}}', None]
    assert values(F.json_array_length("j"), j=docs) == [3, None, None, None, None]
    assert values(F.json_object_keys("j"), j=docs) == [None, [], None, ["a", "b"], None]
