"""toJSON, to(schema), withMetadata, sameSemantics/semanticHash, observe, zipWithIndex and
executionInfo; every expected value and error class was produced by PySpark 4.3."""

from __future__ import annotations

import datetime
import decimal

import pytest

from engine import Observation
from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException, PySparkAssertionError, PySparkTypeError, PySparkValueError

SCHEMA = (
    "i int, s string, d double, f float, b boolean, dt date, ts timestamp, dec decimal(10,2), arr array<int>, "
    "st struct<x:int,y:string>, bin binary, l bigint, ntz timestamp_ntz"
)
ROWS = [
    (1, 'a"b\\c\n\u00e9\u4e2d', 1.0, 1.5, True, datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4, 5, 123456),
     decimal.Decimal("1.50"), [1, None, 3], (1, None), b"\x00\x01ab", 2**40, datetime.datetime(2021, 5, 6, 7, 8, 9)),
    (None,) * 13,
    (2, "", float("nan"), float("inf"), False, datetime.date(1, 1, 1), datetime.datetime(2020, 1, 2, 3, 4, 5),
     decimal.Decimal("-0.05"), [], (None, None), b"", -1, datetime.datetime(2021, 5, 6, 7, 8, 9, 100000)),
    (3, "x", -0.0, 1e20, None, None, datetime.datetime(2020, 1, 2, 3, 4, 5, 120000), None, None, None, None, None, None),
]  # fmt: skip
EXPECTED_JSON = [
    '{"i":1,"s":"a\\"b\\\\c\\né中","d":1.0,"f":1.5,"b":true,"dt":"2020-01-02","ts":"2020-01-02T03:04:05.123Z",'
    '"dec":1.50,"arr":[1,null,3],"st":{"x":1},"bin":"AAFhYg==","l":1099511627776,"ntz":"2021-05-06T07:08:09.000"}',
    "{}",
    '{"i":2,"s":"","d":"NaN","f":"Infinity","b":false,"dt":"0001-01-01","ts":"2020-01-02T03:04:05.000Z",'
    '"dec":-0.05,"arr":[],"st":{},"bin":"","l":-1,"ntz":"2021-05-06T07:08:09.100"}',
    '{"i":3,"s":"x","d":-0.0,"f":1.0E20,"ts":"2020-01-02T03:04:05.120Z"}',
]


@pytest.fixture
def utc(spark):
    old = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    yield spark
    spark.conf.set("spark.sql.session.timeZone", old)


def test_to_json_gives_sparks_strings(utc):
    df = utc.createDataFrame(ROWS, SCHEMA)
    with pytest.warns(UserWarning, match="toJSON will be changed from RDD to DataFrame"):
        rdd = df.toJSON()
    assert rdd.collect() == EXPECTED_JSON
    assert rdd.first() == EXPECTED_JSON[0]
    assert rdd.take(2) == EXPECTED_JSON[:2]
    assert rdd.count() == 4


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_to_json_numbers_nesting_zones_and_odd_frames(utc):
    doubles = utc.createDataFrame([(1.0, 1e7, 1.23e-5, 123456789.0, 0.1)], "a double, b double, c double, d double, e float")
    assert doubles.toJSON().collect() == ['{"a":1.0,"b":1.0E7,"c":1.23E-5,"d":1.23456789E8,"e":0.1}']
    nested = utc.sql("select array(array(1,2), null) a, cast(null as array<int>) n, map('a', array(1)) m, 'x' `we\"ird`")
    assert nested.toJSON().collect() == ['{"a":[[1,2],null],"m":{"a":[1]},"we\\"ird":"x"}']
    small = utc.sql("select cast(1 as tinyint) a, cast(2 as smallint) b, cast(1.5 as decimal(38,18)) c")
    assert small.toJSON().collect() == ['{"a":1,"b":2,"c":1.500000000000000000}']
    assert utc.range(0).toJSON().collect() == []
    assert utc.range(2).select().toJSON().collect() == ["{}", "{}"]
    assert utc.sql("select 1 a, 2 a").toJSON().collect() == ['{"a":1,"a":2}']
    utc.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    ts = utc.createDataFrame(ROWS, SCHEMA).select("ts", "ntz")
    assert ts.toJSON().collect() == [
        '{"ts":"2020-01-01T19:04:05.123-08:00","ntz":"2021-05-06T07:08:09.000"}',
        "{}",
        '{"ts":"2020-01-01T19:04:05.000-08:00","ntz":"2021-05-06T07:08:09.100"}',
        '{"ts":"2020-01-01T19:04:05.120-08:00"}',
    ]


@pytest.fixture(scope="module")
def base(spark):
    return spark.createDataFrame([("a", 1, 2.0)], "s string, i int, d double")


def _field(name, dtype, nullable=True, metadata=None):
    return T.StructField(name, dtype, nullable, metadata)


def test_to_reorders_casts_and_fills_missing_nullable_columns(base, spark):
    out = base.to(T.StructType([_field("i", T.LongType()), _field("s", T.StringType())]))
    assert (out.schema.simpleString(), out.collect()) == ("struct<i:bigint,s:string>", [(1, "a")])
    assert base.to(T.StructType([_field("I", T.LongType())])).columns == ["I"]
    out = base.to(T.StructType([_field("x", T.LongType()), _field("i", T.LongType())]))
    assert [tuple(r) for r in out.collect()] == [(None, 1)]
    for dtype, value in [(T.ShortType(), 1), (T.StringType(), "1"), (T.DoubleType(), 1.0)]:
        assert base.to(T.StructType([_field("i", dtype)])).collect()[0][0] == value
    assert base.to(T.StructType([_field("d", T.LongType())])).collect()[0][0] == 2
    assert spark.range(1).to(T.StructType([_field("id", T.IntegerType(), False)])).schema.simpleString() == "struct<id:int>"
    st = spark.sql("select named_struct('a',1,'b','x') st")
    target = T.StructType([_field("st", T.StructType([_field("b", T.StringType()), _field("a", T.LongType())]))])
    out = st.to(target)
    assert out.schema.simpleString() == "struct<st:struct<b:string,a:bigint>>"
    assert out.collect()[0].st.asDict() == {"b": "x", "a": 1}
    meta = base.to(T.StructType([_field("i", T.LongType(), metadata={"k": "v"})]))
    assert meta.schema["i"].metadata == {"k": "v"}


@pytest.mark.parametrize(
    ("target", "error_class"),
    [
        ([("s", T.IntegerType(), True)], "INVALID_COLUMN_OR_FIELD_DATA_TYPE"),
        ([("i", T.IntegerType(), False)], "NULLABLE_COLUMN_OR_FIELD"),
        ([("x", T.LongType(), False)], "UNRESOLVED_COLUMN.WITH_SUGGESTION"),
    ],
)
def test_to_rejects_what_spark_rejects(base, target, error_class):
    with pytest.raises(AnalysisException) as e:
        base.to(T.StructType([_field(*f) for f in target]))
    assert e.value.getCondition() == error_class


def test_to_error_messages(base, spark):
    with pytest.raises(AnalysisException, match=r'Column or field `s` is of type "STRING" while it\'s required to be "INT"'):
        base.to(T.StructType([_field("s", T.IntegerType())]))
    with pytest.raises(AnalysisException, match="AMBIGUOUS_COLUMN_OR_FIELD.*`a` is ambiguous and has 2 matches"):
        spark.sql("select 1 a, 2 a").to(T.StructType([_field("a", T.LongType())]))
    with pytest.raises(AnalysisException, match='`b` is of type "INT" while it\'s required to be "BOOLEAN"'):
        spark.sql("select 1 b").to(T.StructType([_field("b", T.BooleanType())]))


def test_with_metadata_replaces_and_follows_the_column(base):
    tagged = base.withMetadata("i", {"foo": "bar", "n": 1})
    assert [f.metadata for f in tagged.schema.fields] == [{}, {"foo": "bar", "n": 1}, {}]
    assert tagged.columns == ["s", "i", "d"]
    assert tagged.withMetadata("i", {"x": 2}).schema["i"].metadata == {"x": 2}
    assert tagged.select("i").schema["i"].metadata == {"foo": "bar", "n": 1}
    assert tagged.select(F.col("i") + 1).schema.fields[0].metadata == {}
    with pytest.raises(AnalysisException) as e:
        base.withMetadata("zz", {"foo": "bar"})
    assert e.value.getCondition() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    with pytest.raises(PySparkTypeError, match="NOT_EXPECTED_TYPE"):
        base.withMetadata("i", "notdict")


def test_same_semantics_and_semantic_hash(spark, base):
    a, b = spark.range(10), spark.range(10)
    assert a.sameSemantics(b) and a.semanticHash() == b.semanticHash()
    assert a.filter("id > 1").sameSemantics(a.filter("id > 1"))
    assert a.sameSemantics(a.select("id")) and a.semanticHash() == a.select("id").semanticHash()
    assert not a.filter("id > 1").sameSemantics(a.filter("id > 2"))
    assert base.select((F.col("i") + 1).alias("x")).sameSemantics(base.select((F.col("i") + 1).alias("y")))
    assert isinstance(a.semanticHash(), int)
    with pytest.raises(PySparkTypeError, match="NOT_EXPECTED_TYPE"):
        a.sameSemantics("x")


def test_observe_collects_metrics_when_an_action_runs(spark):
    df = spark.createDataFrame([("a", 1, 2.0), ("b", None, 3.0)], "s string, i int, d double")
    obs = Observation("metrics")
    observed = df.observe(obs, F.count(F.lit(1)).alias("cnt"), F.sum("i").alias("s"), F.max("d"))
    assert [tuple(r) for r in observed.collect()] == [("a", 1, 2.0), ("b", None, 3.0)]
    assert obs.get == {"cnt": 2, "s": 1, "max(d)": 3.0}
    later = Observation("m2")
    assert spark.range(10).observe(later, F.count("*").alias("c")).filter("id > 5").count() == 4
    assert later.get == {"c": 10}
    empty = Observation("o6")
    spark.range(0).observe(empty, F.sum("id").alias("s"), F.count("*").alias("c")).collect()
    assert empty.get == {"s": None, "c": 0}
    assert [tuple(r) for r in df.observe("named", F.count(F.lit(1)).alias("n")).collect()] == [
        ("a", 1, 2.0), ("b", None, 3.0)
    ]  # fmt: skip
    with pytest.raises(PySparkAssertionError, match="REUSE_OBSERVATION"):
        df.observe(obs, F.count(F.lit(1)))


def test_observe_argument_errors(spark):
    df = spark.createDataFrame([("a", 1)], "s string, i int")
    with pytest.raises(PySparkAssertionError, match="NO_OBSERVE_BEFORE_GET"):
        _ = Observation().get
    with pytest.raises(PySparkValueError, match="CANNOT_BE_EMPTY"):
        df.observe(Observation("x"))
    with pytest.raises(PySparkTypeError, match="NOT_EXPECTED_TYPE"):
        df.observe(Observation("x"), "i")
    with pytest.raises(AnalysisException) as e:
        df.observe(Observation("x"), (F.col("i") + 1).alias("z"))
    assert e.value.getCondition() == "INVALID_OBSERVED_METRICS.NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE"
    assert 'Attribute "(i + 1) AS z"' in str(e.value)
    with pytest.raises(PySparkTypeError, match="NOT_EXPECTED_TYPE"):
        Observation(1)
    with pytest.raises(PySparkValueError, match="VALUE_NOT_NON_EMPTY_STR"):
        Observation("")


def test_zip_with_index_and_execution_info(spark):
    df = spark.createDataFrame([("a", 1), ("b", 2), ("c", 3)], ["letter", "number"])
    out = df.zipWithIndex()
    assert out.schema.simpleString() == "struct<letter:string,number:bigint,index:bigint>"
    assert out.schema["index"].nullable is False
    assert [tuple(r) for r in out.collect()] == [("a", 1, 0), ("b", 2, 1), ("c", 3, 2)]
    assert df.zipWithIndex("letter").columns == ["letter", "number", "letter"]
    assert [tuple(r) for r in spark.range(5, numPartitions=3).zipWithIndex("row_id").collect()] == [
        (i, i) for i in range(5)
    ]
    with pytest.raises(PySparkValueError, match="CLASSIC_OPERATION_NOT_SUPPORTED_ON_DF"):
        _ = spark.range(1).executionInfo


def test_observe_metrics_after_a_write(spark, tmp_path):
    obs = Observation("written")
    spark.range(5).observe(obs, F.count("*").alias("rows")).write.parquet(str(tmp_path / "out"))
    assert obs.get == {"rows": 5}


def test_to_json_as_a_data_frame_when_configured(spark):
    spark.conf.set("spark.sql.pyspark.toJSON.returnDataFrame", "true")
    try:
        out = spark.createDataFrame([(1, "a"), (1, None)], "x int, y string").toJSON()
        assert out.schema.simpleString() == "struct<value:string>"
        assert [r.value for r in out.collect()] == ['{"x":1,"y":"a"}', '{"x":1}']
    finally:
        spark.conf.unset("spark.sql.pyspark.toJSON.returnDataFrame")


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_read_json_of_to_json_round_trips(utc):
    df = utc.createDataFrame(
        [(1, "a", 1.5, datetime.date(2020, 1, 2), [1, 2], (3, "x")), (None, None, None, None, None, None)],
        "i int, s string, d double, dt date, arr array<int>, st struct<x:int,y:string>",
    )
    back = utc.read.json(df.toJSON())
    assert back.schema.simpleString() == (
        "struct<arr:array<bigint>,d:double,dt:string,i:bigint,s:string,st:struct<x:bigint,y:string>>"
    )
    assert [r.asDict(recursive=True) for r in back.collect()] == [
        {"arr": [1, 2], "d": 1.5, "dt": "2020-01-02", "i": 1, "s": "a", "st": {"x": 3, "y": "x"}},
        {"arr": None, "d": None, "dt": None, "i": None, "s": None, "st": None},
    ]
    assert [tuple(r) for r in utc.read.schema("i int, s string").json(df.toJSON()).collect()] == [(1, "a"), (None, None)]
