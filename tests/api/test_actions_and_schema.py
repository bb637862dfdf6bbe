"""Actions (collect, take, first, head, count, toPandas, toArrow, ...), schema accessors, explain and caching."""

from __future__ import annotations

import contextlib
import datetime
import io

import pandas as pd
import pyarrow as pa
import pytest
from apihelpers import tuples

from engine import Row
from engine import functions as F
from engine import types as T

ROWS = [(1, "a", 1.5), (2, None, None), (3, "c", -2.0)]


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame(ROWS, "id long, s string, d double")


def test_collect_returns_rows_with_field_access(df):
    rows = df.collect()
    assert rows == [Row(id=1, s="a", d=1.5), Row(id=2, s=None, d=None), Row(id=3, s="c", d=-2.0)]
    assert rows[0].s == "a" and rows[0]["d"] == 1.5 and rows[0][0] == 1
    assert rows[0].asDict() == {"id": 1, "s": "a", "d": 1.5}


def test_take_first_head_and_count(spark, df):
    assert df.take(2) == df.collect()[:2]
    assert df.first() == Row(id=1, s="a", d=1.5)
    assert df.head() == df.first()
    assert df.head(2) == df.collect()[:2]
    assert df.count() == 3
    empty = spark.createDataFrame([], "a int")
    assert empty.first() is None and empty.head() is None and empty.take(3) == [] and empty.count() == 0
    assert spark.range(0, 1000, numPartitions=50).count() == 1000


def test_to_pandas_matches_the_rows(df):
    expected = pd.DataFrame({"id": [1, 2, 3], "s": ["a", None, "c"], "d": [1.5, None, -2.0]})
    pd.testing.assert_frame_equal(df.toPandas(), expected, check_dtype=False)
    assert str(df.toPandas().id.dtype) == "int64"


def test_to_arrow_and_local_iterator(df):
    table = df.toArrow()
    assert isinstance(table, pa.Table)
    assert table.column_names == ["id", "s", "d"]
    assert table.to_pylist() == [dict(zip(["id", "s", "d"], r)) for r in ROWS]
    assert [tuple(r) for r in df.toLocalIterator()] == ROWS


def test_schema_columns_and_dtypes(df):
    assert df.columns == ["id", "s", "d"]
    assert df.dtypes == [("id", "bigint"), ("s", "string"), ("d", "double")]
    assert df.schema == T.StructType(
        [T.StructField("id", T.LongType()), T.StructField("s", T.StringType()), T.StructField("d", T.DoubleType())]
    )


def test_print_schema_text(spark, capsys):
    df = spark.createDataFrame([], "id long, tags array<string>, info struct<x:int,y:map<string,double>>")
    df.printSchema()
    assert capsys.readouterr().out == (
        "root\n"
        " |-- id: long (nullable = true)\n"
        " |-- tags: array (nullable = true)\n"
        " |    |-- element: string (containsNull = true)\n"
        " |-- info: struct (nullable = true)\n"
        " |    |-- x: integer (nullable = true)\n"
        " |    |-- y: map (nullable = true)\n"
        " |    |    |-- key: string\n"
        " |    |    |-- value: double (valueContainsNull = true)\n"
        "\n"
    )
    spark.range(1).printSchema()
    assert capsys.readouterr().out == "root\n |-- id: long (nullable = false)\n\n"


def test_explain_prints_the_plans(df):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        df.filter(F.col("id") > 1).explain(True)
    text = buf.getvalue()
    for section in ("== Parsed Logical Plan ==", "== Analyzed Logical Plan ==", "== Optimized Logical Plan ==",
                    "== Physical Plan =="):  # fmt: skip
        assert section in text
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        df.explain()
    assert buf.getvalue().startswith("== Physical Plan ==")


def test_cache_persist_and_unpersist_keep_answers(spark):
    calls = []

    @F.udf("long")
    def counted(v):
        calls.append(v)
        return v

    df = spark.range(0, 100, numPartitions=4).select(counted("id").alias("v"))
    cached = df.cache()
    assert cached.is_cached
    assert cached.count() == 100
    assert sorted(r.v for r in cached.collect()) == list(range(100))
    assert df.persist() is df
    df.unpersist()
    assert not df.is_cached
    assert sorted(r.v for r in df.collect()) == list(range(100))


def test_temp_view_sees_the_dataframe(spark, df):
    df.createOrReplaceTempView("api_actions_v")
    assert tuples(spark.sql("SELECT id FROM api_actions_v WHERE d IS NOT NULL ORDER BY id")) == [(1,), (3,)]


def test_collect_converts_dates_timestamps_and_nested(spark):
    ts = datetime.datetime(2024, 5, 6, 7, 8, 9)
    df = spark.createDataFrame([(datetime.date(2024, 5, 6), ts, [1, 2], {"k": 1.0}, Row(a=1))],
                               "d date, t timestamp, a array<int>, m map<string,double>, st struct<a:int>")  # fmt: skip
    assert tuples(df) == [(datetime.date(2024, 5, 6), ts, [1, 2], {"k": 1.0}, Row(a=1))]
