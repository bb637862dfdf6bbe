"""Smaller PySpark behaviours its docs show (expected values from PySpark 4.3 runs): text files read
under a schema's column name, JSON/CSV documents read from a DataFrame's string column,
``alias(..., metadata=...)``, ``spark.conf.get`` of an unknown key, and ``drop`` of an ambiguous
column."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import AnalysisException, PySparkValueError, SparkNoSuchElementException


def test_text_files_read_under_the_one_string_column_a_schema_names(spark, tmp_path):
    spark.createDataFrame([("x",), ("y",)], ["letter"]).write.text(str(tmp_path / "t"))
    out = spark.read.schema("letter string").text(str(tmp_path / "t"))
    assert out.columns == ["letter"]
    assert sorted(r.letter for r in out.collect()) == ["x", "y"]
    assert spark.read.text(str(tmp_path / "t")).columns == ["value"]
    with pytest.raises(
        AnalysisException, match="Text data source supports only a single column, and you have 2 columns."
    ):
        spark.read.schema("a string, b string").text(str(tmp_path / "t")).collect()
    with pytest.raises(AnalysisException) as info:
        spark.read.schema("a int").text(str(tmp_path / "t")).collect()
    assert info.value.getErrorClass() == "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE"
    assert 'The Text datasource doesn\'t support the column `a` of the type "INT".' in str(info.value)


def test_json_and_csv_documents_are_read_from_a_string_column(spark):
    docs = spark.createDataFrame([('{"n": "b", "v": 2}',), ('{"n": "a", "v": 1}',)], "value string")
    out = spark.read.json(docs)
    assert out.columns == ["n", "v"]
    assert [tuple(r) for r in out.sort("n").collect()] == [("a", 1), ("b", 2)]
    rows = spark.createDataFrame([("a,1",), ("b,2",)], "value string")
    assert [tuple(r) for r in spark.read.csv(rows, inferSchema=True).collect()] == [("a", 1), ("b", 2)]
    with pytest.raises(AnalysisException) as info:
        spark.read.json(spark.range(2))
    assert info.value.getErrorClass() == "DATAFRAME_INPUT_NOT_STRING_TYPE"
    assert 'Input DataFrame column must be StringType, but got "BIGINT".' in str(info.value)
    with pytest.raises(AnalysisException) as info:
        spark.read.csv(spark.createDataFrame([("a", "b")], "x string, y string"))
    assert info.value.getErrorClass() == "DATAFRAME_INPUT_NOT_SINGLE_COLUMN"


def test_alias_metadata_becomes_the_field_metadata(spark):
    df = spark.createDataFrame([(1, "a")], "k int, v string")
    schema = df.select(df.k.alias("k2", metadata={"max": 99})).schema
    assert schema["k2"].metadata == {"max": 99}
    assert (
        schema.json()
        == '{"fields":[{"metadata":{"max":99},"name":"k2","nullable":true,"type":"integer"}],"type":"struct"}'
    )
    assert df.select((df.k + 1).alias("a", metadata={"m": 1})).schema["a"].metadata == {"m": 1}
    with pytest.raises(PySparkValueError) as info:
        F.col("m").alias("k", "v", metadata={"x": 1})
    assert info.value.getErrorClass() == "ONLY_ALLOWED_FOR_SINGLE_COLUMN"
    with pytest.raises(AssertionError, match="Unexpected kwargs where passed: {'foo': 1}"):
        F.col("m").alias("k", foo=1)


def test_conf_get_of_an_unknown_key_is_spark_no_such_element(spark):
    with pytest.raises(SparkNoSuchElementException) as info:
        spark.conf.get("no.such.key.anywhere")
    assert info.value.getErrorClass() == "SQL_CONF_NOT_FOUND"
    assert info.value.getSqlState() == "42K0I"
    assert spark.conf.get("spark.sql.sources.partitionOverwriteMode") == "STATIC"


def test_dropping_an_ambiguous_column_by_col_is_an_error_but_by_name_drops_both(spark):
    left = spark.createDataFrame([(1, "a")], "k int, name string")
    right = spark.createDataFrame([(2, "b")], "h int, name string")
    both = left.join(right)
    assert both.drop("name").columns == ["k", "h"]
    assert both.drop(left.name).columns == ["k", "h", "name"]
    assert both.drop(F.col("nope")).columns == ["k", "name", "h", "name"]
    with pytest.raises(AnalysisException) as info:
        both.drop(F.col("name"))
    assert info.value.getErrorClass() == "AMBIGUOUS_REFERENCE"


def test_field_metadata_follows_renames_but_not_expressions(spark):
    df = spark.createDataFrame([(1, "a")], "k int, v string")
    tagged = df.select(df.k.alias("a", metadata={"m": 1}))
    assert tagged.select(F.col("a").alias("b")).schema["b"].metadata == {"m": 1}
    assert tagged.where("a > 0").schema["a"].metadata == {"m": 1}
    assert tagged.select(F.col("a") + 1).schema.fields[0].metadata == {}
    assert df.withColumn("z", df.k.alias("q", metadata={"m": 2})).schema["z"].metadata == {"m": 2}
    marked = df.withMetadata("k", {"w": 3})
    assert marked.select(marked.k.alias("kk")).schema["kk"].metadata == {"w": 3}
