"""Timestamp differences, the query's current time and parsing defaults, as PySpark 4.3 gives them
(values observed in PySpark runs with the session zone America/Los_Angeles):

- ``ts1 - ts2`` (and a date against a timestamp) subtracts the session-zone wall clocks, so a
  difference across a daylight-saving change is not an hour off (Spark's subtractTimestamps);
- every current_timestamp() / now() / localtimestamp() / current_date() of one query is the
  same instant;
- a parsing pattern without a year reads the year as 1970, not 1900.
"""

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


def test_timestamp_differences_use_wall_clocks_across_daylight_saving(los_angeles: engine.SparkSession) -> None:
    row = los_angeles.sql(
        "SELECT DATE'2020-01-01' - TIMESTAMP'2019-10-06 10:11:12.345678', "
        "TIMESTAMP'2019-10-06 10:11:12.345678' - DATE'2020-01-01', "
        "TIMESTAMP'2020-01-01 00:00:00' - TIMESTAMP'2019-10-06 10:11:12'"
    ).collect()[0]
    assert tuple(row) == (
        dt.timedelta(days=86, hours=13, minutes=48, seconds=47, microseconds=654322),
        -dt.timedelta(days=86, hours=13, minutes=48, seconds=47, microseconds=654322),
        dt.timedelta(days=86, hours=13, minutes=48, seconds=48),
    )


def test_timestamp_difference_of_columns(los_angeles: engine.SparkSession) -> None:
    df = los_angeles.sql(
        "SELECT b - a AS d FROM VALUES (TIMESTAMP'2024-03-09 12:00:00', TIMESTAMP'2024-03-10 12:00:00') AS t(a, b)"
    )
    assert df.collect()[0][0] == dt.timedelta(days=1)  # 23 elapsed hours, one wall-clock day


def test_one_query_sees_one_current_time(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "SELECT current_timestamp() = current_timestamp(), now() = current_timestamp(), "
        "localtimestamp() = localtimestamp(), current_date() = current_date()"
    ).collect()[0]
    assert tuple(row) == (True, True, True, True)


def test_current_time_is_the_same_on_every_row(spark: engine.SparkSession) -> None:
    rows = spark.range(0, 2000, numPartitions=4).selectExpr("current_timestamp() AS t").distinct().collect()
    assert len(rows) == 1


def test_pattern_without_a_year_reads_1970(los_angeles: engine.SparkSession) -> None:
    row = los_angeles.sql(
        "SELECT to_date('16', 'dd'), to_timestamp('16', 'dd'), to_timestamp('10:11', 'HH:mm'), to_date('03-01', 'MM-dd')"
    ).collect()[0]
    assert tuple(row) == (
        dt.date(1970, 1, 16),
        dt.datetime(1970, 1, 16, 8, 0),  # collected in the process's zone (UTC), as PySpark does
        dt.datetime(1970, 1, 1, 18, 11),
        dt.date(1970, 3, 1),
    )
