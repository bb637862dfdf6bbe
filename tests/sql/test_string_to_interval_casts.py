"""CAST(string AS <ANSI interval>) reads the target type's own format, bare or as its literal,
as Spark's castStringToDTInterval / castStringToYMInterval (values and errors observed in
PySpark 4.3 runs); other text is INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE,
or null under try_cast."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine.errors import IllegalArgumentException


def test_day_time_strings(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "SELECT CAST('3 00:00:01' AS INTERVAL DAY TO SECOND), "
        "CAST(\"interval '3 00:00:01' day to second\" AS INTERVAL DAY TO SECOND), CAST('1 2' AS INTERVAL DAY TO HOUR), "
        "CAST('10:20' AS INTERVAL HOUR TO MINUTE), CAST('-10:20.5' AS INTERVAL MINUTE TO SECOND), "
        "CAST('1.5' AS INTERVAL SECOND)"
    ).collect()[0]
    assert tuple(row) == (
        dt.timedelta(days=3, seconds=1),
        dt.timedelta(days=3, seconds=1),
        dt.timedelta(days=1, hours=2),
        dt.timedelta(hours=10, minutes=20),
        -dt.timedelta(minutes=10, seconds=20, microseconds=500000),
        dt.timedelta(seconds=1, microseconds=500000),
    )


def test_year_month_strings(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "SELECT CAST(CAST('1-2' AS INTERVAL YEAR TO MONTH) AS STRING), "
        "CAST(CAST(\"INTERVAL '1-2' YEAR TO MONTH\" AS INTERVAL YEAR TO MONTH) AS STRING), "
        "CAST(CAST('-5' AS INTERVAL MONTH) AS STRING)"
    ).collect()[0]
    assert tuple(row) == ("INTERVAL '1-2' YEAR TO MONTH", "INTERVAL '1-2' YEAR TO MONTH", "INTERVAL '-5' MONTH")


def test_string_column_with_nulls(spark: engine.SparkSession) -> None:
    rows = spark.sql("SELECT CAST(s AS INTERVAL HOUR) FROM VALUES ('5'), (NULL), ('-7') t(s)").collect()
    assert [r[0] for r in rows] == [dt.timedelta(hours=5), None, -dt.timedelta(hours=7)]


@pytest.mark.parametrize("text", ["abc", "INTERVAL 10 DAYS"])
def test_other_text_is_an_unmatched_format(spark: engine.SparkSession, text: str) -> None:
    with pytest.raises(IllegalArgumentException) as info:
        spark.sql(f"SELECT CAST('{text}' AS INTERVAL DAY)").collect()
    assert info.value.getCondition() == "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE"
    assert (
        f"Interval string does not match day-time format of `[+|-]d`, `INTERVAL [+|-]'[+|-]d' DAY` when cast to "
        f"interval day: {text}." in str(info.value)
    )
    assert spark.sql(f"SELECT TRY_CAST('{text}' AS INTERVAL DAY)").collect()[0][0] is None
