"""make_timestamp reads each row's fields in that row's time zone when the zone is a column (it
read them in the session zone, a wrong instant); histogram_numeric breaks ties between equally
close bins as Spark does, with java.util.Random seeded at 31183, so integer data (where many gaps
tie) gives Spark's bins. Expected values come from PySpark 4.3 with a UTC session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import engine
from engine import functions as F
from engine.errors import DateTimeException


@pytest.fixture
def utc_spark(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    """The session with its zone set to UTC for one test (timestamps collect as UTC wall clock)."""
    zone = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    yield spark
    spark.conf.set("spark.sql.session.timeZone", zone)


def test_make_timestamp_reads_each_rows_fields_in_its_own_zone(utc_spark: engine.SparkSession) -> None:
    rows = [
        (1, 2024, 3, 10, 2, 30, 15.5, "America/Los_Angeles"),  # in the spring-forward gap: 03:30 PDT
        (2, 2024, 3, 10, 2, 30, 15.5, "Asia/Tokyo"),
        (3, 2024, 3, 10, 2, 30, 15.5, None),  # a null zone gives null
        (4, 2024, 1, 1, 0, 0, 0.0, "+05:30"),
    ]
    df = utc_spark.createDataFrame(rows, "i int, y int, mo int, d int, h int, mi int, s double, tz string")
    out = df.orderBy("i").select(F.make_timestamp("y", "mo", "d", "h", "mi", "s", "tz"))
    assert out.columns == ["make_timestamp(y, mo, d, h, mi, s, tz)"]
    assert [r[0] for r in out.collect()] == [
        dt.datetime(2024, 3, 10, 10, 30, 15, 500000),
        dt.datetime(2024, 3, 9, 17, 30, 15, 500000),
        None,
        dt.datetime(2023, 12, 31, 18, 30),
    ]


def test_make_timestamp_names_an_unknown_zone_in_a_column(utc_spark: engine.SparkSession) -> None:
    df = utc_spark.createDataFrame([(2024, 1, 1, 0, 0, 0.0, "Mars/Base")], "y int, mo int, d int, h int, mi int, s double, tz string")
    with pytest.raises(DateTimeException, match=r"\[INVALID_TIMEZONE\] The timezone: Mars/Base is invalid"):
        df.select(F.make_timestamp("y", "mo", "d", "h", "mi", "s", "tz")).collect()


def test_histogram_numeric_breaks_ties_between_equal_gaps_as_spark(spark: engine.SparkSession) -> None:
    evenly = spark.createDataFrame([(float(v),) for v in range(12)], "v double").coalesce(1)
    assert [tuple(b) for b in evenly.select(F.histogram_numeric("v", F.lit(4))).first()[0]] == [
        (1.0, 3.0), (4.5, 4.0), (8.5, 4.0), (11.0, 1.0),
    ]  # fmt: skip
    shuffled = [5, 3, 9, 1, 7, 2, 8, 4, 6, 0, 10, 12, 11, 20, 15]
    ints = spark.createDataFrame([(v,) for v in shuffled], "v int").coalesce(1)
    assert [tuple(b) for b in ints.select(F.histogram_numeric("v", F.lit(3))).first()[0]] == [
        (2, 6.0), (9, 7.0), (17, 2.0),
    ]  # fmt: skip
    repeats = spark.range(0, 60, 1, 1).selectExpr("id % 17 * 3 as v")
    assert [tuple(b) for b in repeats.select(F.histogram_numeric("v", F.lit(6))).first()[0]] == [
        (2, 12.0), (12, 13.0), (21, 11.0), (28, 6.0), (36, 9.0), (45, 9.0),
    ]  # fmt: skip

