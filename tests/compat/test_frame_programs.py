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
