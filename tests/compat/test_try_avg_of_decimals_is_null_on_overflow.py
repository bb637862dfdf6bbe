"""try_avg of decimals gives null where the mean does not fit its decimal(p + 4, s + 4) type,
also under ANSI mode (where avg raises NUMERIC_VALUE_OUT_OF_RANGE). Expected values come from
PySpark 4.3."""

from __future__ import annotations

from decimal import Decimal

import pytest

import engine
from engine import functions as F
from engine.errors import ArithmeticException


def _wide(spark: engine.SparkSession) -> engine.DataFrame:
    rows = [(1, Decimal("1" * 38)), (1, Decimal(0)), (2, Decimal(4))]
    return spark.createDataFrame(rows, "g int, number decimal(38, 0)")


def test_try_avg_is_null_for_the_group_that_overflows(spark: engine.SparkSession) -> None:
    out = _wide(spark).groupBy("g").agg(F.try_avg("number")).orderBy("g")
    assert out.schema["try_avg(number)"].dataType.simpleString() == "decimal(38,4)"
    assert [tuple(r) for r in out.collect()] == [(1, None), (2, Decimal("4.0000"))]


def test_avg_still_raises_on_the_same_overflow(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException, match=r"NUMERIC_VALUE_OUT_OF_RANGE.*Decimal\(38, 4\)"):
        _wide(spark).where("g = 1").agg(F.avg("number")).collect()
