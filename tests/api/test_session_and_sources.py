"""The session: builder, createDataFrame from every kind of input, range, views and the catalog."""

from __future__ import annotations

import datetime

import pandas as pd
import pyarrow as pa
import pytest
from apihelpers import tuples

import engine
from engine import Row
from engine import types as T
from engine.errors import AnalysisException, PySparkRuntimeError


def test_spark_session_is_session_and_builder_returns_a_session():
    assert engine.SparkSession is engine.Session
    s = engine.SparkSession.builder.appName("api-test").master("local[1]").config("spark.x.y", "1").create()
    try:
        assert s.conf.get("spark.x.y") == "1"
        assert s.range(3).count() == 3
    finally:
        s.stop()
    with pytest.raises(PySparkRuntimeError, match="SESSION_STOPPED"):
        s.range(3)


def test_create_from_tuples_with_names_infers_types(spark):
    df = spark.createDataFrame([(1, "a", 1.5, True), (2, None, None, False)], ["i", "s", "d", "b"])
    assert df.dtypes == [("i", "bigint"), ("s", "string"), ("d", "double"), ("b", "boolean")]
    assert tuples(df) == [(1, "a", 1.5, True), (2, None, None, False)]


def test_create_from_rows_and_dicts(spark):
    assert tuples(spark.createDataFrame([Row(a=1, b="x"), Row(a=2, b="y")])) == [(1, "x"), (2, "y")]
    df = spark.createDataFrame([{"a": 1, "b": "x"}, {"a": 2, "b": None}])
    assert df.columns == ["a", "b"] and tuples(df) == [(1, "x"), (2, None)]


def test_create_with_struct_type_and_ddl_schemas(spark):
    st = T.StructType([T.StructField("k", T.IntegerType(), False), T.StructField("d", T.DateType(), True)])
    rows = [(1, datetime.date(2024, 1, 31))]
    assert spark.createDataFrame(rows, st).schema == st
    ddl = spark.createDataFrame(rows, "k int, d date")
    assert ddl.dtypes == [("k", "int"), ("d", "date")]
    assert tuples(ddl) == rows


def test_create_from_pandas_and_arrow(spark):
    pdf = pd.DataFrame({"x": [1, 2, 3], "y": ["a", "b", None]})
    assert tuples(spark.createDataFrame(pdf)) == [(1, "a"), (2, "b"), (3, None)]
    table = pa.table({"x": pa.array([1, None], pa.int32()), "z": pa.array([0.5, 1.5])})
    df = spark.createDataFrame(table)
    assert df.dtypes == [("x", "int"), ("z", "double")]
    assert tuples(df) == [(1, 0.5), (None, 1.5)]


def test_create_empty_frame_with_schema(spark):
    df = spark.createDataFrame([], "a int, b string")
    assert df.count() == 0 and df.columns == ["a", "b"] and df.collect() == []


def test_range_variants(spark):
    assert tuples(spark.range(3)) == [(0,), (1,), (2,)]
    assert [r.id for r in spark.range(2, 11, 3).collect()] == list(range(2, 11, 3))
    assert [r.id for r in spark.range(5, 0, -2).collect()] == [5, 3, 1]
    df = spark.range(0, 1000, numPartitions=50)
    assert df.schema == T.StructType([T.StructField("id", T.LongType(), False)])
    assert df.count() == 1000
    assert sum(r.id for r in df.collect()) == sum(range(1000))
    assert spark.range(0).count() == 0


def test_temp_views_and_table(spark):
    df = spark.createDataFrame([(1,), (2,)], ["v"])
    df.createOrReplaceTempView("api_view_t")
    assert tuples(spark.table("api_view_t")) == [(1,), (2,)]
    assert tuples(spark.sql("SELECT sum(v) AS s FROM api_view_t")) == [(3,)]


def test_catalog_lists_and_drops_temp_views(spark):
    spark.createDataFrame([(1,)], ["v"]).createOrReplaceTempView("api_view_c")
    assert "api_view_c" in [t.name for t in spark.catalog.listTables()]
    spark.catalog.dropTempView("api_view_c")
    with pytest.raises(AnalysisException, match="TABLE_OR_VIEW_NOT_FOUND"):
        spark.table("api_view_c")
