"""make_timestamp takes seconds in [0, 60], 60 only without a fraction (it carries into the
next minute), as Spark 4 (error text observed in PySpark 4.3 runs): 60.007 is
INVALID_FRACTION_OF_SECOND, where engine answered 06:31:00.007."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine.errors import DateTimeException


def test_a_fraction_past_60_seconds_fails(spark: engine.SparkSession) -> None:
    with pytest.raises(DateTimeException) as info:
        spark.sql("SELECT make_timestamp(2021, 07, 11, 6, 30, 60.007)").collect()
    assert info.value.getCondition() == "INVALID_FRACTION_OF_SECOND"
    assert str(info.value).startswith(
        "[INVALID_FRACTION_OF_SECOND] Valid range for seconds is [0, 60] (inclusive), but the provided value is "
        "60.007. To avoid this error, use `try_make_timestamp`, which returns NULL on error."
    )
    assert spark.sql("SELECT try_make_timestamp(2021, 07, 11, 6, 30, 60.5)").collect()[0][0] is None


def test_sixty_whole_seconds_carry_into_the_next_minute(spark: engine.SparkSession) -> None:
    value = spark.sql("SELECT make_timestamp(2021, 07, 11, 6, 30, 60)").collect()[0][0]
    assert value == dt.datetime(2021, 7, 11, 6, 31)  # session zone UTC
