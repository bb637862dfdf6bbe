"""ANSI intervals aggregate and widen as in Spark 4 (values observed in PySpark 4.3 runs):
sum/min/max keep the interval type, avg is a whole INTERVAL DAY TO SECOND / YEAR TO MONTH
rounded half up; day-time intervals of different fields (DAY, HOUR, MINUTE) meet in one type
holding the fields of both, so they compare, share an inline table column and union; year-month
intervals compare by their months."""

from __future__ import annotations

import datetime as dt

import engine


def test_day_time_sum_avg_min_max(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT sum(i), avg(i), max(i), min(i) FROM VALUES (INTERVAL '1' DAY), (INTERVAL '2' DAY), (NULL) t(i)")
    assert [f.dataType.simpleString() for f in df.schema.fields] == [
        "interval day", "interval day to second", "interval day", "interval day",
    ]  # fmt: skip
    assert tuple(df.collect()[0]) == (dt.timedelta(days=3), dt.timedelta(days=1, hours=12), dt.timedelta(days=2), dt.timedelta(days=1))


def test_year_month_sum_and_avg(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT CAST(sum(i) AS STRING), CAST(avg(i) AS STRING), CAST(max(i) AS STRING) "
        "FROM VALUES (INTERVAL '1-2' YEAR TO MONTH), (INTERVAL '2' MONTH) t(i)"
    )
    assert tuple(df.collect()[0]) == ("INTERVAL '1-4' YEAR TO MONTH", "INTERVAL '0-8' YEAR TO MONTH", "INTERVAL '1-2' YEAR TO MONTH")


def test_grouped_interval_aggregates(spark: engine.SparkSession) -> None:
    rows = spark.sql(
        "SELECT k, sum(i), avg(i), max(i) FROM VALUES (1, INTERVAL '1' SECOND), (1, INTERVAL '2' SECOND), "
        "(2, INTERVAL '-1' SECOND), (2, NULL), (3, NULL) t(k, i) GROUP BY k ORDER BY k"
    ).collect()
    assert [tuple(r) for r in rows] == [
        (1, dt.timedelta(seconds=3), dt.timedelta(seconds=1.5), dt.timedelta(seconds=2)),
        (2, dt.timedelta(seconds=-1), dt.timedelta(seconds=-1), dt.timedelta(seconds=-1)),
        (3, None, None, None),
    ]


def test_day_time_fields_widen_in_inline_tables(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT i FROM VALUES (INTERVAL '1' DAY), (INTERVAL '-3' HOUR), (INTERVAL '2' MINUTE) t(i) ORDER BY i")
    assert df.schema.fields[0].dataType.simpleString() == "interval day to minute"
    assert [r[0] for r in df.collect()] == [dt.timedelta(hours=-3), dt.timedelta(minutes=2), dt.timedelta(days=1)]
    extremes = spark.sql(
        "SELECT max(i), min(i) FROM VALUES (INTERVAL '1' DAY), (INTERVAL '-3' HOUR), (INTERVAL '2' MINUTE) t(i)"
    ).collect()[0]
    assert tuple(extremes) == (dt.timedelta(days=1), dt.timedelta(hours=-3))


def test_intervals_of_different_fields_compare(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "SELECT INTERVAL '1' DAY > INTERVAL '23' HOUR, INTERVAL '1' DAY = INTERVAL '24' HOUR, "
        "INTERVAL '1' MINUTE < INTERVAL '1' HOUR, INTERVAL '1-0' YEAR TO MONTH = INTERVAL '12' MONTH, "
        "INTERVAL '1' YEAR > INTERVAL '13' MONTH"
    ).collect()[0]
    assert tuple(row) == (True, True, True, True, False)
