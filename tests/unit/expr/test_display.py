"""Spark's names for unaliased window, interval and field-access expressions (checked on Spark 4)."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine import Window
from engine import functions as F
from engine import types as T
from engine.expr import nodes as n
from engine.expr.display import literal_sql


@pytest.fixture(scope="module")
def df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame(
        [(1, "a", 10, [1, 2], {"a": 1}, (1, "x"), dt.date(2020, 1, 31), dt.datetime(2020, 1, 31, 10))],
        "k int, s string, v int, arr array<int>, m map<string,int>, st struct<x:int,y:string>, d date, ts timestamp",
    )


W = Window.partitionBy("s").orderBy("k")
SPEC = "PARTITION BY s ORDER BY k ASC NULLS FIRST"


@pytest.mark.parametrize(
    ("column", "name"),
    [
        (F.rank().over(W), f"RANK() OVER ({SPEC} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
        (F.dense_rank().over(W), f"DENSE_RANK() OVER ({SPEC} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
        (F.row_number().over(W), f"row_number() OVER ({SPEC} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
        (F.ntile(2).over(W), f"ntile(2) OVER ({SPEC} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
        (F.cume_dist().over(W), f"cume_dist() OVER ({SPEC} RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
        (F.sum("v").over(W), f"sum(v) OVER ({SPEC} RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"),
        (F.sum("v").over(Window.partitionBy("s")),
         "sum(v) OVER (PARTITION BY s ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"),
        (F.count("*").over(Window.partitionBy()), "count(1) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"),
        (F.sum("v").over(W.rowsBetween(-1, 1)), f"sum(v) OVER ({SPEC} ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING)"),
        (F.sum("v").over(W.rangeBetween(-2, 0)), f"sum(v) OVER ({SPEC} RANGE BETWEEN -2 FOLLOWING AND CURRENT ROW)"),
        (F.lag("v").over(W), f"lag(v, 1, NULL) OVER ({SPEC} ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)"),
        (F.lead("v", 2).over(W), f"lead(v, 2, NULL) OVER ({SPEC} ROWS BETWEEN 2 FOLLOWING AND 2 FOLLOWING)"),
        (F.lag("v", 1, 0).over(W), f"lag(v, 1, 0) OVER ({SPEC} ROWS BETWEEN -1 FOLLOWING AND -1 FOLLOWING)"),
    ],
)  # fmt: skip
def test_window_names_print_the_frame(df: engine.DataFrame, column: engine.Column, name: str) -> None:
    assert df.select(column).columns == [name]


def test_sql_preceding_offsets_print_as_written(spark: engine.SparkSession, df: engine.DataFrame) -> None:
    df.createOrReplaceTempView("display_t")
    sql = "SELECT sum(v) OVER (PARTITION BY s ORDER BY k ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM display_t"
    assert spark.sql(sql).columns == [f"sum(v) OVER ({SPEC} ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)"]


def test_field_access_and_nested_casts(df: engine.DataFrame) -> None:
    cols = [F.col("st")["x"], F.col("arr")[0], F.col("m")["a"], F.col("k").cast("string"), F.concat(F.col("k").cast("string"), F.lit("x"))]
    assert df.select(*cols).columns == ["st.x", "arr[0]", "m[a]", "k", "concat(CAST(k AS STRING), x)"]


def test_date_and_timestamp_plus_intervals(df: engine.DataFrame) -> None:
    cols = [F.col("d") + F.expr("INTERVAL 1 DAY"), F.col("ts") + F.expr("INTERVAL 1 DAY"), F.col("d") - F.expr("INTERVAL '1' MONTH")]
    assert df.select(*cols).columns == [
        "date_add(d, extractansiintervaldays(INTERVAL '1' DAY))", "ts + INTERVAL '1' DAY", "d - INTERVAL '1' MONTH"
    ]


DT, YM = T.DayTimeIntervalType, T.YearMonthIntervalType


@pytest.mark.parametrize(
    ("value", "dtype", "text"),
    [
        (dt.timedelta(days=3), DT(DT.DAY, DT.DAY), "INTERVAL '3' DAY"),
        (dt.timedelta(days=-3), DT(DT.DAY, DT.DAY), "INTERVAL '-3' DAY"),
        (dt.timedelta(hours=2), DT(DT.HOUR, DT.HOUR), "INTERVAL '02' HOUR"),
        (dt.timedelta(days=1, hours=2), DT(DT.DAY, DT.HOUR), "INTERVAL '1 02' DAY TO HOUR"),
        (dt.timedelta(days=3, hours=4, minutes=5, seconds=6), DT(DT.DAY, DT.SECOND), "INTERVAL '3 04:05:06' DAY TO SECOND"),
        (dt.timedelta(milliseconds=5), DT(DT.SECOND, DT.SECOND), "INTERVAL '00.005' SECOND"),
        (dt.timedelta(seconds=30), DT(DT.SECOND, DT.SECOND), "INTERVAL '30' SECOND"),
        (dt.timedelta(minutes=150), DT(DT.HOUR, DT.MINUTE), "INTERVAL '02:30' HOUR TO MINUTE"),
        (14, YM(YM.YEAR, YM.MONTH), "INTERVAL '1-2' YEAR TO MONTH"),
        (12, YM(YM.YEAR, YM.YEAR), "INTERVAL '1' YEAR"),
        (3, YM(YM.MONTH, YM.MONTH), "INTERVAL '3' MONTH"),
        (-14, YM(YM.YEAR, YM.MONTH), "INTERVAL '-1-2' YEAR TO MONTH"),
    ],
)  # fmt: skip
def test_interval_literals_print_as_spark(value: object, dtype: T.DataType, text: str) -> None:
    assert literal_sql(n.Literal(value, dtype)) == text
