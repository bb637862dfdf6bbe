"""A generator in a filter (``WHERE explode(xs) > 0``, ``df.where(F.explode(...) > 0)``) is
UNSUPPORTED_GENERATOR.OUTSIDE_SELECT when analysed, with PySpark 4's message."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException

_MESSAGE = (
    "[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator is not supported: outside the SELECT clause, "
    "found: 'Filter (explode(array(1)) > 0)."
)


def test_generator_in_sql_where(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT id FROM range(2) WHERE explode(array(1)) > 0")
    assert info.value.getErrorClass() == "UNSUPPORTED_GENERATOR.OUTSIDE_SELECT"
    assert _MESSAGE in str(info.value)


def test_generator_in_dataframe_where(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.range(2).where(F.explode(F.array(F.lit(1))) > 0).collect()
    assert info.value.getErrorClass() == "UNSUPPORTED_GENERATOR.OUTSIDE_SELECT"
    assert _MESSAGE in str(info.value)
