"""Smaller DataFrame members PySpark 4 has: exists, registerTempTable, isStreaming, inputFiles,
colRegex, groupingSets and transpose (expected values from PySpark 4.3 runs)."""

from __future__ import annotations

import os

import pytest

from engine import functions as F
from engine.errors import AnalysisException, PySparkTypeError


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame([(1, "a", 10), (2, "b", 20), (1, "b", 5)], "k int, c string, v int")


def test_exists_is_a_boolean_column_of_whether_the_frame_has_rows(spark, df):
    out = spark.range(1).select(df.filter("k > 1").exists())
    assert out.columns == ["exists()"]
    assert out.collect()[0][0] is True
    assert [r.e for r in df.select(df.filter("k > 5").exists().alias("e")).collect()] == [False] * 3
    assert df.where(df.filter("k > 1").exists()).count() == 3
    assert spark.range(1).select(~df.filter("k > 1").exists()).columns == ["(NOT exists())"]


def test_register_temp_table_is_a_deprecated_temp_view(spark, df):
    with pytest.warns(FutureWarning, match="Deprecated in 2.0, use createOrReplaceTempView instead."):
        df.registerTempTable("small_members_rt")
    assert spark.table("small_members_rt").count() == 3


def test_is_streaming_is_false(df):
    assert df.isStreaming is False


def test_input_files_lists_each_scanned_file_once_as_a_uri(spark, df, tmp_path):
    assert df.inputFiles() == []
    df.write.parquet(str(tmp_path / "p"))
    df.write.csv(str(tmp_path / "c"))
    parquet = spark.read.parquet(str(tmp_path / "p"))
    files = parquet.inputFiles()
    assert files and all(f.startswith("file://") and f.endswith(".parquet") for f in files)
    assert sorted(os.path.basename(f) for f in files) == sorted(
        x for x in os.listdir(tmp_path / "p") if x.endswith(".parquet")
    )
    both = parquet.union(spark.read.csv(str(tmp_path / "c"))).inputFiles()
    assert len(both) == len(files) + len([x for x in os.listdir(tmp_path / "c") if x.endswith(".csv")])


def test_col_regex_selects_columns_whose_whole_name_matches(df):
    assert df.select(df.colRegex("`(k|v)`")).columns == ["k", "v"]
    assert df.select(df.colRegex("`.*`")).columns == ["k", "c", "v"]
    assert df.select(df.colRegex("`K`")).columns == ["k"]  # case-insensitive by default
    assert df.select(df.colRegex("`x`")).columns == []
    assert df.select(df.colRegex("k")).columns == ["k"]
    t = df.alias("t")
    assert t.select(t.colRegex("t.`[kv]`")).columns == ["k", "v"]


def test_col_regex_errors(df):
    with pytest.raises(PySparkTypeError) as e:
        df.colRegex(1)
    assert e.value.getErrorClass() == "NOT_EXPECTED_TYPE"
    with pytest.raises(AnalysisException) as e:
        df.colRegex("nope")
    assert e.value.getErrorClass() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"


def test_grouping_sets_aggregate_each_set(df):
    out = df.groupingSets([["k"], ["c"], []], "k", "c").agg(F.sum("v"))
    assert out.columns == ["k", "c", "sum(v)"]
    rows = {tuple(r) for r in out.collect()}
    assert rows == {(None, None, 35), (None, "a", 10), (None, "b", 25), (1, None, 15), (2, None, 20)}
    two = df.groupingSets([["k", "c"], ["k"]], "k", "c").agg(F.sum("v").alias("s"))
    assert {tuple(r) for r in two.collect()} == {
        (1, None, 15),
        (1, "a", 10),
        (1, "b", 5),
        (2, None, 20),
        (2, "b", 20),
    }
    gid = df.groupingSets([["k"]], "k", "c").agg(F.grouping_id())
    assert gid.columns == ["k", "c", "grouping_id()"]
    assert {tuple(r) for r in gid.collect()} == {(1, None, 1), (2, None, 1)}


def test_grouping_sets_may_group_by_a_column_it_does_not_output(df):
    out = df.groupingSets([["v"]], "k").count()
    assert out.columns == ["k", "count"]
    assert [tuple(r) for r in out.collect()] == [(None, 1)] * 3


def test_transpose_turns_index_values_into_sorted_columns(spark):
    t = spark.createDataFrame(
        [("z", 1, 2), ("b", 3, None), (None, 5, 6), ("a", 7, 8)], "c string, x int, y int"
    )
    out = t.transpose()
    assert out.schema.simpleString() == "struct<key:string,a:int,b:int,z:int>"
    assert [f.nullable for f in out.schema.fields] == [False, True, True, True]
    assert [tuple(r) for r in out.collect()] == [("x", 7, 3, 1), ("y", 8, None, 2)]
    assert t.transpose(F.col("c")).collect() == out.collect()


def test_transpose_widens_values_and_names_columns_by_value(spark):
    out = spark.createDataFrame([("x", 1, 2.5), ("y", 3, 4.0)], "c string, a int, b double").transpose()
    assert [tuple(r) for r in out.collect()] == [("a", 1.0, 3.0), ("b", 2.5, 4.0)]
    named = spark.createDataFrame([(1.5, 1), (2.0, 2)], "c double, x int").transpose()
    assert named.columns == ["key", "1.5", "2.0"]
    assert spark.createDataFrame([], "c string, x int").transpose().collect()[0].key == "x"
    assert (
        spark.createDataFrame([("a",)], "c string").transpose().schema.simpleString()
        == "struct<key:string,a:string>"
    )


def test_transpose_needs_a_common_type(spark, df):
    with pytest.raises(AnalysisException) as e:
        df.transpose()
    assert e.value.getErrorClass() == "TRANSPOSE_NO_LEAST_COMMON_TYPE"
    assert '"STRING" and "INT"' in str(e.value)


def test_scalar_is_the_single_value_of_a_one_column_frame(spark, df):
    out = spark.range(2).select(df.select(F.max("v")).scalar())
    assert out.columns == ["scalarsubquery()"]
    assert [r[0] for r in out.collect()] == [20, 20]
    assert spark.range(1).select(df.filter("k > 9").select("v").scalar()).collect()[0][0] is None
    assert [tuple(r) for r in df.where(F.col("v") == df.select(F.max("v")).scalar()).collect()] == [(2, "b", 20)]
    with pytest.raises(AnalysisException) as e:
        df.scalar()
    assert e.value.getErrorClass() == "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN"


def test_is_local_only_for_data_handed_over_whole_and_command_results(spark, df):
    import pandas as pd
    import pyarrow as pa

    assert spark.createDataFrame(pa.table({"a": [1]})).isLocal() is True
    from_pandas = spark.createDataFrame(pd.DataFrame({"a": [1]}))
    assert from_pandas.isLocal() is True
    assert from_pandas.select("a").isLocal() is False
    assert df.isLocal() is False  # a list of rows goes through an RDD in PySpark
    assert spark.range(3).isLocal() is False
    assert spark.sql("SELECT 1").isLocal() is False
    assert spark.sql("SHOW TABLES").isLocal() is True
