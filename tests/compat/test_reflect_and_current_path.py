"""reflect / java_method / try_reflect run the common Java static methods without a JVM, and
current_path names the SQL path. Every expected value below came from PySpark 4.3."""

from __future__ import annotations

import re

import pytest

import engine
from engine import functions as F
from engine import types as T
from engine.errors import AnalysisException, SparkRuntimeException


def test_reflect_calls_math_and_prints_as_java(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "select reflect('java.lang.Math', 'abs', -2), java_method('java.lang.Math', 'max', 3, 7), "
        "try_reflect('java.lang.Math', 'floorDiv', 7, 0), reflect('java.lang.String', 'valueOf', 1e20D)"
    )
    assert df.columns == [
        "reflect(java.lang.Math, abs, -2)", "java_method(java.lang.Math, max, 3, 7)",
        "try_reflect(java.lang.Math, floorDiv, 7, 0)", "reflect(java.lang.String, valueOf, 1.0E20)",
    ]  # fmt: skip
    assert [(f.dataType, f.nullable) for f in df.schema.fields] == [(T.StringType(), True)] * 4
    assert tuple(df.first()) == ("2", "7", None, "1.0E20")


def test_java_semantics_of_the_methods(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "select reflect('java.lang.Math', 'abs', -2147483648), reflect('java.lang.Math', 'sqrt', -1D), "
        "reflect('java.lang.Math', 'max', 1.5D, 2D), reflect('java.lang.Math', 'round', 2.5F), "
        "reflect('java.lang.Math', 'abs', -0.0D), reflect('java.lang.Math', 'log', 0D), "
        "reflect('java.lang.Math', 'floorMod', -7, 3), reflect('java.lang.Math', 'round', 2.5D), "
        "reflect('java.lang.Math', 'exp', 1D), reflect('java.lang.Math', 'pow', 2D, 10D)"
    ).first()
    assert tuple(row) == ("-2147483648", "NaN", "2.0", "3", "0.0", "-Infinity", "2", "3", "2.718281828459045", "1024.0")
    row = spark.sql(
        "select reflect('java.lang.Integer', 'parseInt', '12'), reflect('java.lang.Integer', 'toHexString', 255), "
        "reflect('java.lang.Integer', 'toBinaryString', 5), reflect('java.lang.Double', 'parseDouble', '1e3'), "
        "reflect('java.lang.Boolean', 'parseBoolean', 'TRUE'), reflect('java.lang.String', 'valueOf', true), "
        "reflect('java.util.UUID', 'fromString', 'a5cf6c42-0c85-418f-af6c-3e4e5b1328f2'), "
        "reflect('java.net.URLDecoder', 'decode', 'a%20b', 'UTF-8'), reflect('java.net.URLEncoder', 'encode', 'a b', 'UTF-8')"
    ).first()
    assert tuple(row) == (
        "12", "ff", "101", "1000.0", "true", "true", "a5cf6c42-0c85-418f-af6c-3e4e5b1328f2", "a b", "a+b",
    )  # fmt: skip


def test_reflect_over_columns_and_random_uuids(spark: engine.SparkSession) -> None:
    rows = spark.sql(
        "select reflect('java.lang.Math', 'abs', v), reflect('java.lang.Integer', 'parseInt', s) "
        "from values (-3, '4'), (5, '6') t(v, s)"
    ).collect()
    assert [tuple(r) for r in rows] == [("3", "4"), ("5", "6")]
    uuids = [r[0] for r in spark.range(5).select(F.reflect(F.lit("java.util.UUID"), F.lit("randomUUID"))).collect()]
    assert len(set(uuids)) == 5 and all(re.fullmatch("[0-9a-f-]{36}", u) for u in uuids)


def test_a_throwing_method_fails_reflect_and_nulls_try_reflect(spark: engine.SparkSession) -> None:
    with pytest.raises(SparkRuntimeException, match='java.lang.NumberFormatException: For input string: "x"'):
        spark.sql("select reflect('java.lang.Integer', 'parseInt', 'x')").collect()
    with pytest.raises(SparkRuntimeException, match="java.lang.ArithmeticException: integer overflow"):
        spark.sql("select reflect('java.lang.Math', 'addExact', 2147483647, 1)").collect()
    row = spark.sql(
        "select try_reflect('java.lang.Math', 'addExact', 2147483647, 1), try_reflect('java.lang.Integer', 'parseInt', 'x')"
    ).first()
    assert tuple(row) == (None, None)


@pytest.mark.parametrize(
    ("query", "condition", "message"),
    [
        ("select reflect('java.lang.Nope', 'abs', 1)", "DATATYPE_MISMATCH.UNEXPECTED_CLASS_TYPE", "class java.lang.Nope not found."),
        (
            "select reflect('java.lang.Math', 'nope', 1)", "DATATYPE_MISMATCH.UNEXPECTED_STATIC_METHOD",
            "cannot find a static method nope that matches the argument types in java.lang.Math.",
        ),
        (  # no widening: Math.max(int, long) does not exist
            "select reflect('java.lang.Math', 'max', 3, 7L)", "DATATYPE_MISMATCH.UNEXPECTED_STATIC_METHOD",
            "cannot find a static method max that matches the argument types in java.lang.Math.",
        ),
        (
            "select reflect(c, 'abs', 1) from values ('java.lang.Math') t(c)", "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
            'the input `class` should be a foldable "STRING" expression; however, got "c".',
        ),
        (
            "select reflect('java.lang.Math')", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
            "The `reflect` requires > 1 parameters but the actual number is 1.",
        ),
    ],
)  # fmt: skip
def test_reflect_errors(spark: engine.SparkSession, query: str, condition: str, message: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == condition
    assert message in str(info.value)


def test_current_path(spark: engine.SparkSession) -> None:
    df = spark.sql("select current_path()")
    assert df.schema == T.StructType([T.StructField("current_path()", T.StringType(), False)])
    assert df.first()[0] == "system.builtin,system.session,spark_catalog.default"
    assert spark.range(1).select(F.current_path()).first()[0] == "system.builtin,system.session,spark_catalog.default"
