"""Integers a column's type cannot hold, in createDataFrame, as PySpark 4 treats them: with a
given schema its verifier raises VALUE_OUT_OF_BOUNDS (engine said FIELD_DATA_TYPE_UNACCEPTABLE
... can not accept object None), and in an inferred bigint column a value beyond a long is read
as null (engine raised)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import PySparkValueError


@pytest.mark.parametrize(
    ("rows", "schema", "text"),
    [
        ([(2**40,)], "a int", "between -2147483648 and 2147483647 (inclusive), got 1099511627776"),
        ([(1,), (200,)], "a tinyint", "between -128 and 127 (inclusive), got 200"),
        ([(-40000,)], "a smallint", "between -32768 and 32767 (inclusive), got -40000"),
        (
            [(2**63,)],
            "a bigint",
            "between -9223372036854775808 and 9223372036854775807 (inclusive), got 9223372036854775808",
        ),
        (
            [([1, 2**40],)],
            "a array<int>",
            "between -2147483648 and 2147483647 (inclusive), got 1099511627776",
        ),
        (
            [((2**40,),)],
            "s struct<x:int>",
            "between -2147483648 and 2147483647 (inclusive), got 1099511627776",
        ),
    ],
)
def test_out_of_bounds_with_a_schema(spark: engine.SparkSession, rows, schema, text) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PySparkValueError) as caught:
        spark.createDataFrame(rows, schema)
    assert caught.value.getCondition() == "VALUE_OUT_OF_BOUNDS"
    assert f"Value for `obj` must be {text}" in str(caught.value)


def test_bounds_themselves_are_accepted(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(2**31 - 1, -128)], "a int, b tinyint")
    assert [tuple(r) for r in df.collect()] == [(2147483647, -128)]


def test_beyond_a_long_in_an_inferred_column_is_null(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(2**63, [2**63, 1], {"k": -(2**64)})], ["a", "b", "m"])
    assert df.schema.simpleString() == "struct<a:bigint,b:array<bigint>,m:map<string,bigint>>"
    assert [tuple(r) for r in df.collect()] == [(None, [None, 1], {"k": None})]
