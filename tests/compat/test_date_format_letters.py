"""date_format letters beyond strftime's and Spark's errors for week-based and illegal letters,
and months_between's whole-second arithmetic (observed on PySpark 4)."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine import functions as F
from engine.errors import IllegalArgumentException, SparkUpgradeException


def _fmt(spark: engine.SparkSession, pattern: str) -> list[str]:
    df = spark.createDataFrame([(dt.datetime(2024, 3, 15, 0, 45, 30),), (dt.datetime(2024, 11, 5, 12, 5, 0),)], ["ts"])
    return [r[0] for r in df.select(F.date_format("ts", pattern)).collect()]


def test_quarter_hour_era_and_standalone_month_letters(spark: engine.SparkSession) -> None:
    assert _fmt(spark, "Q|QQ|QQQ|QQQQ|q|qq") == ["1|01|Q1|1st quarter|1|01", "4|04|Q4|4th quarter|4|04"]
    assert _fmt(spark, "k kk K KK") == ["24 24 0 00", "12 12 0 00"]
    assert _fmt(spark, "G GGGG") == ["AD Anno Domini", "AD Anno Domini"]
    assert _fmt(spark, "L LL LLL LLLL F") == ["3 03 Mar March 1", "11 11 Nov November 5"]


@pytest.mark.parametrize(
    ("pattern", "error", "condition"),
    [
        ("w", SparkUpgradeException, "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION"),
        ("YYYY", SparkUpgradeException, "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION"),
        ("e", IllegalArgumentException, "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN"),
        ("D w u Q", IllegalArgumentException, "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN"),
        ("n", IllegalArgumentException, "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER"),
        ("B", IllegalArgumentException, "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER"),
    ],
)
def test_unsupported_letters_raise_sparks_error(
    spark: engine.SparkSession, pattern: str, error: type[Exception], condition: str
) -> None:
    with pytest.raises(error) as info:
        _fmt(spark, pattern)
    assert info.value.getCondition() == condition  # type: ignore[attr-defined]


def test_months_between_drops_microseconds(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(dt.datetime(2024, 3, 15, 13, 45, 30, 123456), dt.date(2024, 1, 31))], ["ts", "d"])
    row = df.select(F.months_between("ts", "d"), F.months_between("ts", "d", False)).collect()[0]
    assert row[0] == 1.50236335
    assert row[1] == 1.5023633512544803


def test_a_day_past_the_month_end_does_not_parse(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("31/02/2024",), ("29/02/2024",), ("30/04/2023",), ("31/04/2023",)], ["d"])
    out = df.select(F.try_to_timestamp("d", F.lit("dd/MM/yyyy")), F.try_to_timestamp("d", F.lit("d/MM/yyyy")))
    assert [tuple(r) for r in out.collect()] == [
        (None, None),
        (dt.datetime(2024, 2, 29), dt.datetime(2024, 2, 29)),
        (dt.datetime(2023, 4, 30), dt.datetime(2023, 4, 30)),
        (None, None),
    ]


@pytest.mark.parametrize(
    ("pattern", "error", "condition"),
    [
        # PySpark 4.3: day-of-week names and quarters only format; a parsing pattern refuses them
        ("EEE MMM dd yyyy", SparkUpgradeException, "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION"),
        ("E MMM dd yyyy", SparkUpgradeException, "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION"),
        ("QQQ", IllegalArgumentException, "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER"),
        ("qq yyyy", IllegalArgumentException, "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER"),
    ],
)
def test_format_only_letters_are_refused_when_parsing(
    spark: engine.SparkSession, pattern: str, error: type[Exception], condition: str
) -> None:
    df = spark.createDataFrame([("Fri Mar 15 2024",)], ["s"])
    for parse in (F.to_timestamp, F.to_date, F.unix_timestamp):
        with pytest.raises(error) as info:
            df.select(parse("s", pattern)).collect()
        assert info.value.getCondition() == condition  # type: ignore[attr-defined]
    assert _fmt(spark, "EEE MMM dd yyyy") == ["Fri Mar 15 2024", "Tue Nov 05 2024"]


@pytest.mark.parametrize(
    ("zone", "expected"),
    [  # PySpark 4.3, 2024-03-15 10:00 UTC in each session time zone
        ("UTC", ("GMT", "GMT")),
        ("Asia/Kolkata", ("GMT+5:30", "GMT+05:30")),
        ("America/Los_Angeles", ("GMT-7", "GMT-07:00")),
    ],
)
def test_localized_offset_letter_o(spark: engine.SparkSession, zone: str, expected: tuple[str, str]) -> None:
    df = spark.createDataFrame([(dt.datetime(2024, 3, 15, 10, 0, tzinfo=dt.timezone.utc),)], ["ts"])
    spark.conf.set("spark.sql.session.timeZone", zone)
    try:
        assert tuple(df.select(F.date_format("ts", "O"), F.date_format("ts", "OOOO")).first()) == expected
    finally:
        spark.conf.unset("spark.sql.session.timeZone")
