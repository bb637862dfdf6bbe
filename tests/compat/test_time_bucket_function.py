"""time_bucket(size, ts[, origin]) (Spark 4.2): the start of the bucket holding ts. For a TIMESTAMP,
whole-day and year-month buckets follow the session zone's wall clock (a day bucket starts at
local midnight, also on daylight-saving days) and other sizes count real time from the origin's
instant; a TIMESTAMP_NTZ is bucketed on its own clock; year-month buckets step whole months from
the origin, its day clamped to shorter months. Expected values come from PySpark 4.3."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


@pytest.fixture
def zoned(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    """The session; each test sets the zone it needs, and the old one comes back after."""
    zone = spark.conf.get("spark.sql.session.timeZone")
    yield spark
    spark.conf.set("spark.sql.session.timeZone", zone)


def test_buckets_in_utc_floor_from_the_epoch(zoned: engine.SparkSession) -> None:
    zoned.conf.set("spark.sql.session.timeZone", "UTC")
    out = zoned.sql(
        "SELECT time_bucket(INTERVAL '15' MINUTE, TIMESTAMP'1969-12-31 23:52:00') a, "
        "time_bucket(INTERVAL '7' DAY, TIMESTAMP'2024-03-17 11:27:00') b, "
        "time_bucket(INTERVAL '1 12' DAY TO HOUR, TIMESTAMP'2024-03-17 11:27:00') c, "
        "time_bucket(INTERVAL '0.000007' SECOND, TIMESTAMP'2024-03-10 12:10:00.123456') d, "
        "time_bucket(INTERVAL '1' DAY, TIMESTAMP_NTZ'2024-01-01 11:27:00') e"
    )
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["timestamp"] * 4 + ["timestamp_ntz"]
    assert tuple(out.first()) == (
        dt.datetime(1969, 12, 31, 23, 45), dt.datetime(2024, 3, 14), dt.datetime(2024, 3, 16, 12),
        dt.datetime(2024, 3, 10, 12, 10, 0, 123454), dt.datetime(2024, 1, 1),
    )  # fmt: skip


def test_month_buckets_step_from_the_origin(zoned: engine.SparkSession) -> None:
    zoned.conf.set("spark.sql.session.timeZone", "UTC")
    out = zoned.sql(
        "SELECT time_bucket(INTERVAL '5' MONTH, TIMESTAMP'1969-03-17 11:27:00') a, "
        "time_bucket(INTERVAL '1-6' YEAR TO MONTH, TIMESTAMP'2024-03-17 11:27:00', TIMESTAMP'2000-02-15 06:00:00') b, "
        "time_bucket(INTERVAL '1' MONTH, TIMESTAMP'2024-03-15 05:00:00', TIMESTAMP'2000-01-15 06:00:00') c"
    )
    assert tuple(out.first()) == (dt.datetime(1969, 3, 1), dt.datetime(2024, 2, 15, 6), dt.datetime(2024, 2, 15, 6))


def test_a_timestamps_days_follow_the_session_zone(zoned: engine.SparkSession) -> None:
    zoned.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")  # 2024-03-10 is 23 hours long there
    out = zoned.sql(
        "SELECT time_bucket(INTERVAL '1' DAY, TIMESTAMP'2024-03-10 12:00:00') a, "
        "time_bucket(INTERVAL '2' HOUR, TIMESTAMP'2024-03-10 05:30:00') b, "
        "time_bucket(INTERVAL '36' HOUR, TIMESTAMP'2024-03-10 12:00:00') c, "
        "time_bucket(INTERVAL '1' MONTH, TIMESTAMP'2024-03-10 12:00:00') d"
    )
    # read as local text; PySpark gave the instants 08:00, 12:00, 08:00 (03-09) and 08:00 (03-01) UTC
    text = out.selectExpr(*[f"CAST({c} AS STRING)" for c in "abcd"]).first()
    assert tuple(text) == ("2024-03-10 00:00:00", "2024-03-10 05:00:00", "2024-03-09 00:00:00", "2024-03-01 00:00:00")


def test_sub_day_buckets_count_from_local_midnight_in_a_half_hour_zone(zoned: engine.SparkSession) -> None:
    zoned.conf.set("spark.sql.session.timeZone", "Asia/Kolkata")
    out = zoned.sql(
        "SELECT CAST(time_bucket(INTERVAL '1' HOUR, TIMESTAMP'2024-03-10 12:10:00') AS STRING) a, "
        "CAST(time_bucket(INTERVAL '1' DAY, TIMESTAMP'2024-03-10 02:00:00', TIMESTAMP'2024-01-01 03:00:00') AS STRING) b"
    )
    # PySpark gave the instants 06:30 (03-10) and 21:30 (03-08) UTC
    assert tuple(out.first()) == ("2024-03-10 12:00:00", "2024-03-09 03:00:00")


def test_daylight_saving_days_and_month_end_origins(zoned: engine.SparkSession) -> None:
    zoned.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")  # 2024-11-03 is 25 hours long there
    out = zoned.sql(
        "SELECT CAST(time_bucket(INTERVAL '1' DAY, TIMESTAMP'2024-11-03 23:30:00') AS STRING) a, "
        "CAST(time_bucket(INTERVAL '90' MINUTE, TIMESTAMP'2024-11-03 03:10:00') AS STRING) b, "
        "CAST(time_bucket(INTERVAL '1' MONTH, TIMESTAMP'2024-03-31 09:00:00', TIMESTAMP'2024-01-31 10:00:00') AS STRING) c, "
        "time_bucket(INTERVAL '3' MONTH, TIMESTAMP_NTZ'1969-12-31 23:59:59', TIMESTAMP_NTZ'1970-02-28 00:00:00') d"
    )
    assert tuple(out.first()) == ("2024-11-03 00:00:00", "2024-11-03 03:00:00", "2024-02-29 10:00:00", dt.datetime(1969, 11, 28))


def test_the_column_names_the_default_origin(zoned: engine.SparkSession) -> None:
    zoned.conf.set("spark.sql.session.timeZone", "UTC")
    df = zoned.createDataFrame([(dt.datetime(2024, 1, 1, 11, 27),)], "ts timestamp_ntz")
    out = df.select(F.time_bucket(F.expr("INTERVAL '15' MINUTE"), "ts"))
    assert out.columns == ["time_bucket(INTERVAL '15' MINUTE, ts, TIMESTAMP_NTZ '1970-01-01 00:00:00')"]
    assert out.first()[0] == dt.datetime(2024, 1, 1, 11, 15)


def test_size_and_origin_must_be_positive_constants_of_the_right_types(zoned: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException, match=r"The `bucketSize` must be between \(0, inf\) \(current value = INTERVAL '-1' MONTH\)"):
        zoned.sql("SELECT time_bucket(INTERVAL '-1' MONTH, TIMESTAMP'2024-03-10 12:10:00')").collect()
    with pytest.raises(AnalysisException, match=r"the input `origin` should be a foldable \"TIMESTAMP\" expression"):
        zoned.sql("SELECT time_bucket(INTERVAL '1' HOUR, t, t) FROM VALUES (TIMESTAMP'2024-03-10 12:10:00') AS v(t)").collect()
    with pytest.raises(AnalysisException, match=r'The third parameter requires the "TIMESTAMP_NTZ" type'):
        zoned.sql("SELECT time_bucket(INTERVAL '1' HOUR, TIMESTAMP_NTZ'2024-03-10 12:10:00', TIMESTAMP'2024-01-01 00:00:00')").collect()
    with pytest.raises(AnalysisException, match=r'The second parameter requires the "\(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE\)" type'):
        zoned.sql("SELECT time_bucket(INTERVAL '7' DAY, DATE'2024-03-17')").collect()
