"""to_number / try_to_number / to_char over Spark's number formats (values checked against PySpark 4)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException


def one(spark, sql):
    df = spark.sql(f"SELECT {sql}")
    return df.schema.fields[0].dataType.simpleString(), df.collect()[0][0]


def test_to_number_types_come_from_the_format(spark):
    assert one(spark, "to_number('454', '999')") == ("decimal(3,0)", Decimal("454"))
    assert one(spark, "to_number('454.00', '000.00')") == ("decimal(5,2)", Decimal("454.00"))
    assert one(spark, "to_number('12,454.8-', '99,999.9S')") == ("decimal(6,1)", Decimal("-12454.8"))
    assert one(spark, "to_number('$78.12', '$99.99')") == ("decimal(4,2)", Decimal("78.12"))


@pytest.mark.parametrize(("text", "fmt", "want"), [
    ("-12.5", "S99.9", Decimal("-12.5")), ("<12.5>", "99.9PR", Decimal("-12.5")), ("12.5-", "99.9MI", Decimal("-12.5")),
    ("12", "9,999", Decimal("12")), ("1,234", "9,999", Decimal("1234")), ("  12", "9999", Decimal("12")),
    ("+12", "S99", Decimal("12")), ("12 ", "99MI", Decimal("12")), ("1.", "9.9", Decimal("1.0")), (".5", "9.9", Decimal("0.5")),
    ("-12", "MI99", Decimal("-12")), ("0012", "0099", Decimal("12")), ("12,345,678", "99G999G999", Decimal("12345678")),
    ("78.12", "$99.99", None), ("12.345", "99.9", None), ("12", "0099", None), ("1", "099", None), ("", "99", None),
    ("-", "S9", None), ("1234", "9,999", None), ("12,34", "9,999", None), ("1,2345", "99,999", None),
])  # fmt: skip
def test_try_to_number_matches_sparks_parser(values, text, fmt, want):
    assert values(F.try_to_number("s", F.lit(fmt)), s=[text]) == [want]


def test_to_number_mismatch_and_bad_formats_raise(spark):
    with pytest.raises(IllegalArgumentException, match=r'INVALID_FORMAT.MISMATCH_INPUT.*"STRING" abc'):
        spark.sql("SELECT to_number('abc', '999')").collect()
    with pytest.raises(AnalysisException, match="WRONG_NUM_DIGIT"):
        spark.sql("SELECT to_number('12', 'abc')").collect()
    with pytest.raises(AnalysisException, match="WRONG_NUM_TOKEN"):
        spark.sql("SELECT to_number('12', '99.99.9')").collect()
    with pytest.raises(AnalysisException, match="CUR_MUST_BEFORE_DIGIT"):
        spark.sql("SELECT try_to_number('1$', '9$')").collect()


@pytest.mark.parametrize(("expr", "want"), [
    ("to_char(454, '999')", "454"), ("to_char(454.00, '000D00')", "454.00"), ("to_char(12454, '99G999')", "12,454"),
    ("to_char(78.12, '$99.99')", "$78.12"), ("to_char(-12454.8, '99G999D9S')", "12,454.8-"),
    ("to_char(-12.5, '999.99MI')", " 12.50-"), ("to_char(-12.5, '999.99PR')", " <12.50>"),
    ("to_char(12.5, '999.99PR')", " 12.50  "), ("to_char(12345, '999')", "###"), ("to_char(0.5, '0.9')", "0.5"),
    ("to_char(454, '99999')", "  454"), ("to_char(454, '00000')", "00454"), ("to_char(12, '9,999')", "   12"),
    ("to_char(-5, '999')", "  5"), ("to_char(-5, 'S999')", "  -5"), ("to_char(5, 'S999')", "  +5"),
    ("to_char(1.25, '9.9')", "#.#"), ("to_char(12, '$999')", "$ 12"), ("to_char(0, '999')", "   "),
    ("to_char(0, '9.99')", "0.00"), ("to_char(0.1, '9.99')", "0.10"), ("to_char(12.5, '99')", "##"),
    ("to_char(123.456, '999.9999')", "123.4560"), ("to_char(1, '9G9')", "  1"), ("to_char(-7, 'MI9')", "-7"),
    ("to_char(7, '9MI')", "7 "), ("to_char(-0.5, 'S9.9')", " -.5"), ("to_char(-5, '999PR')", "  <5>"),
    ("to_char(5, 'MI9')", " 5"), ("to_char(12, '0999')", "0012"), ("to_char(1234.5, '99,999.99')", " 1,234.50"),
    ("to_char(100, '$99')", "$##"), ("to_char(-100, 'S99')", "-##"), ("to_char(5, '99S')", " 5+"),
    ("to_char(cast(7 as double), '9.99')", "7.00"), ("to_char(0.5, '.9')", ".5"), ("to_char(12, '9,9')", "1,2"),
    ("to_char(1.20, '9.9')", "1.2"), ("to_char(cast(1.25 as double), '9.9')", "#.#"), ("to_varchar(12, '99')", "12"),
])  # fmt: skip
def test_to_char_writes_sparks_layout(spark, expr, want):
    assert one(spark, expr)[1] == want


def test_names(spark):
    df = spark.sql("SELECT to_varchar(12, '99'), try_to_number('1', '9'), to_number('1', '9')")
    assert df.columns == ["to_char(12, 99)", "try_to_number(1, 9)", "to_number(1, 9)"]
