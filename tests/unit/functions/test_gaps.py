"""Gaps closed against PySpark 4: decimal-exact round/bround of doubles, bigint sum overflow,
try_mod, array_insert and mask (values checked against Spark 4)."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.api.column import Column
from engine.errors import ArithmeticException
from engine.expr import nodes as n

X = [1.005, 2.5, -2.5, 0.125, 1.23456789e10, 123.456, None, float("nan")]


def test_round_rounds_the_shortest_decimal_text_half_up(values):
    assert values(F.round("x", 2), x=X)[:7] == [1.01, 2.5, -2.5, 0.13, 1.23456789e10, 123.46, None]
    assert values(F.round("x"), x=X)[:4] == [1.0, 3.0, -3.0, 0.0]
    assert values(F.round("x", -3), x=[1.23456789e10]) == [12345679000.0]
    assert values(F.round("x", -1), x=[123.456]) == [120.0]


def test_bround_rounds_half_to_even_on_the_decimal_text(values):
    assert values(F.bround("x", 2), x=X)[:4] == [1.0, 2.5, -2.5, 0.12]
    assert values(F.bround("x"), x=X)[:3] == [1.0, 2.0, -2.0]


def test_round_of_a_float_widens_it_to_double_first(values):
    assert values(F.round(F.col("x").cast("float"), 2), x=[1.005]) == [1.0]


def test_bigint_sum_overflow_raises_under_ansi_wraps_in_legacy_and_is_null_for_try_sum(spark):
    df = spark.createDataFrame([(9223372036854775807,), (1,)], "x bigint")
    with pytest.raises(ArithmeticException, match="ARITHMETIC_OVERFLOW"):
        df.select(F.sum("x")).collect()
    assert df.select(F.try_sum("x")).collect()[0][0] is None
    spark.conf.set("spark.sql.ansi.enabled", "false")
    try:
        assert df.select(F.sum("x")).collect()[0][0] == -9223372036854775808
    finally:
        spark.conf.set("spark.sql.ansi.enabled", "true")


def test_integral_sum_stays_exact_per_group(spark):
    df = spark.createDataFrame([(1, 2**62), (1, 2**62 - 1), (2, 5), (2, None)], "k int, x bigint")
    got = sorted(tuple(r) for r in df.groupBy("k").agg(F.sum("x"), F.avg("x")).collect())
    assert got == [(1, 2**63 - 1, float(2**62)), (2, 5, 5.0)]


def try_mod(a: Column, b: Column) -> Column:
    return Column(n.UnresolvedFunction("try_mod", (a.expr, b.expr)))


def test_try_mod_is_null_for_a_zero_divisor(values):
    assert values(try_mod(F.col("a"), F.col("b")), a=[7, 7, None], b=[0, 3, 1]) == [None, 1, None]
    assert values(try_mod(F.col("a"), F.lit(2)), a=[-7.5]) == [-1.5]


def test_array_insert_positions_pad_with_nulls_past_either_end(values):
    xs = [[1, 2, 3]]
    got = [values(F.array_insert("xs", p, 9), xs=xs)[0] for p in (2, -1, 5, -5, 4)]
    assert got == [[1, 9, 2, 3], [1, 2, 3, 9], [1, 2, 3, None, 9], [9, None, 1, 2, 3], [1, 2, 3, 9]]
    assert values(F.array_insert("xs", 1, 0), xs=[None, []]) == [None, [0]]


def test_array_insert_at_zero_is_an_error(values):
    from engine.errors import SparkRuntimeException

    with pytest.raises(SparkRuntimeException, match="INVALID_INDEX_OF_ZERO"):
        values(F.array_insert("xs", 0, 9), xs=[[1]])


def test_mask_replaces_each_character_class_once(values):
    s = ["AbCD123-@$#", None]
    assert values(F.mask("s"), s=s) == ["XxXXnnn-@$#", None]
    assert values(F.mask("s", "Q", "q", "d", "o"), s=s) == ["QqQQdddoooo", None]
    assert values(F.mask("s", F.lit("a"), F.lit("B"), F.lit("x")), s=["Ab1"]) == ["aBx"]
