"""Spark 4.1's make_timestamp(date, time[, zone]) (and make_timestamp_ntz / _ltz / try_ forms)
builds a timestamp from a DATE and a TIME; ``F.lit(datetime.time(...))`` is a TIME(6) literal,
shown and cast to text without trailing zeros. Expected values come from PySpark 4.3 with a
UTC session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, PySparkValueError


@pytest.fixture
def utc_spark(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    """The session with its zone set to UTC for one test (timestamps collect as UTC wall clock)."""
    zone = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    yield spark
    spark.conf.set("spark.sql.session.timeZone", zone)


def test_time_literals_are_times_of_day_printed_without_trailing_zeros(utc_spark: engine.SparkSession) -> None:
    times = [dt.time(6, 30, 45, 887000), dt.time(0, 0), dt.time(1, 2, 3, 4), dt.time(23, 59, 59, 999999)]
    out = utc_spark.range(1).select(*[F.lit(t).alias(f"t{i}") for i, t in enumerate(times)])
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["time(6)"] * 4
    assert tuple(out.first()) == tuple(times)
    assert out._show_string(truncate=False).splitlines()[3] == "|06:30:45.887|00:00:00|01:02:03.000004|23:59:59.999999|"
    assert out.select(F.col("t0").cast("string")).first()[0] == "06:30:45.887"


def test_a_date_and_a_time_make_a_timestamp_in_the_given_or_session_zone(utc_spark: engine.SparkSession) -> None:
    df = utc_spark.range(1).select(
        F.lit(dt.date(2014, 12, 28)).alias("d"), F.lit(dt.time(6, 30, 45, 887000)).alias("t"), F.lit("CET").alias("tz")
    )
    out = df.select(
        F.make_timestamp(date=df.d, time=df.t, timezone=df.tz),
        F.make_timestamp(date=df.d, time=df.t),
        F.make_timestamp_ntz(date=df.d, time=df.t),
        F.try_make_timestamp(date=df.d, time=df.t, timezone=df.tz),
    )
    assert out.columns == [
        "make_timestamp(d, t, tz)", "make_timestamp(d, t)", "make_timestamp_ntz(d, t)", "try_make_timestamp(d, t, tz)",
    ]  # fmt: skip
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["timestamp", "timestamp", "timestamp_ntz", "timestamp"]
    assert tuple(out.first()) == (
        dt.datetime(2014, 12, 28, 5, 30, 45, 887000), dt.datetime(2014, 12, 28, 6, 30, 45, 887000),
        dt.datetime(2014, 12, 28, 6, 30, 45, 887000), dt.datetime(2014, 12, 28, 5, 30, 45, 887000),
    )  # fmt: skip


def test_the_sql_forms_and_a_null_date(utc_spark: engine.SparkSession) -> None:
    out = utc_spark.sql(
        "SELECT make_timestamp_ltz(DATE'2014-12-28', TIME'06:30:45') e, "
        "try_make_timestamp_ntz(DATE'2014-12-28', TIME'06:30:45') f, make_timestamp(NULL, TIME'06:30:45') g"
    )
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["timestamp", "timestamp_ntz", "timestamp"]
    assert tuple(out.first()) == (dt.datetime(2014, 12, 28, 6, 30, 45), dt.datetime(2014, 12, 28, 6, 30, 45), None)


def test_the_second_argument_must_be_a_time(utc_spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException, match=r'The second parameter requires the "TIME" type, however "TIMESTAMP'):
        utc_spark.sql("SELECT make_timestamp(DATE'2014-12-28', TIMESTAMP'2020-01-01 06:30:45')").collect()


def test_fields_and_a_date_cannot_be_given_together(utc_spark: engine.SparkSession) -> None:
    with pytest.raises(PySparkValueError, match="CANNOT_SET_TOGETHER"):
        F.make_timestamp(F.lit(2014), F.lit(12), F.lit(28), F.lit(6), F.lit(30), F.lit(0), date=F.current_date())
