"""map_contains_key and map_concat type their arguments as Spark does, and regexp_replace / regexp_extract_all treat
positions and empty matches as Java's regex loop does (PySpark 4.3's answers below)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def _row(spark: engine.SparkSession, query: str) -> list[object]:
    return list(spark.sql(query).collect()[0])


def test_map_key_meets_the_value_at_their_wider_type(spark: engine.SparkSession) -> None:
    query = (
        "SELECT map_contains_key(map(1, 'a', 2, 'b'), 1.0), map_contains_key(map(1, 'a'), 1.5), "
        "map_contains_key(map(1.0, 'a', 2, 'b'), 1), map_contains_key(map(1.0, 'a', 2, 'b'), 5)"
    )
    assert _row(spark, query) == [True, False, True, False]


@pytest.mark.parametrize(
    "call,shown",
    [
        ("map_contains_key(map('1', 'a', '2', 'b'), 1)", '["MAP<STRING, STRING>", "INT"]'),
        ("map_contains_key(map(1, 'a', 2, 'b'), '1')", '["MAP<INT, STRING>", "STRING"]'),
    ],
)
def test_map_key_and_value_of_string_and_number_do_not_mix(spark: engine.SparkSession, call: str, shown: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"SELECT {call}")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES"
    assert f"followed by a value with same key type, but it's [{shown[1:-1]}]." in str(info.value)


def test_map_key_lookup_refuses_an_untyped_null(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT map_contains_key(map(1, 'a'), NULL)")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.NULL_TYPE"


@pytest.mark.parametrize("position", [0, -2])
def test_regexp_replace_position_must_be_positive(spark: engine.SparkSession, position: int) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"SELECT regexp_replace('healthy, wealthy', '\\\\w+thy', 'x', {position})")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE"
    assert f"The position must be between (0, 2147483647] (current value = {position})." in str(info.value)


def test_regexp_replace_from_a_position_and_with_a_null_one(spark: engine.SparkSession) -> None:
    query = "SELECT regexp_replace('healthy, wealthy, and wise', '\\\\w+thy', 'something', 2), regexp_replace('abc', 'b', 'x', NULL)"
    assert _row(spark, query) == ["hsomething, something, and wise", None]


def test_regexp_extract_all_keeps_empty_matches_after_a_match(spark: engine.SparkSession) -> None:
    query = "SELECT regexp_extract_all('1a 2b 14m', '(\\\\d+)?', 1), regexp_extract_all('a 2b 14m', '(\\\\d+)?', 1)"
    assert _row(spark, query) == [["1", "", "", "2", "", "", "14", "", ""], ["", "", "2", "", "", "14", "", ""]]


def test_map_concat_of_a_non_map_is_refused(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT map_concat(map(1, 'a'), NULL)")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.MAP_CONCAT_DIFF_TYPES"
    assert """The `map_concat` should all be of type map, but it's ["MAP<INT, STRING>", "VOID"].""" in str(info.value)


def test_map_concat_of_nothing_is_an_empty_map(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT map_concat() AS m FROM range(2)")
    assert df.schema.simpleString() == "struct<m:map<string,string>>"
    assert [r.m for r in df.collect()] == [{}, {}]


def test_regexp_replace_position_must_be_constant(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT regexp_replace(w, 'a', 'X', n + 2) FROM VALUES ('aa', 1) AS t(w, n)")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT"
    assert 'the input `position` should be a foldable "INT" expression; however, got "(n + 2)".' in str(info.value)
