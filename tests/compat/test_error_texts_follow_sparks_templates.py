"""Error texts as Spark's error-conditions templates word them (observed on PySpark 4)."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, PySparkValueError


@pytest.fixture
def df(spark: engine.SparkSession) -> engine.DataFrame:
    frame = spark.createDataFrame([(1, "a")], ["id", "name"])
    frame.createOrReplaceTempView("t")
    return frame


def test_missing_aggregation_breaks_its_line_as_spark(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.groupBy("name").agg(F.col("id"))
    assert info.value.getMessage() == (
        '[MISSING_AGGREGATION] The non-aggregating expression "id" is based on columns which are not participating '
        "in the GROUP BY clause.\nAdd the columns or the expression to the GROUP BY, aggregate the expression, or "
        'use "any_value(id)" if you do not care which of the values within a group is returned. SQLSTATE: 42803'
    )
    assert info.value.getMessageParameters() == {"expression": '"id"', "expressionAnyValue": '"any_value(id)"'}


def test_scalar_subquery_of_two_columns(spark: engine.SparkSession, df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT (SELECT 1, 2) FROM t").collect()
    assert info.value.getMessage() == (
        "[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] Invalid subquery: "
        "Scalar subquery must return only one column, but got 2. SQLSTATE: 42823"
    )
    assert info.value.getMessageParameters() == {"number": "2"}


def test_undefined_window_name(spark: engine.SparkSession, df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT sum(id) OVER w FROM t").collect()
    assert info.value.getMessage() == (
        "[MISSING_WINDOW_SPECIFICATION] Window specification is not defined in the WINDOW clause for w. For more "
        "information about WINDOW clauses, please refer to "
        "'https://spark.apache.org/docs/latest/sql-ref-syntax-qry-select-window.html'. SQLSTATE: 42P20"
    )
    assert info.value.getMessageParameters() == {"windowName": "w", "docroot": "https://spark.apache.org/docs/latest"}


def test_a_column_used_as_a_bool_names_it() -> None:
    with pytest.raises(PySparkValueError) as info:
        bool(F.col("id"))
    assert str(info.value) == (
        "[CANNOT_CONVERT_COLUMN_INTO_BOOL] Cannot convert column into bool (offending column: id): please use '&' "
        "for 'and', '|' for 'or', '~' for 'not' when building DataFrame boolean expressions."
    )
    assert info.value.getMessageParameters() == {"column": "id"}


def test_in_subquery_of_another_width_lists_both_sides(spark: engine.SparkSession, df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT * FROM t WHERE id IN (SELECT id, name FROM t)").collect()
    assert info.value.getMessage() == (
        '[DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH] Cannot resolve "(id IN (listquery()))" due to data type '
        "mismatch: The number of columns in the left hand side of an IN subquery does not match the number of "
        'columns in the output of subquery. Left hand side columns(length: 1): ["id"], right hand side '
        'columns(length: 2): ["id", "name"]. SQLSTATE: 42K09'
    )
    for columns in ("id, name", "*"):  # correlated: shown with the outer column it reads, never cut short
        with pytest.raises(AnalysisException) as correlated:
            spark.sql(f"SELECT * FROM t o WHERE id IN (SELECT {columns} FROM t WHERE t.name = o.name)").collect()
        assert correlated.value.getMessageParameters()["sqlExpr"] == '"(id IN (listquery(name)))"'
        assert correlated.value.getMessageParameters()["rightColumns"] == '"id", "name"'
    with pytest.raises(AnalysisException) as pair:
        spark.sql("SELECT * FROM t WHERE (id, name) IN (SELECT id FROM t)").collect()
    assert pair.value.getMessageParameters() == {
        "sqlExpr": "\"(named_struct('id', id, 'name', name) IN (listquery()))\"",
        "leftColumns": '"id", "name"',
        "leftLength": "2",
        "rightLength": "1",
        "rightColumns": '"id"',
    }
