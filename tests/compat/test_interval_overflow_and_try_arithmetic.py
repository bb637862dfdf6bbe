"""Interval arithmetic overflows as PySpark 4 reports it (INTERVAL_ARITHMETIC_OVERFLOW with or
without a try_ suggestion, Java's own overflow for ``*``), the try_ functions give null for an
overflow or a zero divisor, and the interval constructors name their omitted parts as zeros.
Expected values are PySpark 4's."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine import functions as F
from engine.errors import ArithmeticException

Row = engine.Row


def _condition(spark: engine.SparkSession, column: engine.Column) -> tuple[str | None, str]:
    with pytest.raises(ArithmeticException) as info:
        spark.range(1).select(column).collect()
    return info.value.getCondition(), str(info.value)


def test_constructor_overflow_is_without_suggestion(spark: engine.SparkSession) -> None:
    for column in (F.make_ym_interval(F.lit(2147483647), F.lit(1)), F.make_dt_interval(F.lit(106751992))):
        condition, _ = _condition(spark, column)
        assert condition == "INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION"


def test_interval_sum_overflow_suggests_try_add(spark: engine.SparkSession) -> None:
    big = F.make_ym_interval(F.lit(178956970), F.lit(7))
    condition, text = _condition(spark, big + F.make_ym_interval(F.lit(0), F.lit(1)))
    assert condition == "INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION"
    assert "Use `try_add` to tolerate overflow" in text
    days = F.make_dt_interval(F.lit(106751991))
    assert _condition(spark, days + days)[0] == "INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION"


def test_interval_product_overflow_is_javas(spark: engine.SparkSession) -> None:
    assert _condition(spark, F.make_ym_interval(F.lit(178956970), F.lit(7)) * 2) == (None, "integer overflow")
    assert _condition(spark, F.make_dt_interval(F.lit(106751991)) * 2) == (None, "long overflow")


def test_try_functions_give_null_for_interval_overflow_and_zero_divisor(spark: engine.SparkSession) -> None:
    days = F.make_dt_interval(F.lit(106751991))
    three = F.make_dt_interval(F.lit(3))
    out = spark.range(1).select(
        F.try_add(days, days).alias("s"),
        F.try_multiply(days, F.lit(2)).alias("m"),
        F.try_divide(three, F.lit(0)).alias("z"),
        F.try_divide(three, F.lit(2)).alias("h"),
        F.try_add(F.make_ym_interval(F.lit(178956970), F.lit(7)), F.make_ym_interval(F.lit(0), F.lit(1)))
        .isNull()
        .alias("y"),
    )
    assert out.collect() == [Row(s=None, m=None, z=None, h=dt.timedelta(days=1, hours=12), y=True)]


def test_constructors_name_omitted_parts_as_zeros(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 2)], "d int, h int")
    out = df.select(F.make_dt_interval("d", "h"), F.make_dt_interval(), F.make_ym_interval("d"))
    assert out.columns == [
        "make_dt_interval(d, h, 0, 0)",
        "make_dt_interval(0, 0, 0, 0)",
        "make_ym_interval(d, 0)",
    ]
    assert out.collect()[0][:2] == (dt.timedelta(days=1, hours=2), dt.timedelta(0))
    assert spark.sql("SELECT make_dt_interval(1)").columns == ["make_dt_interval(1, 0, 0, 0.000000)"]
