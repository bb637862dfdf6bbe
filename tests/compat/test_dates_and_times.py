"""PySpark 4 answers for date/timestamp programs: zone pattern letters, pandas datetimes (observed on Spark 4)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest

import engine
from engine import functions as F


def _in_zone(spark: engine.SparkSession, zone: str) -> Iterator[engine.SparkSession]:
    before = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", zone)
    yield spark
    spark.conf.set("spark.sql.session.timeZone", before)


@pytest.fixture
def new_york(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    """The session with its zone set to America/New_York for one test, then put back."""
    yield from _in_zone(spark, "America/New_York")


@pytest.fixture
def utc(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    """The session with its zone set to UTC for one test, then put back."""
    yield from _in_zone(spark, "UTC")


def test_date_format_zone_letters_follow_daylight_saving(new_york: engine.SparkSession) -> None:
    df = new_york.createDataFrame([("2024-01-10 12:00:00",), ("2024-07-10 12:00:00",)], ["s"])
    ts = F.to_timestamp("s")
    patterns = {"x1": "X", "x2": "XX", "x3": "XXX", "lx3": "xxx", "z1": "Z", "zz": "z", "vv": "VV"}
    rows = df.select(*[F.date_format(ts, p).alias(k) for k, p in patterns.items()]).collect()
    assert [tuple(r) for r in rows] == [
        ("-05", "-0500", "-05:00", "-05:00", "-0500", "EST", "America/New_York"),
        ("-04", "-0400", "-04:00", "-04:00", "-0400", "EDT", "America/New_York"),
    ]


def test_date_format_prints_z_for_a_zero_offset_with_capital_x(utc: engine.SparkSession) -> None:
    df = utc.createDataFrame([("2024-03-10 12:00:00",)], ["s"])
    ts = F.to_timestamp("s")
    out = df.select(
        F.date_format(ts, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX").alias("iso"),
        F.date_format(ts, "X").alias("x1"),
        F.date_format(ts, "xxx").alias("lx3"),
        F.date_format(ts, "x").alias("lx1"),
        F.date_format(ts, "Z").alias("z1"),
        F.date_format(ts, "z").alias("zz"),
    )
    assert tuple(out.first()) == ("2024-03-10T12:00:00.000Z", "Z", "+00:00", "+00", "+0000", "UTC")


def test_pandas_naive_datetimes_become_session_timestamps(new_york: engine.SparkSession) -> None:
    pd = pytest.importorskip("pandas")
    pdf = pd.DataFrame({"t": pd.to_datetime(["2024-01-01 10:00", None])})
    df = new_york.createDataFrame(pdf)
    assert df.schema.simpleString() == "struct<t:timestamp>"
    assert df.select(F.date_format("t", "yyyy-MM-dd HH:mm XXX").alias("s")).collect() == [
        engine.Row(s="2024-01-01 10:00 -05:00"),
        engine.Row(s=None),
    ]
    assert df.select(F.unix_timestamp("t").alias("u")).first().u == int(
        datetime.datetime(2024, 1, 1, 15, 0, tzinfo=datetime.timezone.utc).timestamp()
    )


def test_day_time_intervals_print_only_their_own_fields(spark: engine.SparkSession, capsys) -> None:  # type: ignore[no-untyped-def]
    df = spark.createDataFrame([("2024-01-01", "2024-01-03 12:30:00")], ["a", "b"])
    r = df.select(
        (F.to_date("b") - F.to_date("a")).alias("di"),
        F.expr("INTERVAL 3 HOURS").alias("h"),
        F.expr("INTERVAL '1 2' DAY TO HOUR").alias("dh"),
        F.expr("INTERVAL 90 MINUTES").alias("m"),
        F.expr("INTERVAL 5 SECONDS").alias("s"),
        F.expr("INTERVAL '-1 02:03' DAY TO MINUTE").alias("neg"),
    )
    assert r.schema.simpleString() == (
        "struct<di:interval day,h:interval hour,dh:interval day to hour,m:interval minute,"
        "s:interval second,neg:interval day to minute>"
    )
    texts = (
        "INTERVAL '2' DAY",
        "INTERVAL '03' HOUR",
        "INTERVAL '1 02' DAY TO HOUR",
        "INTERVAL '90' MINUTE",
        "INTERVAL '05' SECOND",
        "INTERVAL '-1 02:03' DAY TO MINUTE",
    )
    assert tuple(r.select([F.col(c).cast("string") for c in r.columns]).first()) == texts
    r.show(truncate=False)
    assert "|" + "|".join(texts) + "|" in capsys.readouterr().out


def test_year_month_intervals_as_text(spark: engine.SparkSession, capsys) -> None:  # type: ignore[no-untyped-def]
    r = spark.range(1).select(
        F.expr("INTERVAL 2 YEARS").alias("y"),
        F.expr("INTERVAL '1-2' YEAR TO MONTH").alias("ym"),
        F.expr("INTERVAL 14 MONTHS").alias("mo"),
    )
    assert r.schema.simpleString() == "struct<y:interval year,ym:interval year to month,mo:interval month>"
    assert tuple(r.select([F.col(c).cast("string") for c in r.columns]).first()) == (
        "INTERVAL '2' YEAR",
        "INTERVAL '1-2' YEAR TO MONTH",
        "INTERVAL '14' MONTH",
    )
    r.show()
    assert "|INTERVAL '2' YEAR|INTERVAL '1-2' YE...|INTERVAL '14' MONTH|" in capsys.readouterr().out


def test_fraction_pattern_needs_digits_no_wider_than_its_s_run(spark: engine.SparkSession) -> None:
    values = [
        "2024-01-15 10:20:30.123",
        "2024-01-15 10:20:30",
        "2024-01-15 10:20:30.5",
        "2024-01-15 10:20:30.123456",
        "2024-01-15 10:20:30.5Z",
        "2024-01-15 10:20:30.12a",
    ]
    df = spark.createDataFrame([(v,) for v in values], ["s"])
    patterns = ["yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd HH:mm:ss.SSSSSS", "yyyy-MM-dd HH:mm:ss.S"]
    out = df.select(*[F.try_to_timestamp("s", F.lit(p)) for p in patterns])
    us = datetime.datetime(2024, 1, 15, 10, 20, 30).replace
    assert [tuple(r) for r in out.collect()] == [
        (us(microsecond=123000), us(microsecond=123000), None),
        (None, None, None),
        (us(microsecond=500000), us(microsecond=500000), us(microsecond=500000)),
        (None, us(microsecond=123456), None),
        (None, None, None),
        (None, None, None),
    ]


def test_sequence_of_dates_and_timestamps_builds_a_spine(spark: engine.SparkSession) -> None:
    d = lambda s: F.to_date(F.lit(s))  # noqa: E731
    out = spark.range(1).select(
        F.sequence(d("2024-01-01"), d("2024-03-01"), F.expr("interval 1 month")).alias("c"),
        F.sequence(d("2024-01-30"), d("2024-02-02")).alias("d"),
        F.sequence(d("2024-01-01"), d("2024-01-10"), F.expr("interval 3 days")).alias("e"),
        F.sequence(
            F.to_timestamp(F.lit("2024-01-01 00:00:00")),
            F.to_timestamp(F.lit("2024-01-01 02:00:00")),
            F.expr("interval 1 hour"),
        ).alias("f"),
        F.sequence(d("2024-01-31"), d("2024-04-30"), F.expr("interval 1 month")).alias("g"),
    )
    assert out.schema.simpleString() == "struct<c:array<date>,d:array<date>,e:array<date>,f:array<timestamp>,g:array<date>>"
    day = datetime.date
    row = out.first()
    assert row.c == [day(2024, 1, 1), day(2024, 2, 1), day(2024, 3, 1)]
    assert row.d == [day(2024, 1, 30), day(2024, 1, 31), day(2024, 2, 1), day(2024, 2, 2)]
    assert row.e == [day(2024, 1, 1), day(2024, 1, 4), day(2024, 1, 7), day(2024, 1, 10)]
    assert row.f == [datetime.datetime(2024, 1, 1, h) for h in range(3)]
    assert row.g == [day(2024, 1, 31), day(2024, 2, 29), day(2024, 3, 31), day(2024, 4, 30)]


def test_localtimestamp_is_a_timestamp_ntz_and_extract_keeps_its_name(spark: engine.SparkSession) -> None:
    now = spark.range(1).select(F.current_timestamp(), F.localtimestamp())
    assert now.schema.simpleString() == "struct<current_timestamp():timestamp,localtimestamp():timestamp_ntz>"
    df = spark.createDataFrame([("2024-03-15",)], ["a"])
    out = df.select(F.extract(F.lit("YEAR"), F.to_date("a")))
    assert out.columns == ["extract(YEAR FROM to_date(a))"]
    assert out.first()[0] == 2024


def test_epoch_numbers_become_timestamps(utc: engine.SparkSession) -> None:
    df = utc.createDataFrame([(1700000000, 1700000000123)], "sec long, ms long")
    out = df.select(
        F.to_timestamp(F.col("sec")).alias("b"),
        F.timestamp_millis("ms").alias("c"),
        F.date_format(F.col("sec").cast("timestamp"), "EEE, dd MMM yyyy").alias("h"),
    )
    assert out.schema.simpleString() == "struct<b:timestamp,c:timestamp,h:string>"
    assert out.select([F.col(c).cast("string") for c in out.columns]).first() == engine.Row(
        b="2023-11-14 22:13:20", c="2023-11-14 22:13:20.123", h="Tue, 14 Nov 2023"
    )
