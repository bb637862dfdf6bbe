"""Timestamp text may end in a zone as Spark's stringToTimestamp reads it: an offset with
seconds (``UTC+080000``, ``+01:30:15``) or a region id of several parts
(``America/Argentina/Buenos_Aires``); values observed in PySpark 4.3 runs."""

from __future__ import annotations

import datetime as dt

import engine


def test_offsets_with_seconds_and_long_region_ids(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "SELECT CAST(TIMESTAMP '1582-06-01 11:33:33.123UTC+080000' AS STRING), "
        "CAST(TIMESTAMP '2020-01-01 00:00:00 America/Argentina/Buenos_Aires' AS STRING)"
    ).collect()[0]
    assert tuple(row) == ("1582-06-01 03:33:33.123", "2020-01-01 03:00:00")


def test_offset_seconds_shift_the_instant(spark: engine.SparkSession) -> None:
    value = spark.sql("SELECT CAST('1970-01-01 00:00:00 +01:30:15' AS TIMESTAMP)").collect()[0][0]
    assert value == dt.datetime(1969, 12, 31, 22, 29, 45)
