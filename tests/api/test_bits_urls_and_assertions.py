"""bit_count, bit_get, nullifzero, zeroifnull, date_from_unix_date, sha, the URL functions,
raise_error and assert_true: values, types, names and errors as PySpark 4.3 gives them
(every expected value below was printed by PySpark 4.3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException, SparkRuntimeException

URL = "http://user:pw@spark.apache.org:8080/path/p?query=1&b=x%20y#Ref"


def one(spark, sql):
    out = spark.sql(sql)
    return out.columns, [f.dataType.simpleString() for f in out.schema.fields], tuple(out.collect()[0])


def test_bit_count_counts_the_bits_of_a_64_bit_long(spark):
    cols, types, row = one(spark, "SELECT bit_count(7), bit_count(-1), bit_count(cast(-1 AS tinyint)), bit_count(true), bit_count(cast(NULL AS int))")
    assert cols == ["bit_count(7)", "bit_count(-1)", "bit_count(CAST(-1 AS TINYINT))", "bit_count(true)", "bit_count(CAST(NULL AS INT))"]
    assert types == ["int"] * 5 and row == (3, 64, 64, 1, None)
    with pytest.raises(AnalysisException, match=r'requires the \("INTEGRAL" or "BOOLEAN"\) type, however "1.5"'):
        spark.sql("SELECT bit_count(1.5)").collect()


def test_bit_get_reads_one_bit_and_checks_the_position_against_the_width(spark):
    df = spark.createDataFrame([(11, 0), (11, 3), (None, 1), (-1, 31)], "v int, p int")
    out = df.select(F.bit_get("v", "p"), F.getbit("v", F.lit(2)))
    assert out.columns == ["bit_get(v, p)", "getbit(v, 2)"]
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["tinyint", "tinyint"]
    assert [tuple(r) for r in out.collect()] == [(1, 0), (1, 0), (None, None), (1, 1)]
    with pytest.raises(IllegalArgumentException, match=r"BIT_POSITION_RANGE.*`bit_get` is invalid: expects an integer value in \[0, 8\), but got 8"):
        spark.sql("SELECT bit_get(cast(5 AS tinyint), 8)").collect()


def test_nullifzero_and_zeroifnull_types(spark):
    cols, types, row = one(spark, "SELECT nullifzero(0), nullifzero(5), nullifzero(0.0), nullifzero(NULL), nullifzero('0')")
    assert types == ["int", "int", "decimal(1,1)", "void", "string"] and row == (None, 5, None, None, None)
    cols, types, row = one(
        spark, "SELECT zeroifnull(NULL), zeroifnull(cast(NULL AS double)), zeroifnull(cast(NULL AS decimal(5,2))), "
        "zeroifnull(cast(NULL AS tinyint)), zeroifnull(1.5), zeroifnull(cast(NULL AS string))"
    )  # fmt: skip
    assert types == ["int", "double", "decimal(12,2)", "int", "decimal(11,1)", "bigint"]
    assert row == (0, 0.0, Decimal("0.00"), 0, Decimal("1.5"), 0)
    df = spark.createDataFrame([(0,), (None,), (3,)], "v bigint")
    assert [tuple(r) for r in df.select(F.nullifzero("v"), F.zeroifnull("v")).collect()] == [(None, 0), (None, 0), (3, 3)]


def test_date_from_unix_date(spark):
    df = spark.createDataFrame([(0,), (19000,), (-1,), (None,)], "d int")
    out = df.select(F.date_from_unix_date("d"))
    assert out.columns == ["date_from_unix_date(d)"]
    assert [r[0] for r in out.collect()] == [dt.date(1970, 1, 1), dt.date(2022, 1, 8), dt.date(1969, 12, 31), None]


def test_sha_is_sha1_under_its_own_name(spark):
    df = spark.createDataFrame([("abc",)], "s string")
    out = df.select(F.sha("s"))
    assert out.columns == ["sha(s)"] and out.collect()[0][0] == "a9993e364706816aba3e25717850c26c9cd0d89d"


def test_parse_url_parts_and_query_keys(spark):
    parts = ["HOST", "PATH", "QUERY", "REF", "PROTOCOL", "FILE", "AUTHORITY", "USERINFO"]
    df = spark.createDataFrame([(URL,)], "u string")
    row = df.select(*[F.parse_url("u", F.lit(p)) for p in parts]).collect()[0]
    assert tuple(row) == ("spark.apache.org", "/path/p", "query=1&b=x%20y", "Ref", "http",
                          "/path/p?query=1&b=x%20y", "user:pw@spark.apache.org:8080", "user:pw")  # fmt: skip
    _, _, row = one(
        spark, "SELECT parse_url('http://a.b/p?query=1&b=x%20y', 'QUERY', 'b'), parse_url('http://a.b/p?x=1', 'QUERY', 'zz'), "
        "parse_url('http://a.b', 'PATH'), parse_url('http://a.b/a', 'host'), parse_url('http://a.b/p?y&x=3', 'QUERY', 'y'), "
        "parse_url('http://a.b/p?y=&x=3', 'QUERY', 'y'), parse_url('mailto:someone@x.com', 'PATH'), "
        "parse_url('/rel/path?q=1', 'QUERY'), parse_url('http://[::1]:80/x', 'HOST'), parse_url('http://a.b:abc/x', 'HOST')"
    )  # fmt: skip
    assert row == ("x%20y", None, "", None, None, "", None, "q=1", "[::1]", None)


def test_parse_url_of_an_invalid_url_raises_and_try_parse_url_is_null(spark):
    with pytest.raises(IllegalArgumentException, match=r"\[INVALID_URL\] The url is invalid: inva lid://spark"):
        spark.sql("SELECT parse_url('inva lid://spark', 'HOST')").collect()
    cols, _, row = one(spark, "SELECT try_parse_url('inva lid://spark', 'HOST'), try_parse_url('http://a.b/p', 'HOST'), try_parse_url('http://a b.com/x', 'HOST')")
    assert cols[0] == "try_parse_url(inva lid://spark, HOST)" and row == (None, "a.b", None)


def test_url_encode_and_decode_as_javas_url_coder(spark):
    df = spark.createDataFrame([("https://spark.apache.org/a b?x=é&y=~*",), ("a+b/c",), ("",), (None,)], "s string")
    enc = [r[0] for r in df.select(F.url_encode("s")).collect()]
    assert enc == ["https%3A%2F%2Fspark.apache.org%2Fa+b%3Fx%3D%C3%A9%26y%3D%7E*", "a%2Bb%2Fc", "", None]
    back = df.select(F.url_decode(F.url_encode("s"))).collect()
    assert [r[0] for r in back] == ["https://spark.apache.org/a b?x=é&y=~*", "a+b/c", "", None]
    _, _, row = one(spark, "SELECT try_url_decode('%zz'), try_url_decode('a+b%20c'), url_decode('%C3')")
    assert row == (None, "a b c", "\ufffd")
    with pytest.raises(IllegalArgumentException, match=r"\[CANNOT_DECODE_URL\] The provided URL cannot be decoded: a%2\."):
        spark.sql("SELECT url_decode('a%2')").collect()


def test_raise_error_names_and_raises_the_users_message(spark):
    df = spark.range(1).select(F.raise_error("boom"))
    assert df.columns == ["raise_error(USER_RAISED_EXCEPTION, map(errorMessage, boom))"]
    assert df.schema.fields[0].dataType.simpleString() == "void"
    with pytest.raises(SparkRuntimeException, match=r"\[USER_RAISED_EXCEPTION\] boom") as e:
        df.collect()
    assert e.value.getErrorClass() == "USER_RAISED_EXCEPTION"
    with pytest.raises(SparkRuntimeException, match=r"\[USER_RAISED_EXCEPTION\] null"):
        spark.sql("SELECT raise_error(NULL)").collect()


def test_raise_error_only_fires_on_rows_that_reach_it(spark):
    out = spark.range(3).select(F.when(F.col("id") > 5, F.raise_error(F.concat(F.lit("x"), F.col("id").cast("string")))).otherwise(F.col("id")))
    assert [r[0] for r in out.collect()] == [0, 1, 2]
    assert spark.sql("SELECT raise_error('x') FROM range(3) WHERE id > 5").collect() == []


def test_assert_true_default_and_custom_messages(spark):
    df = spark.range(3)
    ok = df.select(F.assert_true(F.col("id") < 5), F.assert_true(F.col("id") < 5, "m"))
    assert ok.columns == ["assert_true((id < 5), '(id < 5)' is not true!)", "assert_true((id < 5), m)"]
    assert [tuple(r) for r in ok.collect()] == [(None, None)] * 3
    with pytest.raises(SparkRuntimeException, match=r"\[USER_RAISED_EXCEPTION\] '\(id < 1\)' is not true!"):
        df.select(F.assert_true(F.col("id") < 1)).collect()
    with pytest.raises(SparkRuntimeException, match=r"\[USER_RAISED_EXCEPTION\] bad 1"):
        df.select(F.assert_true(F.col("id") < 1, F.concat(F.lit("bad "), F.col("id").cast("string")))).collect()
    with pytest.raises(SparkRuntimeException, match=r"'NULL' is not true!"):
        spark.sql("SELECT assert_true(NULL)").collect()
    with pytest.raises(AnalysisException, match=r'requires the "BOOLEAN" type, however "1" has the type "INT"'):
        spark.sql("SELECT assert_true(1)").collect()
