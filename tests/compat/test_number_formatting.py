"""PySpark 4 answers for format_string and format_number (Java's Formatter and DecimalFormat)."""

from __future__ import annotations

import decimal

import pytest

import engine
from engine import functions as F
from engine.errors import IllegalArgumentException

D = decimal.Decimal


def test_format_string_rounds_a_double_half_up_from_its_shortest_digits(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1.005, 2.675, 0.0, 12345.678)], "a double, b double, z double, f float")
    out = df.select(
        F.format_string("%.2f|%.2f|%.3e|%e|%-10.1f|%f", "a", "b", "b", "z", "f", F.lit(float("nan")))
    )
    assert out.first()[0] == "1.01|2.68|2.675e+00|0.000000e+00|12345.7   |NaN"


def test_format_string_prints_negative_hex_and_octal_as_twos_complement(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(-7, -5)], "i int, l bigint")
    assert df.select(F.format_string("%x %o %X %x", "i", "i", "i", "l")).first()[0] == (
        "fffffff9 37777777771 FFFFFFF9 fffffffffffffffb"
    )


def test_format_string_refuses_a_conversion_the_value_type_cannot_take(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(D("1.005"), 2.5, 3)], "d decimal(6,3), x double, i int")
    for spec, column in (("%.2f", "d"), ("%d", "d"), ("%d", "x"), ("%5.1f", "i")):
        with pytest.raises(IllegalArgumentException, match="IllegalFormatConversionException"):
            df.select(F.format_string(spec, column)).collect()


def test_format_number_rounds_a_decimal_half_even_from_its_digits(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(D("1.005"), D("2.345"), D("2.335"), 1.005)],
        "a decimal(6,3), b decimal(6,3), c decimal(6,3), x double",
    )
    assert tuple(df.select(*(F.format_number(c, 2) for c in df.columns)).first()) == (
        "1.00",
        "2.34",
        "2.34",
        "1.00",
    )
