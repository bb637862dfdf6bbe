"""``||`` binds as tightly as ``+`` and ``-`` in Spark's grammar, left to right: ``'a' || 2 + 2``
is ``('a' || 2) + 2`` (a string that is no number: CAST_INVALID_INPUT) and ``1 || 2 - 1`` is
``(concat(1, 2) - 1)``. (Expected names, rows and errors from PySpark 4.3 runs.)"""

from __future__ import annotations

import pytest

import engine
from engine.errors import NumberFormatException, SparkRuntimeException


def test_pipe_then_plus_concatenates_first(spark: engine.SparkSession) -> None:
    with pytest.raises((NumberFormatException, SparkRuntimeException)) as e:
        spark.sql("SELECT 'four: ' || 2 + 2").collect()
    assert e.value.getCondition() == "CAST_INVALID_INPUT"
    df = spark.sql("SELECT 1 || 2 - 1")
    assert df.schema.simpleString() == "struct<(concat(1, 2) - 1):bigint>"
    assert [tuple(r) for r in df.collect()] == [(11,)]


def test_plus_then_pipe_and_multiplication_inside(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT 2 + 2 || 'x', 'a' || 2 * 3, 'a' || 'b' || 'c'")
    assert df.columns == ["concat((2 + 2), x)", "concat(a, (2 * 3))", "concat(concat(a, b), c)"]
    assert [tuple(r) for r in df.collect()] == [("4x", "a6", "abc")]


def test_pipe_binds_tighter_than_comparison(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT 'a' || 'b' = 'ab'")
    assert df.columns == ["(concat(a, b) = ab)"]
    assert [tuple(r) for r in df.collect()] == [(True,)]
