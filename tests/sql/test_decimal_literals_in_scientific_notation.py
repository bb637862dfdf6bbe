"""Decimal literals and strings written with an exponent (``5e36BD``, CAST('1.25E-1' AS
DECIMAL(4, 2))) keep every digit, as Spark's BigDecimal parsing does (values observed in
PySpark 4.3 runs); engine read them through a float64 and answered 4999999999999999538762...
"""

from __future__ import annotations

import decimal

import pytest

import engine
from engine.errors import ArithmeticException


def test_exponent_literals_are_exact(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT 5e36BD, 1.0123456789012345678901234567890123456e31BD / 1.0")
    assert [f.dataType.simpleString() for f in df.schema.fields] == ["decimal(37,0)", "decimal(38,6)"]
    assert tuple(df.collect()[0]) == (
        decimal.Decimal("5000000000000000000000000000000000000"),
        decimal.Decimal("10123456789012345678901234567890.123456"),
    )


def test_exponent_strings_cast_exactly_and_round_half_up(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "SELECT CAST('1.5e2' AS DECIMAL(5, 1)), CAST('-1.25E-1' AS DECIMAL(4, 2)), CAST(' 2.5e0 ' AS DECIMAL(3, 1)), "
        "TRY_CAST('1.2e' AS DECIMAL(5, 1))"
    ).collect()[0]
    assert tuple(row) == (decimal.Decimal("150.0"), decimal.Decimal("-0.13"), decimal.Decimal("2.5"), None)


def test_sum_past_38_digits_overflows(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql("SELECT (5e36BD + 0.1) + 5e36BD").collect()
    assert info.value.getCondition() == "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION"
    assert str(info.value).startswith(
        "[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  10000000000000000000000000000000000000.1 cannot be "
        "represented as Decimal(38, 1)."
    )
