"""A date or timestamp minus a string (or a string minus one) reads the string as the date or
timestamp beside it, as Spark 4 does (values observed in PySpark 4.3 runs): the difference is an
INTERVAL DAY / DAY TO SECOND, and text that is no date is CAST_INVALID_INPUT. Engine refused it
as the second argument of date_sub."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine.errors import DateTimeException


def test_date_and_timestamp_minus_text(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT DATE '2001-10-01' - '2001-09-28', '2001-10-01' - DATE '2001-09-28', "
        "TIMESTAMP '2001-10-01 10:00:00' - '2001-09-28 00:00:00', try_subtract(DATE '2001-10-01', '2001-09-28')"
    )
    assert [f.dataType.simpleString() for f in df.schema.fields] == [
        "interval day", "interval day", "interval day to second", "interval day",
    ]  # fmt: skip
    assert tuple(df.collect()[0]) == (
        dt.timedelta(days=3), dt.timedelta(days=3), dt.timedelta(days=3, hours=10), dt.timedelta(days=3),
    )  # fmt: skip


def test_text_column_minus_a_date(spark: engine.SparkSession) -> None:
    rows = spark.sql("SELECT c - DATE '2001-09-28' FROM VALUES ('2001-10-01'), (NULL) t(c)").collect()
    assert [r[0] for r in rows] == [dt.timedelta(days=3), None]


def test_text_that_is_no_date(spark: engine.SparkSession) -> None:
    with pytest.raises(DateTimeException) as info:
        spark.sql("SELECT DATE '2001-10-01' - '7'").collect()
    assert info.value.getCondition() == "CAST_INVALID_INPUT"
