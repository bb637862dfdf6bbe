"""from_utc_timestamp / to_utc_timestamp read Java's short zone ids ('PST', 'CTT', 'EST') as Spark
does, take a column of zones (each row its own), and name an unknown zone with INVALID_TIMEZONE;
make_timestamp_ltz takes a column of zones too. Logarithms of NaN are NaN (only values at or
below the asymptote are null). Expected values come from PySpark 4.3 with a UTC session."""

from __future__ import annotations

import datetime as dt
import math
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


def test_short_zone_ids_map_to_the_zones_java_gives_them(utc_spark: engine.SparkSession) -> None:
    df = utc_spark.createDataFrame([("2024-01-15 12:00:00",)], "s string")
    out = df.selectExpr(
        "from_utc_timestamp(s, 'PST') a", "to_utc_timestamp(s, 'PST') b", "from_utc_timestamp(s, 'EST') c",
        "from_utc_timestamp(s, 'CTT') d", "from_utc_timestamp(s, 'IST') e",
    )  # fmt: skip
    assert tuple(out.first()) == (
        dt.datetime(2024, 1, 15, 4, 0), dt.datetime(2024, 1, 15, 20, 0), dt.datetime(2024, 1, 15, 7, 0),
        dt.datetime(2024, 1, 15, 20, 0), dt.datetime(2024, 1, 15, 17, 30),
    )  # fmt: skip


def test_each_row_is_shifted_by_its_own_zone(utc_spark: engine.SparkSession) -> None:
    rows = [(1, "America/New_York"), (2, "Asia/Tokyo"), (3, None), (4, "JST")]
    df = utc_spark.createDataFrame(rows, "i int, tz string").withColumn("s", F.lit("2024-07-01 12:00:00"))
    out = df.orderBy("i").select(F.from_utc_timestamp("s", F.col("tz")), F.to_utc_timestamp("s", F.col("tz")))
    assert [tuple(r) for r in out.collect()] == [
        (dt.datetime(2024, 7, 1, 8, 0), dt.datetime(2024, 7, 1, 16, 0)),
        (dt.datetime(2024, 7, 1, 21, 0), dt.datetime(2024, 7, 1, 3, 0)),
        (None, None),
        (dt.datetime(2024, 7, 1, 21, 0), dt.datetime(2024, 7, 1, 3, 0)),
    ]


def test_make_timestamp_ltz_reads_each_rows_zone(utc_spark: engine.SparkSession) -> None:
    df = utc_spark.createDataFrame([(1, "UTC"), (2, "Asia/Tokyo"), (3, "PST")], "i int, tz string")
    out = df.orderBy("i").selectExpr("make_timestamp_ltz(2024, 3, 4, 5, 6, 7.5, tz) m")
    assert [r.m for r in out.collect()] == [
        dt.datetime(2024, 3, 4, 5, 6, 7, 500000),
        dt.datetime(2024, 3, 3, 20, 6, 7, 500000),
        dt.datetime(2024, 3, 4, 13, 6, 7, 500000),
    ]


def test_an_unknown_zone_is_invalid_timezone(utc_spark: engine.SparkSession) -> None:
    df = utc_spark.createDataFrame([("2024-01-15 12:00:00",)], "s string")
    with pytest.raises(DateTimeException, match=r"INVALID_TIMEZONE.*Mars/Base"):
        df.selectExpr("from_utc_timestamp(s, 'Mars/Base')").collect()


def test_logarithms_of_nan_are_nan_and_of_non_positive_values_null(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, float("nan")), (2, -1.0), (3, 0.0)], "i int, x double").orderBy("i")
    out = df.select(F.log10("x"), F.ln("x"), F.log2("x"), F.log1p("x"), F.log(10.0, "x"))
    assert out.columns == ["LOG10(x)", "ln(x)", "LOG2(x)", "LOG1P(x)", "LOG(10.0, x)"]
    nan_row, negative, zero = out.collect()
    assert all(math.isnan(v) for v in nan_row)
    assert tuple(negative) == (None,) * 5
    assert tuple(zero) == (None, None, None, 0.0, None)
