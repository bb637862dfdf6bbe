"""xpath, xpath_string, xpath_boolean and the numeric xpath_* functions, in SQL and F.*; every
expected value below is what PySpark 4.3 returned for the same call."""

from __future__ import annotations

import math

import pytest

from engine.errors import AnalysisException, SparkRuntimeException


def _one(spark, sql):
    return spark.sql(f"SELECT {sql} AS r").collect()[0].r


X = "<a><b id=\"1\">b1</b><b id=\"2\">b2</b><c>3</c><c>4.5</c></a>"


@pytest.mark.parametrize(
    ("fn", "path", "expected"),
    [
        ("xpath", "a/b/text()", ["b1", "b2"]),
        ("xpath", "a/b/@id", ["1", "2"]),
        ("xpath", "a/b", [None, None]),  # element nodes have no node value
        ("xpath", "a/z/text()", []),
        ("xpath", "//b[@id='2']/text()", ["b2"]),
        ("xpath_string", "a/b", "b1"),
        ("xpath_string", "a/b[2]", "b2"),
        ("xpath_string", "a/z", ""),
        ("xpath_string", "name(/a/*[3])", "c"),
        ("xpath_string", "concat(a/b, '-', a/c)", "b1-3"),
        ("xpath_string", "a/b[last()]", "b2"),
        ("xpath_string", "1 div 0", "Infinity"),
        ("xpath_string", "foo:bar", ""),
        ("xpath_int", "sum(a/c)", 7),
        ("xpath_int", "a/c", 3),
        ("xpath_int", "a/b", 0),
        ("xpath_int", "99999999999", 2147483647),
        ("xpath_int", "-1.9", -1),
        ("xpath_int", "0 div 0", 0),
        ("xpath_long", "count(a/b)", 2),
        ("xpath_long", "1 div 0", 9223372036854775807),
        ("xpath_short", "70000", 4464),
        ("xpath_double", "sum(a/c)", 7.5),
        ("xpath_double", "a/b[1]/@id + 1", 2.0),
        ("xpath_double", "1 div 0", math.inf),
        ("xpath_float", "a/c[2]", 4.5),
        ("xpath_number", "a/c[2]", 4.5),
        ("xpath_boolean", "a/b", True),
        ("xpath_boolean", "a/z", False),
        ("xpath_boolean", "a/c = 3", True),
    ],
)
def test_xpath_functions_match_spark(spark, fn, path, expected):
    assert _one(spark, f"{fn}('{X}', \"{path}\")") == expected


def test_xpath_nan_types_nulls_and_namespaces(spark):
    assert math.isnan(_one(spark, f"xpath_double('{X}', 'a/b')"))
    df = spark.sql("SELECT xpath_int('<a><b>1</b></a>', 'a/b'), xpath_short('<a/>', 'a'), xpath_float('<a/>', 'a')")
    assert df.schema.simpleString() == (
        "struct<xpath_int(<a><b>1</b></a>, a/b):int,xpath_short(<a/>, a):smallint,xpath_float(<a/>, a):float>"
    )
    nulls = spark.sql("SELECT xpath_string(null, 'a'), xpath(null, 'a'), xpath_string('<a/>', null), xpath_string('', 'a'), xpath_string('<a/>', '')")
    assert tuple(nulls.collect()[0]) == (None, None, None, None, None)
    assert _one(spark, """xpath_string('<a xmlns="urn:x"><b>x</b></a>', 'a/b')""") == "x"
    assert _one(spark, "xpath('<a><b>1</b><b></b><b>3</b></a>', 'a/b/text()')") == ["1", "3"]


def test_xpath_errors(spark):
    with pytest.raises(SparkRuntimeException, match="a/b"):
        _one(spark, "xpath_string('<a><b>x</b>', 'a/b')")  # not well-formed
    with pytest.raises(SparkRuntimeException, match="Invalid XPath 'a/b\\['"):
        _one(spark, "xpath_string('<a><b>x</b></a>', 'a/b[')")
    with pytest.raises(SparkRuntimeException, match="Can not convert #NUMBER to a NodeList"):
        _one(spark, "xpath('<a><b>1</b></a>', 'count(a/b)')")
    with pytest.raises(AnalysisException) as e:
        spark.sql("SELECT xpath_string(s, p) FROM VALUES ('<a/>', 'a') t(s, p)").collect()
    assert e.value.getCondition() == "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT"
    with pytest.raises(AnalysisException, match="UNEXPECTED_INPUT_TYPE"):
        spark.sql("SELECT xpath_int(1, 'a')").collect()


XS = "<a><b>hello world</b><c>  x  y  </c><n>3.7</n><n>-2.2</n></a>"


@pytest.mark.parametrize(
    ("fn", "path", "expected"),
    [
        ("xpath_string", "string-length(a/b)", "11"),
        ("xpath_string", "normalize-space(a/c)", "x y"),
        ("xpath_string", "translate(a/b, 'lo', 'LO')", "heLLO wOrLd"),
        ("xpath_string", "substring(a/b, 2, 3)", "ell"),
        ("xpath_string", "substring-after(a/b, ' ')", "world"),
        ("xpath_string", "round(a/n[1])", "4"),
        ("xpath_string", "floor(a/n[2])", "-3"),
        ("xpath_string", "a/n[1] mod 2", "1.7000000000000002"),  # Java's digits, not libxml2's 15
        ("xpath_string", "a/n[1] + a/n[2]", "1.5"),
        ("xpath_string", "a/b | a/c", "hello world"),
        ("xpath_string", "local-name(a/*[1])", "b"),
        ("xpath_string", "string(number('x'))", "NaN"),
        ("xpath_string", "a/n[1] > a/n[2]", "true"),
        ("xpath_string", "1 div 3", "0.3333333333333333"),
        ("xpath_string", "0.0000001", "0.0000001"),
        ("xpath_string", "100000000000000000000", "100000000000000000000"),
        ("xpath_string", "-0", "0"),
        ("xpath_string", "-1 div 0", "-Infinity"),
        ("xpath_boolean", "boolean('')", False),
        ("xpath_boolean", "starts-with(a/b, 'he')", True),
        ("xpath_double", "ceiling(a/n[2])", -2.0),
        ("xpath_double", "count(//text())", 4.0),
        ("xpath", "a/*/text()", ["hello world", "  x  y  ", "3.7", "-2.2"]),
    ],
)
def test_xpath_functions_and_number_text(spark, fn, path, expected):
    assert _one(spark, f"{fn}('{XS}', \"{path}\")") == expected
