"""CAST as Spark 4 does it: accepted string syntax, output formats, ANSI errors and try_cast."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from engine import functions as F
from engine import types as T
from engine.errors import ArithmeticException, DateTimeException, NumberFormatException
from engine.expr.signatures.cast import can_cast

s = F.col("s")


def test_string_to_int_trims_whitespace_and_accepts_a_sign(values):
    assert values(s.cast("int"), s=[" 12 ", "+3", "-0", None]) == [12, 3, 0, None]


def test_invalid_string_to_int_raises_cast_invalid_input_under_ansi(values):
    with pytest.raises(NumberFormatException) as err:
        values(s.cast("int"), s=["abc"])
    assert err.value.getErrorClass() == "CAST_INVALID_INPUT"
    assert str(err.value).startswith(
        '[CAST_INVALID_INPUT] The value \'abc\' of the type "STRING" cannot be cast to "INT" because it is malformed.'
    )
    assert "Use `try_cast`" in str(err.value)


def test_invalid_string_is_null_with_try_cast_or_in_legacy_mode(values):
    assert values(s.try_cast("int"), s=["abc", "1"]) == [None, 1]
    assert values(s.cast("int"), s=["abc", "1.5"], _ansi=False) == [None, 1]


def test_string_to_double_accepts_exponents_suffixes_and_infinity(values):
    assert values(s.cast("double"), s=["1e3", " 1.5d ", "inf", "-Infinity"]) == [
        1000.0,
        1.5,
        float("inf"),
        float("-inf"),
    ]


def test_doubles_format_as_java_does(values):
    x = [1.0, 1e20, 1234567.0, 12345678.0, 0.0001, -0.0, 123.456, float("nan"), float("inf")]
    expected = ["1.0", "1.0E20", "1234567.0", "1.2345678E7", "1.0E-4", "-0.0", "123.456", "NaN", "Infinity"]
    assert values(F.col("x").cast("string"), x=x) == expected


def test_double_to_int_truncates_and_overflow_raises_cast_overflow(values):
    assert values(F.col("x").cast("int"), x=[1.9, -1.9]) == [1, -1]
    with pytest.raises(
        ArithmeticException, match=r"\[CAST_OVERFLOW\] The value 3.0E10D of the type \"DOUBLE\""
    ):
        values(F.col("x").cast("int"), x=[3e10])
    assert values(F.col("x").try_cast("int"), x=[3e10]) == [None]


def test_decimal_casts_round_half_up_and_reject_overflow(values):
    assert values(s.cast("decimal(3,1)"), s=["1.25", "-1.25"]) == [Decimal("1.3"), Decimal("-1.3")]
    assert values(F.col("x").cast("decimal(10,5)"), x=[0.1]) == [Decimal("0.10000")]
    with pytest.raises(ArithmeticException) as err:
        values(F.lit(Decimal("123.456")).cast("decimal(2,1)"))
    assert err.value.getErrorClass() == "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION"
    assert values(F.lit(Decimal("123.456")).cast("decimal(2,1)"), _ansi=False) == [None]


def test_decimal_to_string_keeps_its_scale(values):
    assert values(F.lit(Decimal("1.000")).cast("string")) == ["1.000"]


def test_booleans_from_and_to_strings(values):
    assert values(s.cast("boolean"), s=["t", "yes", " N ", "1", "false"]) == [True, True, False, True, False]
    assert values(F.col("b").cast("string"), b=[True, False]) == ["true", "false"]
    assert values(F.col("n").cast("boolean"), n=[2, 0]) == [True, False]


def test_string_to_date_accepts_partial_dates_and_trailing_time(values):
    got = values(s.cast("date"), s=["2020", "2020-1-5T12", " 2020-01-01 ", "2020-02-29"])
    assert got == [dt.date(2020, 1, 1), dt.date(2020, 1, 5), dt.date(2020, 1, 1), dt.date(2020, 2, 29)]


def test_invalid_date_raises_date_time_error_under_ansi(values):
    with pytest.raises(DateTimeException):
        values(s.cast("date"), s=["2020-02-30"])
    assert values(s.cast("date"), s=["2020-02-30"], _ansi=False) == [None]


def test_string_to_timestamp_with_fraction_t_separator_and_offsets(values):
    got = values(
        s.cast("timestamp").cast("string"),
        s=["2020-01-01 10:00:00.500", "2020-01-01T10:00", "2020-01-01 10:00:00+02:00"],
    )
    assert got == ["2020-01-01 10:00:00.5", "2020-01-01 10:00:00", "2020-01-01 08:00:00"]


def test_dates_and_timestamps_convert_both_ways(values):
    assert values(s.cast("date").cast("timestamp").cast("string"), s=["2020-01-02"]) == [
        "2020-01-02 00:00:00"
    ]
    assert values(s.cast("timestamp").cast("date"), s=["2020-01-02 23:00:00"]) == [dt.date(2020, 1, 2)]
    assert values(s.cast("timestamp").cast("long"), s=["2020-01-01 00:00:01"]) == [1577836801]


def test_nested_values_cast_element_wise_and_print_as_spark(values):
    assert values(F.col("xs").cast("array<string>"), xs=[[1, 2], None]) == [["1", "2"], None]
    assert values(F.col("xs").cast("string"), xs=[[1, None]]) == ["[1, null]"]


def test_null_type_casts_to_anything(values):
    assert values(F.lit(None).cast("int")) == [None]


def test_can_cast_rejects_impossible_casts():
    assert can_cast(T.StringType(), T.DateType())
    assert can_cast(T.IntegerType(), T.TimestampType())
    assert not can_cast(T.IntegerType(), T.DateType())
    assert not can_cast(T.DateType(), T.IntegerType())
    assert can_cast(T.ArrayType(T.IntegerType()), T.ArrayType(T.StringType()))


def test_null_double_casts_to_a_null_decimal(values):
    assert values(F.col("d").cast("decimal(10,2)"), d=[1.5, None, 2.0]) == [Decimal("1.50"), None, Decimal("2.00")]
