"""An interval literal with a unit Spark does not know (nanoseconds) is
INVALID_INTERVAL_FORMAT.INVALID_UNIT with Spark's text (observed in PySpark 4.3 runs)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ParseException


def test_nanoseconds_are_no_interval_unit(spark: engine.SparkSession) -> None:
    with pytest.raises(ParseException) as info:
        spark.sql("SELECT INTERVAL 10 NANOSECONDS")
    assert info.value.getCondition() == "INVALID_INTERVAL_FORMAT.INVALID_UNIT"
    assert info.value.getMessage() == (
        "[INVALID_INTERVAL_FORMAT.INVALID_UNIT] Error parsing ' 10 nanoseconds' to interval. Please ensure that the "
        "value provided is in a valid format for defining an interval. You can reference the documentation for the "
        "correct format. Invalid unit nanoseconds. SQLSTATE: 22006"
    )
