"""Nullability PySpark 4 gives common expressions: one-argument math functions, log, round and
ceil/floor are nullable whatever their input; CASE WHEN is nullable only when a value (or the
missing ELSE) may be null; sha2, format_number and right are always nullable."""

from __future__ import annotations

import engine
from engine import functions as F

L = F.lit


def _nullable(df: engine.DataFrame) -> list[bool]:
    return [f.nullable for f in df.schema.fields]


def test_math_functions_over_literals(spark: engine.SparkSession) -> None:
    df = spark.range(1)
    unary = df.select(F.sqrt(L(4.0)), F.exp(L(0.0)), F.sin(L(0.0)), F.ln(L(1.0)), F.signum(L(2.0)), F.ceil(L(2.5)),
                      F.floor(L(2.5)), F.round(L(2.345), 2), F.bround(L(2.5)), F.log(L(4.0)), F.log(2.0, L(4.0)))  # fmt: skip
    assert _nullable(unary) == [True] * 11
    binary = df.select(F.pow(L(2.0), L(3.0)), F.atan2(L(1.0), L(2.0)), F.hypot(L(1.0), L(2.0)), F.abs(L(-1)))
    assert _nullable(binary) == [False] * 4
    assert tuple(unary.collect()[0])[:3] == (2.0, 1.0, 0.0)


def test_case_when_nullability(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, None)], "x int, y int")
    out = df.select(
        F.when(F.col("x") > 0, 1).otherwise(2), F.when(F.col("x") > 0, 1), F.when(F.col("x") > 0, F.col("y")).otherwise(2),
        F.when(F.col("x") > 0, 1).when(F.col("x") < 0, 3).otherwise(F.lit(None)),
    )  # fmt: skip
    assert _nullable(out) == [False, True, True, True]
    assert tuple(out.collect()[0]) == (1, 1, None, 1)


def test_string_functions_that_may_give_null(spark: engine.SparkSession) -> None:
    out = spark.range(1).select(F.sha2(L("a"), 256), F.format_number(L(1.5), 1), F.right(L("ab"), L(1)), F.left(L("ab"), L(1)))
    assert _nullable(out) == [True, True, True, False]
    assert tuple(out.collect()[0])[1:] == ("1.5", "b", "a")
