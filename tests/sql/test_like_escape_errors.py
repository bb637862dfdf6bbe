"""LIKE's escape character is checked as in PySpark 4 (messages observed in PySpark runs): an
ESCAPE string that is not one character is a ParseException INVALID_ESC (42604); a pattern
ending in the escape character is INVALID_FORMAT.ESC_AT_THE_END, one where it precedes a
character other than ``_``, ``%`` or itself INVALID_FORMAT.ESC_IN_THE_MIDDLE (42601)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException, ParseException


@pytest.mark.parametrize("escape", ["ab", ""])
def test_escape_of_other_than_one_character(spark: engine.SparkSession, escape: str) -> None:
    with pytest.raises(ParseException) as info:
        spark.sql(f"SELECT 'a' LIKE 'a' ESCAPE '{escape}'")
    assert info.value.getCondition() == "INVALID_ESC"
    assert info.value.getSqlState() == "42604"
    assert (
        f"Found an invalid escape string: '{escape}'. The escape string must contain only one character."
        in str(info.value)
    )


@pytest.mark.parametrize(
    "query,pattern",
    [
        ("SELECT 'a' LIKE 'a!' ESCAPE '!'", "a!"),
        ("SELECT 'a' NOT LIKE 'a!' ESCAPE '!'", "a!"),
        ("SELECT 'a' ILIKE 'a!' ESCAPE '!'", "a!"),
        ("SELECT 'a\\\\' LIKE 'a\\\\'", "a\\"),
    ],
)
def test_escape_at_the_end(spark: engine.SparkSession, query: str, pattern: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == "INVALID_FORMAT.ESC_AT_THE_END"
    assert info.value.getSqlState() == "42601"
    assert f"The format is invalid: '{pattern}'. The escape character is not allowed to end with." in str(
        info.value
    )


def test_escape_in_the_middle(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT 'ab' LIKE 'a!b' ESCAPE '!'").collect()
    assert info.value.getCondition() == "INVALID_FORMAT.ESC_IN_THE_MIDDLE"
    assert "The format is invalid: 'a!b'. The escape character is not allowed to precede 'b'." in str(
        info.value
    )


def test_escaped_wildcards_and_escape_match_literally(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "SELECT 'a!b' LIKE 'a!!b' ESCAPE '!', 'a%c' LIKE 'a!%c' ESCAPE '!', 'abc' LIKE 'a!%c' ESCAPE '!'"
    )
    assert tuple(row.collect()[0]) == (True, True, False)
