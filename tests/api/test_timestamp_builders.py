"""try_to_date, to_timestamp_ntz/_ltz, make_timestamp_ntz/_ltz and try_ forms, convert_timezone,
timestamp_add/timestamp_diff: values, names and errors as PySpark 4.3 gives them with the
session time zone America/Los_Angeles (the test process runs in UTC, as PySpark's did)."""

from __future__ import annotations

import datetime as dt

import pytest

from engine import functions as F
from engine.errors import ArithmeticException, DateTimeException, IllegalArgumentException

D = dt.datetime


@pytest.fixture
def la(spark):
    old = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    yield spark
    spark.conf.set("spark.sql.session.timeZone", old)


def row(spark, sql):
    return tuple(spark.sql(sql).collect()[0])


def test_try_to_date_is_null_where_to_date_fails(la):
    got = row(la, "SELECT try_to_date('2024-02-30'), try_to_date('02/28/2024', 'MM/dd/yyyy'), try_to_date('x', 'MM/dd/yyyy'), try_to_date('2024-01-01 10:00:00')")
    assert got == (None, dt.date(2024, 2, 28), None, dt.date(2024, 1, 1))
    df = la.createDataFrame([("2024-02-28",), ("nope",)], "s string")
    out = df.select(F.try_to_date("s"), F.try_to_date("s", "yyyy-MM-dd"))
    assert out.columns == ["try_to_date(s)", "try_to_date(s, yyyy-MM-dd)"]
    assert [tuple(r) for r in out.collect()] == [(dt.date(2024, 2, 28),) * 2, (None, None)]


def test_to_timestamp_ntz_and_ltz(la):
    got = row(la, "SELECT to_timestamp_ntz('2024-01-02 03:04:05'), to_timestamp_ntz('2024-01-02', 'yyyy-MM-dd'), "
                  "to_timestamp_ntz('2024-01-02 03:04:05+05:00'), to_timestamp_ltz('2024-01-02 03:04:05'), "
                  "to_timestamp_ltz('2024-01-02 03:04:05+05:00'), to_timestamp_ntz(date'2024-01-02'), to_timestamp_ltz(1700000000)")  # fmt: skip
    assert got == (D(2024, 1, 2, 3, 4, 5), D(2024, 1, 2), D(2024, 1, 2, 3, 4, 5), D(2024, 1, 2, 11, 4, 5),
                   D(2024, 1, 1, 22, 4, 5), D(2024, 1, 2), D(2023, 11, 14, 22, 13, 20))  # fmt: skip
    types = [f.dataType.simpleString() for f in la.sql("SELECT to_timestamp_ntz('x'), to_timestamp_ltz('x')").schema.fields]
    assert types == ["timestamp_ntz", "timestamp"]
    with pytest.raises(DateTimeException, match="CAST_INVALID_INPUT"):
        la.sql("SELECT to_timestamp_ntz('garbage')").collect()


def test_make_timestamp_ntz_and_ltz(la):
    got = row(la, "SELECT make_timestamp_ntz(2024, 2, 29, 13, 14, 15.123456), make_timestamp_ntz(2024, 1, 1, 0, 0, 60), "
                  "make_timestamp_ltz(2024, 2, 29, 13, 14, 15.5), make_timestamp_ltz(2024, 2, 29, 13, 14, 15, 'Asia/Tokyo')")  # fmt: skip
    assert got == (D(2024, 2, 29, 13, 14, 15, 123456), D(2024, 1, 1, 0, 1), D(2024, 2, 29, 21, 14, 15, 500000), D(2024, 2, 29, 4, 14, 15))
    df = la.createDataFrame([(2024, 2, 29, 13, 14, 15)], "y int, mo int, d int, h int, mi int, s int")
    out = df.select(F.make_timestamp_ntz("y", "mo", "d", "h", "mi", "s"), F.make_timestamp_ltz("y", "mo", "d", "h", "mi", "s", F.lit("UTC")))
    assert out.columns == ["make_timestamp_ntz(y, mo, d, h, mi, s)", "make_timestamp_ltz(y, mo, d, h, mi, s, UTC)"]
    assert tuple(out.collect()[0]) == (D(2024, 2, 29, 13, 14, 15), D(2024, 2, 29, 13, 14, 15))


def test_make_timestamp_field_errors_and_try_forms(la):
    with pytest.raises(DateTimeException, match=r"DATETIME_FIELD_OUT_OF_BOUNDS.*Invalid date 'February 29' as '2023' is not a leap year"):
        la.sql("SELECT make_timestamp_ntz(2023, 2, 29, 13, 14, 15)").collect()
    with pytest.raises(DateTimeException, match=r"Invalid value for SecondOfMinute \(valid values 0 - 59\): 61"):
        la.sql("SELECT make_timestamp_ltz(2023, 1, 1, 0, 0, 61)").collect()
    with pytest.raises(DateTimeException, match=r"INVALID_FRACTION_OF_SECOND.*provided value is 60.5\."):
        la.sql("SELECT make_timestamp_ntz(2024, 1, 1, 0, 0, 60.5)").collect()
    out = la.sql("SELECT try_make_timestamp(2023, 2, 29, 13, 14, 15), try_make_timestamp(2024, 2, 29, 13, 14, 15.25), "
                 "try_make_timestamp(2024, 2, 29, 13, 14, 15, 'UTC'), try_make_timestamp_ntz(2024, 2, 29, 13, 14, 15), "
                 "try_make_timestamp_ltz(2023, 2, 29, 13, 14, 15)")  # fmt: skip
    assert out.columns[2] == "try_make_timestamp(2024, 2, 29, 13, 14, 15)"  # Spark leaves the zone out of the name
    assert tuple(out.collect()[0]) == (None, D(2024, 2, 29, 21, 14, 15, 250000), D(2024, 2, 29, 13, 14, 15), D(2024, 2, 29, 13, 14, 15), None)


def test_convert_timezone(la):
    out = la.sql("SELECT convert_timezone('UTC', 'Asia/Tokyo', timestamp_ntz'2024-01-01 00:00:00'), "
                 "convert_timezone('Asia/Tokyo', timestamp_ntz'2024-01-01 00:00:00'), "
                 "convert_timezone('UTC', 'America/New_York', timestamp'2024-07-01 12:00:00'), "
                 "convert_timezone('+01:00', 'UTC', timestamp_ntz'2024-01-01 00:00:00'), convert_timezone(NULL, 'UTC', timestamp_ntz'2024-01-01 00:00:00')")  # fmt: skip
    assert out.columns[1].startswith("convert_timezone(current_timezone(), Asia/Tokyo, ")
    assert tuple(out.collect()[0]) == (D(2024, 1, 1, 9), D(2024, 1, 1, 17), D(2024, 7, 1, 8), D(2023, 12, 31, 23), None)
    df = la.createDataFrame([(D(2024, 1, 1),)], "t timestamp_ntz")
    got = df.select(F.convert_timezone(None, F.lit("Asia/Tokyo"), "t"), F.convert_timezone(F.lit("UTC"), F.lit("Asia/Tokyo"), "t"))
    assert got.columns == ["convert_timezone(current_timezone(), Asia/Tokyo, t)", "convert_timezone(UTC, Asia/Tokyo, t)"]
    assert tuple(got.collect()[0]) == (D(2024, 1, 1, 17), D(2024, 1, 1, 9))
    with pytest.raises(DateTimeException, match=r"\[INVALID_TIMEZONE\] The timezone: Bogus/Zone is invalid"):
        la.sql("SELECT convert_timezone('Bogus/Zone', 'UTC', timestamp_ntz'2024-01-01 00:00:00')").collect()


def test_timestampadd_calendar_and_exact_units(la):
    got = row(la, "SELECT timestampadd(DAY, 2, timestamp'2024-01-30 10:00:00'), timestampadd(MONTH, 1, timestamp'2024-01-31 10:00:00'), "
                  "timestampadd(HOUR, -3, timestamp_ntz'2024-01-30 10:00:00'), timestampadd(SECOND, 5, date'2024-01-01'), "
                  "timestampadd(YEAR, 1, date'2024-02-29'), timestampadd(QUARTER, 1, timestamp'2024-01-30 10:00:00'), "
                  "timestampadd(HOUR, 1, timestamp'2024-03-10 01:30:00'), timestampadd(DAY, 1, timestamp'2024-03-09 02:30:00'), "
                  "timestampadd(DAY, 1.5, timestamp'2024-01-01 00:00:00')")  # fmt: skip
    assert got == (D(2024, 2, 1, 18), D(2024, 2, 29, 18), D(2024, 1, 30, 7), D(2024, 1, 1, 8, 0, 5), D(2025, 2, 28, 8),
                   D(2024, 4, 30, 17), D(2024, 3, 10, 10, 30), D(2024, 3, 10, 10, 30), D(2024, 1, 2, 8))  # fmt: skip
    with pytest.raises(ArithmeticException, match=r"DATETIME_OVERFLOW.*add 3000000000L DAY"):
        la.sql("SELECT timestampadd(DAY, 3000000000, timestamp'2024-01-01 00:00:00')").collect()


def test_timestampdiff_counts_whole_wall_clock_units(la):
    got = row(la, "SELECT timestampdiff(DAY, timestamp'2024-01-01 10:00:00', timestamp'2024-01-03 09:00:00'), "
                  "timestampdiff(MONTH, timestamp'2024-01-31 00:00:00', timestamp'2024-02-29 00:00:00'), "
                  "timestampdiff(YEAR, timestamp'2024-02-29 00:00:00', timestamp'2025-02-28 00:00:00'), "
                  "timestampdiff(SECOND, timestamp'2024-01-01 00:00:10', timestamp'2024-01-01 00:00:00'), "
                  "timestampdiff(QUARTER, timestamp'2024-01-01 00:00:00', timestamp'2024-07-15 00:00:00'), "
                  "timestampdiff(HOUR, timestamp'2024-03-10 00:00:00', timestamp'2024-03-11 00:00:00'), "
                  "timestampdiff(MINUTE, timestamp'2024-03-10 01:00:00', timestamp'2024-03-10 03:00:00'), "
                  "timestampdiff(DAY, timestamp'2024-01-03 00:00:00', timestamp'2024-01-01 01:00:00'), "
                  "timestampdiff(MONTH, timestamp'2024-04-30 09:00:00', timestamp'2024-03-31 10:00:00')")  # fmt: skip
    assert got == (1, 0, 0, -10, 2, 24, 120, -1, 0)


def test_dataframe_timestamp_add_and_diff_name_the_unit_as_given(la):
    df = la.range(1).select(
        F.timestamp_add("DAY", F.lit(2), F.lit("2024-01-01 00:00:00").cast("timestamp")),
        F.timestamp_diff("hour", F.lit("2024-01-01").cast("timestamp"), F.lit("2024-01-02").cast("timestamp")),
        F.timestamp_add("week", F.lit(2), F.lit("2024-01-01").cast("date")),
    )
    assert df.columns == [
        "timestampadd(DAY, 2, CAST(2024-01-01 00:00:00 AS TIMESTAMP))",
        "timestampdiff(hour, CAST(2024-01-01 AS TIMESTAMP), CAST(2024-01-02 AS TIMESTAMP))",
        "timestampadd(week, 2, CAST(2024-01-01 AS DATE))",
    ]
    assert [f.dataType.simpleString() for f in df.schema.fields] == ["timestamp", "bigint", "timestamp"]
    assert tuple(df.collect()[0]) == (D(2024, 1, 3, 8), 24, D(2024, 1, 15, 8))
    bad = la.range(1).select(F.timestamp_add("DAYS", F.lit(2), F.lit("2024-01-01 00:00:00").cast("timestamp")))
    with pytest.raises(IllegalArgumentException, match=r"DATETIME_UNIT.*`TIMESTAMPADD`.*but got the string literal 'DAYS'"):
        bad.collect()
