"""round/bround of integers to a negative scale wider than the type's digits give 0, as PySpark
4.3 answers (round(25y, -3) is 0, not an overflow), while a result outside the type still
overflows (round(127y, -1))."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ArithmeticException


def test_wide_negative_scales_round_to_zero(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT round(25y, -3), round(127y, -3), bround(25s, -5), round(25, -10), round(25L, -19)")
    assert df.schema.simpleString() == (
        "struct<round(25, -3):tinyint,round(127, -3):tinyint,bround(25, -5):smallint,"
        "round(25, -10):int,round(25, -19):bigint>"
    )
    assert tuple(df.collect()[0]) == (0, 0, 0, 0, 0)


def test_negative_scales_round_half_up_or_even(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT round(525, -2), bround(525, -2), bround(535s, -1), round(-525L, -1), round(25L, -25)")
    assert tuple(df.collect()[0]) == (500, 500, 540, -530, 0)


def test_result_outside_the_type_overflows(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql("SELECT round(127y, -1)").collect()
    assert info.value.getCondition() == "ARITHMETIC_OVERFLOW"
