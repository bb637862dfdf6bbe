"""A parsing pattern ending in a zone name (z, zz, zzz, VV) reads the zone from the text, as
Spark's formatter does (values observed in PySpark 4.3 runs, session zone America/Los_Angeles;
timestamps collect in the process zone, UTC): engine dropped the zone and read the wall clock
in the session zone, a wrong instant. An abbreviation is its region (PST is Los Angeles, EST
New York, so October is daylight time); an unknown name does not parse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

import engine
from engine.errors import DateTimeException


@pytest.fixture
def los_angeles(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.conf.set("spark.sql.session.timeZone", "America/Los_Angeles")
    yield spark
    spark.conf.unset("spark.sql.session.timeZone")


def test_zone_names_place_the_wall_clock(los_angeles: engine.SparkSession) -> None:
    row = los_angeles.sql(
        "SELECT to_timestamp('2019-10-06 10:11:12 UTC', 'yyyy-MM-dd HH:mm:ss zzz'), "
        "to_timestamp('2019-10-06 10:11:12 PST', 'yyyy-MM-dd HH:mm:ss z'), "
        "to_timestamp('2019-10-06 10:11:12 Europe/Paris', 'yyyy-MM-dd HH:mm:ss VV'), "
        "to_timestamp('2019-10-06 10:11:12 EST', 'yyyy-MM-dd HH:mm:ss z'), "
        "to_timestamp('2019-10-06 10:11:12 GMT+02:00', 'yyyy-MM-dd HH:mm:ss z')"
    ).collect()[0]
    assert tuple(row) == (
        dt.datetime(2019, 10, 6, 10, 11, 12),
        dt.datetime(2019, 10, 6, 17, 11, 12),
        dt.datetime(2019, 10, 6, 8, 11, 12),
        dt.datetime(2019, 10, 6, 14, 11, 12),
        dt.datetime(2019, 10, 6, 8, 11, 12),
    )


def test_optional_zone_name(los_angeles: engine.SparkSession) -> None:
    row = los_angeles.sql(
        "SELECT to_timestamp('2019-10-06 10:11:12.12345CST', 'yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]'), "
        "to_timestamp('2019-10-06 10:11:12.123UTC', 'yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]'), "
        "to_timestamp('2019-10-06 10:11:12.1', 'yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]')"
    ).collect()[0]
    assert tuple(row) == (
        dt.datetime(2019, 10, 6, 15, 11, 12, 123450),
        dt.datetime(2019, 10, 6, 10, 11, 12, 123000),
        dt.datetime(2019, 10, 6, 17, 11, 12, 100000),
    )


def test_unknown_zone_name(los_angeles: engine.SparkSession) -> None:
    with pytest.raises(DateTimeException) as info:
        los_angeles.sql("SELECT to_timestamp('2019-10-06 10:11:12 XYZ', 'yyyy-MM-dd HH:mm:ss z')").collect()
    assert info.value.getCondition() == "CANNOT_PARSE_TIMESTAMP"
    assert los_angeles.sql("SELECT try_to_timestamp('2019-10-06 10:11:12 XYZ', 'yyyy-MM-dd HH:mm:ss z')").collect()[0][0] is None
