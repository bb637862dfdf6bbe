"""counter_diff(value[, start_time]) OVER (PARTITION BY ... ORDER BY ...) (Spark 4.3): a cumulative
counter as per-row increases. A row compares with the last row before it that had a counter;
the first such row, a null counter and a reset (the counter fell, or the start time moved on)
give null; a negative counter or a start time going back fails. Expected values come from
PySpark 4.3 with a UTC session."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

import engine
from engine import Window
from engine import functions as F
from engine.errors import AnalysisException, SparkRuntimeException

T0, T1 = dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 2)


def test_increases_skip_null_counters_and_resets_give_null(spark: engine.SparkSession) -> None:
    rows = [
        ("a", 1, 100, T0), ("a", 2, 200, T0), ("a", 3, None, T0), ("a", 4, 150, T0), ("a", 5, 170, T0),
        ("a", 6, 180, T1), ("a", 7, 190, None), ("a", 8, 195, None), ("a", 9, 200, T1),
        ("b", 1, 5, None), ("b", 2, 7, None), ("b", 3, 0, None), ("b", 4, None, None), ("b", 5, 3, None),
    ]  # fmt: skip
    df = spark.createDataFrame(rows, "m string, t int, c int, s timestamp_ntz")
    w = Window.partitionBy("m").orderBy("t")
    out = df.select("m", "t", F.counter_diff("c").over(w).alias("d"), F.counter_diff("c", "s").over(w).alias("d2"))
    assert [tuple(r) for r in out.orderBy("m", "t").collect()] == [
        ("a", 1, None, None), ("a", 2, 100, 100), ("a", 3, None, None), ("a", 4, None, None),
        ("a", 5, 20, 20), ("a", 6, 10, None), ("a", 7, 10, 10), ("a", 8, 5, 5), ("a", 9, 5, 5),
        ("b", 1, None, None), ("b", 2, 2, 2), ("b", 3, None, None), ("b", 4, None, None), ("b", 5, 3, 3),
    ]  # fmt: skip


def test_the_column_is_named_with_its_rows_frame_and_keeps_the_counters_type(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(1, 1.5, decimal.Decimal("1.25"), 3), (2, 4.0, decimal.Decimal("2.50"), 10)], "t int, x double, y decimal(5,2), z long"
    )
    w = Window.orderBy("t")
    out = df.select(F.counter_diff("x").over(w), F.counter_diff("y").over(w), F.counter_diff("z").over(w))
    frame = " OVER (ORDER BY t ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
    assert out.columns == [f"counter_diff({c}){frame}" for c in "xyz"]
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["double", "decimal(5,2)", "bigint"]
    assert [tuple(r) for r in out.collect()] == [(None, None, None), (2.5, decimal.Decimal("1.25"), 7)]


def test_nan_counts_as_the_largest_value(spark: engine.SparkSession) -> None:
    out = spark.sql(
        "SELECT t, counter_diff(c) OVER (ORDER BY t) d FROM VALUES (1, 5D), (2, double('NaN')), (3, 9D), "
        "(4, double('inf')) AS v(t, c)"
    )
    got = [r.d for r in out.orderBy("t").collect()]
    assert got[0] is None and got[1] != got[1] and got[2] is None and got[3] == float("inf")


def test_a_negative_counter_fails(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 5), (2, -3)], "t int, c int")
    with pytest.raises(SparkRuntimeException, match=r"\[COUNTER_DIFF_NEGATIVE_COUNTER_VALUE\] A negative counter value -3"):
        df.select(F.counter_diff("c").over(Window.orderBy("t"))).collect()


def test_a_start_time_going_back_fails(spark: engine.SparkSession) -> None:
    out = spark.sql(
        "SELECT counter_diff(c, s) OVER (ORDER BY t) FROM VALUES (1, 5, TIMESTAMP'2020-01-01 00:00:00'), "
        "(2, 9, TIMESTAMP'2019-01-01 00:00:00') AS v(t, c, s)"
    )
    with pytest.raises(SparkRuntimeException) as info:
        out.collect()
    assert str(info.value) == (
        "[COUNTER_DIFF_START_TIME_DECREASED] Start time provided to function `counter_diff` decreased from "
        "2020-01-01 00:00:00 to 2019-01-01 00:00:00. Start time is required to be non-decreasing. SQLSTATE: 22023"
    )


def test_it_needs_an_ordered_window_with_the_default_frame(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 5)], "t int, c int")
    with pytest.raises(AnalysisException, match=r"\[WINDOW_FUNCTION_FRAME_NOT_ORDERED\] Window function counter_diff"):
        df.select(F.counter_diff("c").over(Window.partitionBy("t"))).collect()
    with pytest.raises(AnalysisException, match=r"must match the required frame specifiedwindowframe\(RowFrame"):
        df.select(F.counter_diff("c").over(Window.orderBy("t").rowsBetween(-1, 0))).collect()
    with pytest.raises(AnalysisException, match=r'\[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE\] Window function "counter_diff\(c\)"'):
        df.select(F.counter_diff("c")).collect()


def test_it_takes_only_numbers_and_timestamps(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "5", 0)], "t int, c string, s int")
    with pytest.raises(AnalysisException, match=r'The first parameter requires the "NUMERIC" type'):
        df.select(F.counter_diff("c").over(Window.orderBy("t"))).collect()
    with pytest.raises(AnalysisException, match=r'The second parameter requires the \("TIMESTAMP" or "TIMESTAMP_NTZ"\) type'):
        df.select(F.counter_diff("t", "s").over(Window.orderBy("t"))).collect()
