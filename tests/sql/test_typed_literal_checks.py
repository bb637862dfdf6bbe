"""Typed literals as Spark's parser reads them (expected from PySpark 4 runs): an impossible
``DATE '2024-02-30'`` is INVALID_TYPED_LITERAL and ``128Y`` INVALID_NUMERIC_LITERAL_RANGE, both
ParseExceptions; the short date forms Spark accepts are date literals named in full; a sign
belongs to the typed number it precedes."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ParseException


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT DATE '2024-02-30'", """The value of the typed literal "DATE" is invalid: '2024-02-30'."""),
        ("SELECT DATE '2023-02-29'", """The value of the typed literal "DATE" is invalid: '2023-02-29'."""),
        ("SELECT DATE 'x' + 1", """The value of the typed literal "DATE" is invalid: 'x'."""),
        ("SELECT DATE '2024/01/01'", """The value of the typed literal "DATE" is invalid: '2024/01/01'."""),
        (
            "SELECT TIMESTAMP '2024-01-01 25:00:00'",
            """The value of the typed literal "TIMESTAMP" is invalid: '2024-01-01 25:00:00'.""",
        ),
        ("SELECT TIMESTAMP_NTZ 'x'", """The value of the typed literal "TIMESTAMP_NTZ" is invalid: 'x'."""),
    ],
)
def test_impossible_datetime_literals(spark: engine.SparkSession, query: str, message: str) -> None:
    with pytest.raises(ParseException) as info:
        spark.sql(query)
    assert info.value.getErrorClass() == "INVALID_TYPED_LITERAL"
    assert f"[INVALID_TYPED_LITERAL] {message}" in str(info.value)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT 128Y", "Numeric literal 128 is outside the valid range for tinyint with minimum value of -128 and "
         "maximum value of 127."),
        ("SELECT 40000S", "Numeric literal 40000 is outside the valid range for smallint with minimum value of "
         "-32768 and maximum value of 32767."),
        ("SELECT 99999999999999999999L", "Numeric literal 99999999999999999999 is outside the valid range for "
         "bigint with minimum value of -9223372036854775808 and maximum value of 9223372036854775807."),
        ("SELECT 1e400", "Numeric literal 1e400 is outside the valid range for double with minimum value of "
         "-1.7976931348623157E+308 and maximum value of 1.7976931348623157E+308."),
        ("SELECT 3.4e39F", "Numeric literal 3.4e39 is outside the valid range for float with minimum value of "
         "-3.4028234663852886E+38 and maximum value of 3.4028234663852886E+38."),
    ],
)  # fmt: skip
def test_typed_numbers_out_of_range(spark: engine.SparkSession, query: str, message: str) -> None:
    with pytest.raises(ParseException) as info:
        spark.sql(query)
    assert info.value.getErrorClass() == "INVALID_NUMERIC_LITERAL_RANGE"
    assert message in str(info.value)


def test_typed_numbers_at_their_bounds(spark: engine.SparkSession) -> None:
    q = "SELECT -128Y, 127Y, -32768S, 32767S, -9223372036854775808L, 9223372036854775807L, -1BD, -2.5BD"
    df = spark.sql(q)
    assert df.columns == [
        "-128",
        "127",
        "-32768",
        "32767",
        "-9223372036854775808",
        "9223372036854775807",
        "-1",
        "-2.5",
    ]
    assert [str(v) for v in df.collect()[0]] == [
        "-128", "127", "-32768", "32767", "-9223372036854775808", "9223372036854775807", "-1", "-2.5",
    ]  # fmt: skip


def test_short_date_forms_are_date_literals(spark: engine.SparkSession) -> None:
    q = (
        "SELECT DATE '2024-02-29', DATE '2024-1-1', DATE '2024', DATE '2024-01', DATE ' 2024-01-01 ',"
        " DATE '2024-01-01T12:00', DATE '2024-01-01 12:00:00'"
    )
    df = spark.sql(q)
    assert df.columns == ["DATE '2024-02-29'"] + ["DATE '2024-01-01'"] * 6
    assert [f.nullable for f in df.schema.fields] == [False] * 7
    assert [str(v) for v in df.collect()[0]] == ["2024-02-29"] + ["2024-01-01"] * 6


def test_sign_before_a_cast_number(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT -'2'::int, -2::int, -1.5BD::string")
    assert df.columns == ["(- CAST(2 AS INT))", "CAST(-2 AS INT)", "CAST(-1.5 AS STRING)"]
    assert tuple(df.collect()[0]) == (-2, -2, "-1.5")


def test_short_timestamp_forms_are_named_in_full(spark: engine.SparkSession) -> None:
    q = (
        "SELECT TIMESTAMP '2024-01-01 1:2:3', TIMESTAMP '2024-1-1 10:00', TIMESTAMP '2024', TIMESTAMP '2024-01',"
        " TIMESTAMP_NTZ '2024-01-01 1:02:03.5'"
    )
    assert spark.sql(q).columns == [
        "TIMESTAMP '2024-01-01 01:02:03'",
        "TIMESTAMP '2024-01-01 10:00:00'",
        "TIMESTAMP '2024-01-01 00:00:00'",
        "TIMESTAMP '2024-01-01 00:00:00'",
        "TIMESTAMP_NTZ '2024-01-01 01:02:03.5'",
    ]
