"""PySpark 4 error classes for common mistakes (observed on Spark 4)."""

from __future__ import annotations

import pytest

import engine
from engine import Window
from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException, PySparkTypeError, PySparkValueError


@pytest.fixture
def df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([(1, "a")], ["id", "name"])


def test_ranking_and_offset_functions_need_an_ordered_window(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.select(F.row_number().over(Window.partitionBy("name")))
    assert info.value.getErrorClass() == "WINDOW_FUNCTION_FRAME_NOT_ORDERED"
    assert str(info.value).startswith(
        "[WINDOW_FUNCTION_FRAME_NOT_ORDERED] Window function row_number requires the window to be ordered."
    )
    with pytest.raises(AnalysisException, match="SELECT lag\\(id, 1, NULL\\) OVER"):
        df.select(F.lag("id").over(Window.partitionBy("name")))


def test_window_function_without_over(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.groupBy("name").agg(F.rank())
    assert str(info.value) == '[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] Window function "RANK()" requires an OVER clause. SQLSTATE: 42601'


def test_nested_aggregate_and_missing_group_by(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.select(F.sum(F.sum("id")))
    assert info.value.getErrorClass() == "NESTED_AGGREGATE_FUNCTION"
    with pytest.raises(AnalysisException) as info:
        df.select(F.sum("id"), "name")
    assert info.value.getErrorClass() == "MISSING_GROUP_BY"
    with pytest.raises(AnalysisException, match='non-aggregating expression "id"'):
        df.groupBy("name").agg(F.col("id"))


def test_negative_limit_and_offset_and_bad_sample(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.limit(-1)
    assert str(info.value) == (
        '[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression "-1" is invalid. '
        "The limit expression must be equal to or greater than 0, but got -1. SQLSTATE: 42K0E"
    )
    with pytest.raises(AnalysisException, match="The offset expression must be"):
        df.offset(-1)
    with pytest.raises(IllegalArgumentException, match=r"Sampling fraction \(2.0\) must be on interval \[0, 1\]"):
        df.sample(2.0)


def test_to_df_arity_and_with_column_type(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.toDF("a")
    assert info.value.getErrorClass() == "ASSIGNMENT_ARITY_MISMATCH"
    with pytest.raises(PySparkTypeError) as tinfo:
        df.withColumn("x", 5)  # type: ignore[arg-type]
    assert str(tinfo.value) == "[NOT_EXPECTED_TYPE] Argument `col` should be Column, got int."


def test_union_errors(spark: engine.SparkSession, df: engine.DataFrame) -> None:
    other = spark.createDataFrame([(2,)], ["id"])
    with pytest.raises(AnalysisException) as info:
        df.union(other)
    assert str(info.value) == (
        "[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, "
        "but the first input has 2 columns and the second input has 1 columns. SQLSTATE: 42826"
    )
    with pytest.raises(AnalysisException) as info:
        df.unionByName(other)
    assert str(info.value) == '[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name "name" among (id). SQLSTATE: 42703'


def test_create_dataframe_errors(spark: engine.SparkSession) -> None:
    from engine import types as T

    with pytest.raises(PySparkTypeError) as info:
        spark.createDataFrame([("x", "a")], "id int, name string")
    assert str(info.value) == (
        "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] field id: IntegerType() can not accept object 'x' in type <class 'str'>."
    )
    with pytest.raises(PySparkValueError, match=r"^\[FIELD_STRUCT_LENGTH_MISMATCH\] Length of object \(3\)"):
        spark.createDataFrame([(1, "a", 3)], "id int, name string")
    schema = T.StructType([T.StructField("id", T.IntegerType(), False)])
    with pytest.raises(PySparkValueError, match=r"^\[FIELD_NOT_NULLABLE_WITH_NAME\] field id:"):
        spark.createDataFrame([(None,)], schema)
    with pytest.raises(PySparkTypeError, match=r"^\[CANNOT_MERGE_TYPE\] Can not merge type `LongType` and `DoubleType`\.$"):
        spark.createDataFrame([(1,), (2.5,)])


def test_mixed_values_infer_a_string_column(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, True), ("a", "x")])
    assert df.schema.simpleString() == "struct<_1:string,_2:string>"
    assert df.collect() == [engine.Row(_1="1", _2="true"), engine.Row(_1="a", _2="x")]


def test_a_self_join_on_the_frames_own_columns_is_ambiguous(spark):
    emp = spark.createDataFrame([(1, 2), (2, None)], ["id", "mgr"])
    with pytest.raises(AnalysisException, match="are ambiguous"):
        emp.join(emp, emp.id == emp.mgr).collect()
    # aliases make it explicit, as Spark's message says
    joined = emp.alias("e").join(emp.alias("m"), F.col("e.mgr") == F.col("m.id"))
    assert [tuple(r) for r in joined.select("e.id", "m.id").collect()] == [(1, 2)]


def test_rows_without_columns_keep_their_count(spark):
    df = spark.createDataFrame([(1, 2), (3, 4), (5, 6)], ["a", "b"])
    assert df.drop(*df.columns).collect() == [engine.Row(), engine.Row(), engine.Row()]
    assert df.select().repartition(2).count() == 3


def test_complex_values_are_not_implicitly_strings_and_impossible_casts_fail_at_analysis(spark):
    df = spark.createDataFrame([([1], 3)], "a array<int>, i int")
    with pytest.raises(AnalysisException, match=r'The first parameter requires the "STRING" type, however "a"'):
        df.select(F.upper("a"))
    with pytest.raises(AnalysisException, match=r'cannot cast "INT" to "ARRAY<INT>"'):
        df.select(F.col("i").cast("array<int>"))
    assert df.select(F.col("i") == float("nan"), F.col("i") < float("inf")).columns == ["(i = NaN)", "(i < Infinity)"]
