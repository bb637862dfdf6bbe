"""PySpark 4 answers for everyday DataFrame programs: show() layout, struct updates (observed on Spark 4.3)."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


def test_show_cuts_long_cells_but_prints_column_names_whole(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "abcdefghijklmnopqrstuvwxyz")], ["a_very_long_column_name_indeed", "b"])
    assert df._show_string() == (
        "+------------------------------+--------------------+\n"
        "|a_very_long_column_name_indeed|                   b|\n"
        "+------------------------------+--------------------+\n"
        "|                             1|abcdefghijklmnopq...|\n"
        "+------------------------------+--------------------+\n"
    )
    assert df._show_string(truncate=3).splitlines()[1] == "|a_very_long_column_name_indeed|  b|"


def test_with_field_and_drop_fields_chain_into_one_update_fields_name(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([engine.Row(id=1, p=engine.Row(x=1, y="a"))])
    assert df.select(F.col("p").withField("x", F.col("id") + 1)).columns == ["update_fields(p, WithField((id + 1)))"]
    chained = df.select(F.col("p").withField("z", F.lit(3)).withField("w", F.lit(4)).dropFields("y"))
    assert chained.columns == ["update_fields(p, WithField(3), WithField(4), dropfield())"]
    assert chained.schema.simpleString() == (
        "struct<update_fields(p, WithField(3), WithField(4), dropfield()):struct<x:bigint,z:int,w:int>>"
    )


def test_dropping_every_field_of_a_struct_is_an_analysis_error(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([engine.Row(p=engine.Row(x=1, y="a"))])
    with pytest.raises(AnalysisException, match='"update_fields\\(p, dropfield\\(\\), dropfield\\(\\)\\)"') as info:
        df.select(F.col("p").dropFields("y", "x"))
    assert info.value.getCondition() == "DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS"


def test_correlation_with_a_constant_column_is_null(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a", 5, 6.0), ("a", 5, 1.0), ("b", 1, 2.0), ("b", 2, 2.0)], ["k", "i", "d"])
    out = df.groupBy("k").agg(F.corr("i", "d").alias("r"), F.covar_samp("i", "d").alias("c")).orderBy("k")
    assert [tuple(r) for r in out.collect()] == [("a", None, 0.0), ("b", None, 0.0)]


def test_to_pandas_keeps_arrays_as_numpy_and_makes_structs_and_maps_dicts(spark: engine.SparkSession) -> None:
    import datetime

    import numpy as np
    import pandas as pd

    df = spark.createDataFrame(
        [([1, None], [(1, "a")], (1, {"k": [2]}), [datetime.datetime(2020, 1, 1, 5)], {3: "y", 1: "x"})],
        "a array<int>, s array<struct<x:int,y:string>>, st struct<x:int,m:map<string,array<int>>>, "
        "t array<timestamp>, m map<int,string>",
    )
    row = df.toPandas().iloc[0]
    assert isinstance(row["a"], np.ndarray) and row["a"].dtype == np.float64 and np.isnan(row["a"][1])
    assert isinstance(row["s"], np.ndarray) and list(row["s"]) == [{"x": 1, "y": "a"}]
    assert list(row["st"]) == ["x", "m"] and row["st"]["x"] == 1 and list(row["st"]["m"]["k"]) == [2]
    assert list(row["t"]) == [pd.Timestamp("2020-01-01 05:00:00")]
    assert row["m"] == {1: "x", 3: "y"}


def test_a_frames_star_picks_its_own_side_of_a_join(spark: engine.SparkSession) -> None:
    left = spark.createDataFrame([(1, "a", 10), (2, "b", 20)], ["id", "name", "x"])
    right = spark.createDataFrame([(1, "A", 100), (3, "C", 300)], ["id", "name", "y"])
    joined = left.join(right, left.id == right.id, "left")
    out = joined.select(left["*"], right.y).orderBy("x")
    assert out.columns == ["id", "name", "x", "y"]
    assert [tuple(r) for r in out.collect()] == [(1, "a", 10, 100), (2, "b", 20, None)]
    assert joined.select(right["*"]).columns == ["id", "name", "y"]
    assert left.select(F.struct(left["*"]).alias("s")).schema.simpleString() == (
        "struct<s:struct<id:bigint,name:string,x:bigint>>"
    )


def test_rows_of_uneven_length_without_a_schema_fail_as_the_jvm_fails_them(spark: engine.SparkSession) -> None:
    from engine.errors import IllegalArgumentException

    with pytest.raises(IllegalArgumentException, match="2 fields are required while 1 values are provided") as info:
        spark.createDataFrame([(1, 2), (2,)], ["a", "b"]).collect()
    assert info.value.getCondition() == "STRUCT_ARRAY_LENGTH_MISMATCH"


def test_split_on_a_pattern_that_can_match_nothing_splits_between_characters(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a.b|c",), ("aXbXXc",), ("",), (None,)], ["s"])
    out = df.select(F.split("s", "|").alias("bar"), F.split("s", "X*").alias("star"), F.split("s", "|", 2).alias("two"))
    assert [tuple(r) for r in out.collect()] == [
        (["a", ".", "b", "|", "c", ""], ["a", ".", "b", "|", "c", ""], ["a", ".b|c"]),
        (["a", "X", "b", "X", "X", "c", ""], ["a", "", "b", "", "c", ""], ["a", "XbXXc"]),
        ([""], [""], [""]),
        (None, None, None),
    ]
