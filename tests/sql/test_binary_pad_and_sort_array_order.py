"""lpad/rpad and overlay of binaries work by bytes, and sort_array's order argument is checked,
as in PySpark 4.3 (every expected value and name below was observed there)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def _one(spark: engine.SparkSession, query: str) -> tuple[list[str], list[object]]:
    df = spark.sql(query)
    return df.columns, list(df.collect()[0])


@pytest.mark.parametrize(
    "query,name,value",
    [
        # a binary without a pad pads with zero bytes, shown as X'00' in the name
        ("SELECT hex(lpad(unhex('aabb'), 5))", "hex(lpad(unhex(aabb), 5, X'00'))", "000000AABB"),
        ("SELECT hex(rpad(unhex('aabb'), 5))", "hex(rpad(unhex(aabb), 5, X'00'))", "AABB000000"),
        # too long: cut to the first `len` bytes, on either side
        ("SELECT hex(lpad(unhex('aabbcc'), 2))", "hex(lpad(unhex(aabbcc), 2, X'00'))", "AABB"),
        ("SELECT hex(rpad(unhex('aabbcc'), 2, unhex('ff')))", "hex(rpad(unhex(aabbcc), 2, unhex(ff)))", "AABB"),
        # a multi-byte pad repeats and is cut to fit exactly
        ("SELECT hex(lpad(unhex('aa'), 6, unhex('1f2e')))", "hex(lpad(unhex(aa), 6, unhex(1f2e)))", "1F2E1F2E1FAA"),
        ("SELECT hex(rpad(unhex('aa'), 5, unhex('1f2e')))", "hex(rpad(unhex(aa), 5, unhex(1f2e)))", "AA1F2E1F2E"),
        # an empty pad leaves a short value as it is
        ("SELECT hex(lpad(unhex('aabbcc'), 6, unhex('')))", "hex(lpad(unhex(aabbcc), 6, unhex()))", "AABBCC"),
        ("SELECT hex(rpad(unhex(''), 5, unhex('1f')))", "hex(rpad(unhex(), 5, unhex(1f)))", "1F1F1F1F1F"),
        # a binary mixed with a string pads as strings
        ("SELECT lpad(x'57', 5, 'abc')", "lpad(X'57', 5, abc)", "abcaW"),
        ("SELECT rpad('abc', 5, x'57')", "rpad(abc, 5, X'57')", "abcWW"),
    ],
)
def test_binary_pads_by_bytes(spark: engine.SparkSession, query: str, name: str, value: str) -> None:
    assert _one(spark, query) == ([name], [value])


def test_binary_pad_of_a_binary_is_binary(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT lpad(unhex('aa'), 3, unhex('00')) AS p")
    assert df.schema.simpleString() == "struct<p:binary>"
    assert df.collect()[0].p == bytearray(b"\x00\x00\xaa")


def test_sort_array_names_its_default_order(spark: engine.SparkSession) -> None:
    assert _one(spark, "SELECT sort_array(array(2, NULL, 1))") == (["sort_array(array(2, NULL, 1), true)"], [[None, 1, 2]])


def test_sort_array_with_a_null_order_is_null(spark: engine.SparkSession) -> None:
    query = "SELECT sort_array(array('b', 'd'), CAST(NULL AS BOOLEAN))"
    assert _one(spark, query) == (["sort_array(array(b, d), CAST(NULL AS BOOLEAN))"], [None])


def test_sort_array_order_must_be_a_boolean(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT sort_array(array('b', 'd'), '1')")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert 'The second parameter requires the "BOOLEAN" type, however "1" has the type "STRING".' in str(info.value)


def test_overlay_of_binaries_is_binary(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT overlay(encode('Spark SQL', 'utf-8') PLACING encode('_', 'utf-8') FROM 6) AS o, overlay(X'0102' PLACING X'FF' FROM 2 FOR 0) AS p")
    assert df.schema.simpleString() == "struct<o:binary,p:binary>"
    assert [bytes(v) for v in df.collect()[0]] == [b"Spark_SQL", b"\x01\xff\x02"]


def test_overlay_of_a_string_with_a_binary_is_refused(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT overlay('abc' PLACING X'41' FROM 2)")
    assert info.value.getCondition() == "DATATYPE_MISMATCH.DATA_DIFF_TYPES"
    assert """Cannot resolve "overlay(abc, X'41', 2, -1)" due to data type mismatch""" in str(info.value)
    assert """should all be the same type, but it's ("STRING" or "BINARY").""" in str(info.value)
