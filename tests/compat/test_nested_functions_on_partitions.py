"""PySpark 4 answers for array and map functions: rows past the first partition (their arrays
are slices of the data, with nulls)."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, SparkRuntimeException


def test_array_join_and_casts_of_later_rows_answer(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(1, [1, 2, 3]), (2, [None, 3, 1]), (3, []), (4, None)], "id int, xs array<int>"
    )
    rows = df.select(
        F.array_join("xs", ",", "N"), F.col("xs").cast("array<string>"), F.col("xs").cast("string")
    )
    assert [tuple(r) for r in rows.collect()] == [
        ("1,2,3", ["1", "2", "3"], "[1, 2, 3]"),
        ("N,3,1", [None, "3", "1"], "[null, 3, 1]"),
        ("", [], "[]"),
        (None, None, None),
    ]


def test_map_concat_of_later_rows_answers_and_rejects_a_repeated_key(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([({"a": 1},), ({"c": 3},), (None,)], "m map<string,int>")
    out = df.select(F.map_concat("m", F.create_map(F.lit("z"), F.lit(9))).alias("mc"))
    assert [r.mc for r in out.collect()] == [{"a": 1, "z": 9}, {"c": 3, "z": 9}, None]
    with pytest.raises(SparkRuntimeException, match="DUPLICATED_MAP_KEY"):
        df.select(F.map_concat("m", "m")).collect()


def test_array_contains_refuses_an_untyped_null_that_array_position_takes(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, 2],)], "xs array<int>")
    with pytest.raises(AnalysisException, match="DATATYPE_MISMATCH.NULL_TYPE"):
        df.select(F.array_contains("xs", None))
    assert df.select(
        F.array_position("xs", None), F.array_contains("xs", F.lit(None).cast("int"))
    ).first() == (
        None,
        None,
    )
