"""Wall-clock times around daylight-saving changes in the session time zone, as PySpark 4 gives
them: a time in the spring-forward gap moves forward by the gap (java.time's rule), and a
timestamp plus whole days keeps its wall-clock time (a day across the change is 23 or 25 hours)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from engine import functions as F


@pytest.fixture
def los_angeles(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    yield spark
    spark.conf.unset("spark.sql.session.timeZone")


def test_time_in_the_gap_moves_forward_by_the_gap(los_angeles: engine.SparkSession) -> None:
    df = los_angeles.createDataFrame([("2024-03-10 02:30:00",)], ["s"])
    out = df.select(
        F.to_timestamp("s").cast("string").alias("a"),
        F.col("s").cast("timestamp").cast("long").alias("b"),
        F.unix_timestamp("s").alias("c"),
        F.make_timestamp(F.lit(2024), F.lit(3), F.lit(10), F.lit(2), F.lit(30), F.lit(0))
        .cast("string")
        .alias("d"),
        F.col("s").cast("timestamp_ntz").cast("timestamp").cast("string").alias("e"),
    )
    assert tuple(out.first()) == (  # type: ignore[arg-type]
        "2024-03-10 03:30:00",
        1710066600,
        1710066600,
        "2024-03-10 03:30:00",
        "2024-03-10 03:30:00",
    )


def test_day_intervals_keep_the_wall_clock_time(los_angeles: engine.SparkSession) -> None:
    df = los_angeles.createDataFrame([("2024-03-09 12:00:00",), ("2024-11-02 12:00:00",), (None,)], ["s"])
    t = F.to_timestamp("s")
    out = df.select(
        (t + F.expr("INTERVAL 1 DAY")).cast("string").alias("day"),
        (t + F.expr("INTERVAL 36 HOURS")).cast("string").alias("hours"),
        (t + F.expr("INTERVAL '1 02:00:00' DAY TO SECOND")).cast("string").alias("day_to_second"),
        (t - F.expr("INTERVAL -2 DAYS")).cast("string").alias("minus"),
    )
    assert [tuple(r) for r in out.collect()] == [
        ("2024-03-10 12:00:00", "2024-03-11 00:00:00", "2024-03-10 14:00:00", "2024-03-11 12:00:00"),
        ("2024-11-03 12:00:00", "2024-11-04 00:00:00", "2024-11-03 14:00:00", "2024-11-04 12:00:00"),
        (None, None, None, None),
    ]


def test_hours_stay_elapsed_time_and_zone_shifts_resolve_the_gap(los_angeles: engine.SparkSession) -> None:
    df = los_angeles.createDataFrame([("2024-03-10 01:30:00",)], ["s"])
    out = df.select(
        (F.to_timestamp("s") + F.expr("INTERVAL 2 HOURS")).cast("string").alias("x"),
        F.from_utc_timestamp(F.lit("2024-03-10 10:30:00"), "America/New_York").cast("string").alias("y"),
        F.to_utc_timestamp(F.lit("2024-03-10 02:30:00"), "America/New_York").cast("string").alias("z"),
    )
    assert tuple(out.first()) == ("2024-03-10 04:30:00", "2024-03-10 06:30:00", "2024-03-10 07:30:00")  # type: ignore[arg-type]
