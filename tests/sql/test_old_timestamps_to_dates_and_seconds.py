"""Timestamps more than 2**53 microseconds (some 285 years) from 1970 cast to dates and seconds
exactly (values observed in PySpark 4.3 runs, session zone America/Los_Angeles, whose offset
before 1883 is its local mean time, -07:52:58): engine went through a float64 and failed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import engine


@pytest.fixture
def los_angeles(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    yield spark
    spark.conf.unset("spark.sql.session.timeZone")


def test_date_fields_of_a_1582_timestamp(los_angeles: engine.SparkSession) -> None:
    row = los_angeles.sql(
        "SELECT dayofweek(TIMESTAMP'1582-10-15 13:10:15'), weekday(TIMESTAMP'1582-10-15 13:10:15'), "
        "year(TIMESTAMP'1582-10-15 13:10:15'), month(TIMESTAMP'1582-10-15 13:10:15'), "
        "dayofyear(TIMESTAMP'1582-10-15 13:10:15')"
    ).collect()[0]
    assert tuple(row) == (6, 4, 1582, 10, 288)


def test_old_timestamps_cast_to_date_and_seconds(los_angeles: engine.SparkSession) -> None:
    row = los_angeles.sql(
        "SELECT CAST(TIMESTAMP'1582-10-15 13:10:15' AS DATE), CAST(TIMESTAMP_NTZ'1582-10-15 13:10:15' AS DATE), "
        "CAST(TIMESTAMP'1582-10-15 13:10:15' AS BIGINT), CAST(TIMESTAMP'1969-12-31 23:59:59.5' AS BIGINT), "
        "CAST(CAST(NULL AS TIMESTAMP) AS DATE)"
    ).collect()[0]
    assert tuple(row) == (dt.date(1582, 10, 15), dt.date(1582, 10, 15), -12219217007, 28799, None)
