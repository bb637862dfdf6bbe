"""The options of the JSON and CSV functions, as PySpark 4.3 reads them (values observed there):
from_csv parses dates and timestamps in ``dateFormat``/``timestampFormat``; schema_of_json
honours ``primitivesAsString`` and ``prefersDecimal``; options must be a map of strings; and
schema_of_json's sample must be a non-null constant."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

import engine
from engine.errors import AnalysisException


def _value(spark: engine.SparkSession, query: str) -> object:
    return spark.sql(query).collect()[0][0]


def test_from_csv_reads_timestamps_in_the_given_pattern(spark: engine.SparkSession) -> None:
    query = "SELECT from_csv('26/08/2015 10:11', 'time TIMESTAMP', map('timestampFormat', 'dd/MM/yyyy HH:mm'))"
    assert _value(spark, query) == (dt.datetime(2015, 8, 26, 10, 11),)


def test_from_csv_reads_dates_in_the_given_pattern(spark: engine.SparkSession) -> None:
    query = "SELECT from_csv('26/08/2015;x', 'd DATE, s STRING', map('dateFormat', 'dd/MM/yyyy', 'sep', ';'))"
    assert _value(spark, query) == (dt.date(2015, 8, 26), "x")


@pytest.mark.parametrize(
    "sample,options,ddl",
    [
        ('{"c1":1, "c2": 1.5, "c3": [true]}', "'primitivesAsString', 'true'", "STRUCT<c1: STRING, c2: STRING, c3: ARRAY<STRING>>"),
        ('{"c1":01, "c2":0.1}', "'allowNumericLeadingZeros', 'true', 'prefersDecimal', 'true'", "STRUCT<c1: BIGINT, c2: DECIMAL(1,1)>"),
        ("[1, 2.25, 99999999999999999999]", "'prefersDecimal', 'true'", "ARRAY<DECIMAL(22,2)>"),
        ("[1, 2.25]", "'prefersDecimal', 'false'", "ARRAY<DOUBLE>"),
    ],
)
def test_schema_of_json_options(spark: engine.SparkSession, sample: str, options: str, ddl: str) -> None:
    assert _value(spark, f"SELECT schema_of_json('{sample}', map({options}))") == ddl


def test_schema_of_json_with_options_types_from_json(spark: engine.SparkSession) -> None:
    query = """SELECT from_json('{"c1": 0.25}', schema_of_json('{"c1": 0.1}', map('prefersDecimal', 'true')))"""
    df = spark.sql(query)
    assert df.schema.fields[0].dataType.simpleString() == "struct<c1:decimal(1,1)>"
    assert df.collect()[0][0] == (decimal.Decimal("0.3"),)


def test_prefers_decimal_refuses_a_negative_scale(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("""SELECT schema_of_json('{"c1": 1e3}', map('prefersDecimal', 'true'))""").collect()
    assert info.value.getCondition() == "NEGATIVE_SCALE_DISALLOWED"


@pytest.mark.parametrize(
    "call",
    [
        "to_json(named_struct('a', 1), named_struct('mode', 'PERMISSIVE'))",
        "from_json('{\"a\":1}', 'a INT', named_struct('mode', 'PERMISSIVE'))",
        "from_csv('1', 'a INT', named_struct('mode', 'PERMISSIVE'))",
    ],
)
def test_options_must_come_from_map(spark: engine.SparkSession, call: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"SELECT {call}")
    assert info.value.getCondition() == "INVALID_OPTIONS.NON_MAP_FUNCTION"


def test_options_must_be_strings(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT from_json('{\"a\":1}', 'a INT', map('mode', 1))")
    assert info.value.getCondition() == "INVALID_OPTIONS.NON_STRING_TYPE"
    assert 'must be string, but got "MAP<STRING, INT>".' in str(info.value)


def test_schema_of_json_needs_a_constant_sample(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT schema_of_json(j) FROM VALUES ('[1]') AS t(j)")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT"
    assert 'the input `json` should be a foldable "STRING" expression; however, got "j".' in str(info.value)
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT schema_of_json(NULL)")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_NULL"


def test_json_array_length_needs_a_string(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT json_array_length(2)")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"


def test_to_csv_quotes_empty_strings_and_escapes_quotes(spark: engine.SparkSession) -> None:
    query = (
        "SELECT to_csv(named_struct('t', '', 'n', 0)), to_csv(named_struct('t', CAST(NULL AS STRING), 'n', 1)), "
        "to_csv(named_struct('a', 'x,y', 'b', 'q\"'))"
    )
    assert list(spark.sql(query).collect()[0]) == ['"",0', ",1", '"x,y","q\\""']


def test_schema_of_json_drops_fields_seen_only_as_empty_objects(spark: engine.SparkSession) -> None:
    query = (
        """SELECT schema_of_json('{"a": 1, "d": {"e": null}, "f": [], "g": {}}'), schema_of_json('{}'), """
        """schema_of_json('{"a": {"b": {}}}'), schema_of_json('{"a": [{}], "b": 1}'), schema_of_json('[{}]')"""
    )
    assert list(spark.sql(query).collect()[0]) == [
        "STRUCT<a: BIGINT, d: STRUCT<e: STRING>, f: ARRAY<STRING>>",
        "STRUCT<>",
        "STRUCT<>",
        "STRUCT<b: BIGINT>",
        "ARRAY<STRUCT<>>",
    ]


def test_from_json_failfast_refuses_a_value_of_the_wrong_type(spark: engine.SparkSession) -> None:
    from engine.errors import SparkRuntimeException

    with pytest.raises(SparkRuntimeException) as info:
        spark.sql("""SELECT from_json('{"a": "oops"}', 'a INT', map('mode', 'FAILFAST'))""").collect()
    assert info.value.getCondition() == "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION"
    assert _value(spark, """SELECT from_json('{"a": "oops"}', 'a INT')""") == (None,)


def test_from_json_takes_only_permissive_or_failfast(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("""SELECT from_json('{"a": 1}', 'a INT', map('mode', 'DROPMALFORMED'))""")
    assert info.value.getCondition() == "PARSE_MODE_UNSUPPORTED"
    assert "The function `from_json` doesn't support the DROPMALFORMED mode." in str(info.value)


def test_to_csv_trims_whitespace_unless_told_not_to(spark: engine.SparkSession) -> None:
    query = "SELECT to_csv(named_struct('a', '   ', 'b', ' x,y ', 'c', ' a b ', 'd', '\tt\t'))"
    assert _value(spark, query) == '"","x,y",a b,t'
    keep_lead = "SELECT to_csv(named_struct('a', ' p ', 'b', 1), map('ignoreLeadingWhiteSpace', 'false'))"
    assert _value(spark, keep_lead) == " p,1"
    keep_both = (
        "SELECT to_csv(named_struct('a', ' p ', 'b', 1), "
        "map('ignoreTrailingWhiteSpace', 'false', 'ignoreLeadingWhiteSpace', 'false'))"
    )
    assert _value(spark, keep_both) == " p ,1"
