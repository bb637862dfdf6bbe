"""F.window / F.session_window / F.window_time in select, withColumn and groupBy, as PySpark 4
computes them: rows with a null time are dropped, a tumbling window is a non-null struct, a
sliding window gives one row per window holding the time, and sessions close a gap after
their last time."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException
from engine.row import Row


def _events(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame(
        [
            ("a", dt.datetime(2024, 1, 1, 0, 0, 5), 1),
            ("a", dt.datetime(2024, 1, 1, 0, 7, 0), 2),
            ("b", dt.datetime(2024, 1, 1, 0, 12, 0), 3),
            ("b", None, 4),
        ],
        "k string, t timestamp, v int",
    ).coalesce(1)


def _at(h: int, m: int) -> dt.datetime:
    return dt.datetime(2023, 12, 31, h, m) if h == 23 else dt.datetime(2024, 1, 1, h, m)


def _w(h1: int, m1: int, h2: int, m2: int) -> Row:
    return Row(start=_at(h1, m1), end=_at(h2, m2))


def test_tumbling_window_drops_null_times_and_is_not_nullable(spark: engine.SparkSession) -> None:
    out = _events(spark).groupBy(F.window("t", "10 minutes")).agg(F.sum("v")).orderBy("window")
    assert out.schema.simpleString() == "struct<window:struct<start:timestamp,end:timestamp>,sum(v):bigint>"
    assert out.schema["window"].nullable is False
    assert [tuple(r) for r in out.collect()] == [(_w(0, 0, 0, 10), 3), (_w(0, 10, 0, 20), 3)]
    selected = _events(spark).select("k", F.window("t", "10 minutes"))
    assert [r.k for r in selected.collect()] == ["a", "a", "b"]
    assert selected.schema["window"].nullable is False


def test_sliding_window_counts_a_row_in_every_window_holding_it(spark: engine.SparkSession) -> None:
    out = (
        _events(spark)
        .groupBy("k", F.window("t", "10 minutes", "5 minutes"))
        .agg(F.sum("v").alias("s"))
        .orderBy("k", "window")
    )
    assert out.schema["window"].nullable is True
    assert [tuple(r) for r in out.collect()] == [
        ("a", _w(23, 55, 0, 5), 1),
        ("a", _w(0, 0, 0, 10), 3),
        ("a", _w(0, 5, 0, 15), 2),
        ("b", _w(0, 5, 0, 15), 3),
        ("b", _w(0, 10, 0, 20), 3),
    ]
    rows = _events(spark).select(F.window("t", "10 minutes", "5 minutes")).collect()
    assert [r.window for r in rows[:2]] == [_w(0, 0, 0, 10), _w(23, 55, 0, 5)]
    assert len(rows) == 6


def test_session_window_per_key(spark: engine.SparkSession) -> None:
    out = _events(spark).groupBy("k", F.session_window("t", "5 minutes")).agg(F.sum("v")).orderBy("k", "session_window")
    assert out.schema.simpleString() == (
        "struct<k:string,session_window:struct<start:timestamp,end:timestamp>,sum(v):bigint>"
    )
    assert out.schema["session_window"].nullable is False
    assert [tuple(r) for r in out.collect()] == [
        ("a", Row(start=dt.datetime(2024, 1, 1, 0, 0, 5), end=dt.datetime(2024, 1, 1, 0, 5, 5)), 1),
        ("a", Row(start=dt.datetime(2024, 1, 1, 0, 7), end=dt.datetime(2024, 1, 1, 0, 12)), 2),
        ("b", Row(start=dt.datetime(2024, 1, 1, 0, 12), end=dt.datetime(2024, 1, 1, 0, 17)), 3),
    ]


def test_window_time_is_the_end_less_a_microsecond(spark: engine.SparkSession) -> None:
    out = _events(spark).select(F.window_time(F.window("t", "10 minutes")))
    assert out.columns == ["window_time(window)"]
    assert out.collect()[0][0] == dt.datetime(2024, 1, 1, 0, 9, 59, 999999)


def test_window_mistakes(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "2024-01-01 00:00:05")], "i int, t string")
    with pytest.raises(AnalysisException) as e:
        df.select(F.window("i", "1 hour")).collect()
    assert e.value.getErrorClass() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert 'Cannot resolve "window(i, 3600000000, 3600000000, 0)"' in str(e.value)
    with pytest.raises(AnalysisException) as e:
        df.select(F.window("t", "5 minutes", "10 minutes")).collect()
    assert e.value.getErrorClass() == "DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION"
    with pytest.raises(AnalysisException) as e:
        df.select(F.window("t", "10 minutes"), F.window("t", "1 hour")).collect()
    assert e.value.getErrorClass() == "_LEGACY_ERROR_TEMP_1039"


def test_filter_on_a_window_keeps_the_window_first(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(dt.datetime(2024, 1, 1, 10, 3), 1), (dt.datetime(2024, 1, 1, 10, 17), 2), (None, 3)], "t timestamp, v int"
    )
    out = df.filter(F.window("t", "10 minutes").start > F.lit("2024-01-01 10:05:00").cast("timestamp"))
    assert [(f.name, f.dataType.simpleString(), f.nullable) for f in out.schema.fields] == [
        ("window", "struct<start:timestamp,end:timestamp>", False), ("t", "timestamp", True), ("v", "int", True),
    ]  # fmt: skip
    assert [(tuple(r.window), r.v) for r in out.collect()] == [((_at(10, 10), _at(10, 20)), 2)]


def test_filter_on_a_sliding_window_keeps_one_row_per_window(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(dt.datetime(2024, 1, 1, 10, 7), 1)], "t timestamp, v int")
    out = df.filter(F.window("t", "10 minutes", "5 minutes").start >= F.lit("2024-01-01 10:00:00").cast("timestamp"))
    assert out.schema.fields[0].nullable is True
    assert sorted(tuple(r.window) for r in out.collect()) == [(_at(10, 0), _at(10, 10)), (_at(10, 5), _at(10, 15))]
