"""CAST of an infinite or NaN double (or float) to TIMESTAMP is CAST_INVALID_INPUT under ANSI,
as Spark (message observed in PySpark 4.3 runs), and null under try_cast; engine leaked
Python's OverflowError."""

from __future__ import annotations

import pytest

import engine
from engine.errors import DateTimeException


@pytest.mark.parametrize("source", ["DOUBLE", "FLOAT"])
def test_infinity_is_malformed(spark: engine.SparkSession, source: str) -> None:
    with pytest.raises(DateTimeException) as info:
        spark.sql(f"SELECT CAST(CAST('inf' AS {source}) AS TIMESTAMP)").collect()
    assert str(info.value).startswith(
        '[CAST_INVALID_INPUT] The value Infinity of the type "DOUBLE" cannot be cast to "TIMESTAMP" because it is '
        "malformed."
    )


def test_try_cast_gives_null(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "SELECT TRY_CAST(CAST('-inf' AS DOUBLE) AS TIMESTAMP), TRY_CAST(CAST('nan' AS DOUBLE) AS TIMESTAMP)"
    ).collect()[0]
    assert tuple(row) == (None, None)
