"""Dividing wide decimals (decimal(38,18) columns holding 18 integer digits, or a divisor of
0.000000012345678) gives Spark's quotient rounded half up to the result scale (values observed
in PySpark 4.3 runs); engine failed with ArrowInvalid "Decimal value does not fit"."""

from __future__ import annotations

import decimal

import engine

D = decimal.Decimal


def test_decimal_38_18_columns_divide(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT a / b FROM VALUES "
        "(CAST(100.0 AS DECIMAL(38,18)), CAST(999.0 AS DECIMAL(38,18))), "
        "(CAST(0.1234567891011 AS DECIMAL(38,18)), CAST(1234.1 AS DECIMAL(38,18))), "
        "(CAST(123456789123456789.0 AS DECIMAL(38,18)), CAST(1.123456789123456789 AS DECIMAL(38,18))) AS t(a, b)"
    )
    assert df.schema.fields[0].dataType.simpleString() == "decimal(38,6)"
    assert [r[0] for r in df.collect()] == [D("0.100100"), D("0.000100"), D("109890109097814272.043109")]


def test_divisor_with_many_leading_zeros(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT 12345678912345.123456789123 / 0.000000012345678")
    assert df.schema.fields[0].dataType.simpleString() == "decimal(38,9)"
    assert df.collect()[0][0] == D("1000000073899961059796.725866332")


def test_negative_quotients_round_half_up(spark: engine.SparkSession) -> None:
    row = spark.sql("SELECT CAST(-7 AS DECIMAL(10,0)) / CAST(3 AS DECIMAL(10,0)), 1.0 / 8.0").collect()[0]
    assert tuple(row) == (D("-2.33333333333"), D("0.125000"))
