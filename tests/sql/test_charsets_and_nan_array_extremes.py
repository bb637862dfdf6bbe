"""encode/decode speak the charsets Spark 4.3 accepts with Java's byte layouts, and array_max /
array_min put NaN above every number; every value and message below was observed in PySpark 4.3."""

from __future__ import annotations

import pytest

import engine
from engine.errors import IllegalArgumentException, SparkRuntimeException


def _row(spark: engine.SparkSession, query: str) -> list[object]:
    return list(spark.sql(query).collect()[0])


def test_encode_in_each_charset(spark: engine.SparkSession) -> None:
    query = (
        "SELECT hex(encode('é', 'ISO-8859-1')), hex(encode('é', 'utf-8')), hex(encode('abc', 'UTF-16LE')), "
        "hex(encode('abc', 'utf-16be')), hex(encode('abc', 'utf-32')), hex(encode('abc', 'utf-16'))"
    )
    assert _row(spark, query) == ["E9", "C3A9", "610062006300", "006100620063", "000000610000006200000063", "FEFF006100620063"]


def test_decode_in_each_charset(spark: engine.SparkSession) -> None:
    query = (
        "SELECT decode(X'E9', 'ISO-8859-1'), decode(X'0061', 'UTF-16BE'), "
        "decode(encode('abc', 'utf-16'), 'utf-16'), decode(X'00000061', 'UTF-32')"
    )
    assert _row(spark, query) == ["é", "a", "abc", "a"]


@pytest.mark.parametrize(
    "call,text",
    [
        ("hex(encode('é', 'US-ASCII'))", "performing `encode` with US-ASCII"),
        ("decode(X'E9', 'UTF-8')", "performing `decode` with UTF-8"),
        ("decode(X'FF', 'US-ASCII')", "performing `decode` with US-ASCII"),
    ],
)
def test_text_a_charset_cannot_hold_is_malformed(spark: engine.SparkSession, call: str, text: str) -> None:
    with pytest.raises(SparkRuntimeException) as info:
        spark.sql(f"SELECT {call}").collect()
    assert info.value.getCondition() == "MALFORMED_CHARACTER_CODING"
    assert f"Invalid value found when {text}" in str(info.value)


@pytest.mark.parametrize("call,name", [("encode('abc', 'latin1')", "latin1"), ("decode(X'61', 'utf8')", "utf8")])
def test_only_sparks_charset_names(spark: engine.SparkSession, call: str, name: str) -> None:
    with pytest.raises(IllegalArgumentException) as info:
        spark.sql(f"SELECT {call}").collect()
    assert info.value.getCondition() == "INVALID_PARAMETER_VALUE.CHARSET"
    assert (
        "expects one of the iso-8859-1, us-ascii, utf-16, utf-16be, utf-16le, utf-32, utf-8, "
        f"but got {name}." in str(info.value)
    )


def test_nan_is_the_largest_array_element(spark: engine.SparkSession) -> None:
    nan = "CAST('NaN' AS DOUBLE)"
    row = _row(spark, f"SELECT array_max(array({nan}, 1d)), array_min(array({nan}, 1d)), array_max(array(1.5d, NULL, -2d))")
    assert row[0] != row[0] and row[1:] == [1.0, 1.5]
