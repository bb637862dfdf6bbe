"""array_union / array_intersect / array_except / arrays_overlap type their result as PySpark 4
does: whether elements may be null follows each function's rule, and two arrays whose element
types meet only through a string are BINARY_ARRAY_DIFF_TYPES, not a cast."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


def test_contains_null_follows_each_function(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, None],)], "x array<int>").withColumn("y", F.array(F.lit(1), F.lit(2)))
    out = df.select(
        F.array_union("x", "y"),
        F.array_intersect("x", "y"),
        F.array_intersect("x", "x"),
        F.array_except("x", "y"),
        F.array_except("y", "x"),
    )
    assert [f.dataType.containsNull for f in out.schema.fields] == [True, False, True, True, False]
    assert tuple(out.first()) == ([1, None, 2], [1], [1, None], [None], [2])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "build,shown",
    [
        (lambda: F.array_union("x", F.array(F.lit("a"))), '["ARRAY<INT>", "ARRAY<STRING>"]'),
        (lambda: F.array_except("x", F.lit(1)), '["ARRAY<INT>", "INT"]'),
        (lambda: F.arrays_overlap("x", F.array(F.lit("a"))), '["ARRAY<INT>", "ARRAY<STRING>"]'),
    ],
)
def test_element_types_meeting_only_through_a_string_are_refused(
    spark: engine.SparkSession, build, shown
) -> None:  # type: ignore[no-untyped-def]
    df = spark.createDataFrame([([1, None],)], "x array<int>")
    with pytest.raises(AnalysisException) as info:
        df.select(build())
    assert info.value.getCondition() == "DATATYPE_MISMATCH.BINARY_ARRAY_DIFF_TYPES"
    assert f"but it's {shown}." in str(info.value)


def test_numeric_element_types_still_widen(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, 2], [2.5])], "x array<int>, y array<double>")
    out = df.select(F.array_union("x", "y").alias("u"))
    assert out.schema.simpleString() == "struct<u:array<double>>"
    assert out.first().u == [1.0, 2.0, 2.5]  # type: ignore[union-attr]
