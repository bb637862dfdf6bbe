"""SQLSTATEs and message shapes of errors, as PySpark 4 exposes them (observed on PySpark 4)."""

from __future__ import annotations

import pickle

import pytest

import engine
from engine.errors import AnalysisException, ArithmeticException, ParseException, PySparkValueError


@pytest.fixture
def df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([(1, "a")], ["id", "name"])


def test_analysis_error_ends_its_message_with_the_sql_state(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.limit(-1)
    err = info.value
    assert err.getSqlState() == "42K0E"
    assert err.getCondition() == "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE"
    assert err.getMessage() == (
        '[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression "-1" is invalid. '
        "The limit expression must be equal to or greater than 0, but got -1. SQLSTATE: 42K0E"
    )


def test_sub_class_takes_its_parents_sql_state(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.select("nope")
    assert info.value.getCondition() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    assert info.value.getSqlState() == "42703"
    assert str(info.value).endswith(" SQLSTATE: 42703")


def test_runtime_error_has_its_sql_state(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql("SELECT 1/0").collect()
    assert info.value.getSqlState() == "22012"
    assert info.value.getMessageParameters() == {"config": '"spark.sql.ansi.enabled"'}
    assert info.value.getMessage() == (
        "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL "
        'instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22012'
    )


def test_python_side_error_has_a_state_but_prints_none(spark: engine.SparkSession) -> None:
    with pytest.raises(PySparkValueError) as info:
        spark.createDataFrame([])
    assert info.value.getSqlState() == "42K09"
    assert str(info.value) == "[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset."
    assert info.value.getMessage() == str(info.value)


def test_legacy_and_unnamed_errors_have_no_sql_state(df: engine.DataFrame) -> None:
    from engine import functions as F

    with pytest.raises(AnalysisException) as info:
        df.groupBy("name").pivot("id").agg(F.col("id")).collect()
    assert info.value.getSqlState() is None
    assert info.value.getMessage() == (
        "Aggregate expression required for pivot, but 'id' did not appear in any aggregate function."
    )
    with pytest.raises(Exception) as unnamed:
        df.sample(2.0)
    assert unnamed.value.getSqlState() is None  # type: ignore[attr-defined]
    assert unnamed.value.getMessageParameters() is None  # type: ignore[attr-defined]


def test_parse_error_prints_state_before_position_and_getmessage_without_it(spark: engine.SparkSession) -> None:
    with pytest.raises(ParseException) as info:
        spark.createDataFrame([(1,)], "id int,, x")
    err = info.value
    assert err.getSqlState() == "42601"
    assert err.getMessageParameters() == {"error": "','", "hint": ""}
    assert err.getMessage() == "[PARSE_SYNTAX_ERROR] Syntax error at or near ','. SQLSTATE: 42601"
    assert str(err) == (
        "\n[PARSE_SYNTAX_ERROR] Syntax error at or near ','. SQLSTATE: 42601 (line 1, pos 7)\n\n"
        "== SQL ==\nid int,, x\n-------^^^\n"
    )
    with pytest.raises(ParseException) as typed:
        spark.createDataFrame([(1,)], "id foo")
    assert typed.value.getMessageParameters() == {"typeName": '"FOO"'}
    assert typed.value.getMessage() == '[UNSUPPORTED_DATATYPE] Unsupported data type "FOO". SQLSTATE: 0A000'


def test_an_error_keeps_its_message_through_pickling(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.select("nope")
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    assert again.getSqlState() == "42703"


def test_unknown_table_names_sparks_search_path(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.table("nope")
    assert info.value.getMessageParameters() == {
        "relationName": "`nope`",
        "searchPath": "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]",
    }
    assert info.value.getMessage() == (
        "[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found. Verify the spelling and correctness "
        "of the schema and catalog.\nSearch path: [`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`].\n"
        "If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name "
        "with the correct schema and catalog.\nTo tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE "
        "IF EXISTS. SQLSTATE: 42P01"
    )
    with pytest.raises(AnalysisException) as qualified:
        spark.table("db1.nope")
    assert qualified.value.getMessageParameters()["relationName"] == "`db1`.`nope`"


def test_drop_of_an_unknown_view_names_it_with_catalog_and_database(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("DROP VIEW nope")
    assert info.value.getMessageParameters() == {
        "relationName": "`spark_catalog`.`default`.`nope`",
        "searchPath": "[`spark_catalog`.`default`]",
    }


def test_union_of_different_widths_carries_sparks_parameters(spark: engine.SparkSession, df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.union(spark.createDataFrame([(2,)], ["id"]))
    assert info.value.getMessageParameters() == {
        "operator": "UNION",
        "firstNumColumns": "2",
        "invalidOrdinalNum": "second",
        "invalidNumColumns": "1",
    }
    assert info.value.getSqlState() == "42826"


def test_parameters_are_read_back_from_the_message(df: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        df.limit(-1)
    assert info.value.getMessageParameters() == {"name": "limit", "expr": '"-1"', "v": "-1"}
    with pytest.raises(AnalysisException) as arity:
        df.toDF("a")
    assert arity.value.getMessageParameters() == {"numExpr": "1", "numTarget": "2"}
    with pytest.raises(AnalysisException) as by_name:
        df.unionByName(df.select("id"))
    assert by_name.value.getMessageParameters() == {"colName": "name", "fieldNames": "id"}


def test_legacy_error_parameters_are_read_back_too(df: engine.DataFrame) -> None:
    from engine import functions as F

    with pytest.raises(AnalysisException) as info:
        df.groupBy("name").pivot("id").agg(F.col("id")).collect()
    assert info.value.getMessageParameters() == {"sql": "id"}


def test_a_udf_error_has_the_python_worker_parameters(df: engine.DataFrame) -> None:
    from engine import functions as F
    from engine.errors import PythonException

    with pytest.raises(PythonException) as info:
        df.select(F.udf(lambda x: 1 / 0)("id")).collect()
    params = info.value.getMessageParameters()
    assert params is not None and params["msg"] == "An exception was thrown from the Python worker"
    assert params["traceback"].startswith("Traceback (most recent call last):")
    assert info.value.getSqlState() == "38000"


def test_suggested_columns_are_ranked_as_spark_ranks_them(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 2, 3, 4, 5, 6)], ["abc", "nopx", "id", "name", "zzzz", "nop"])
    with pytest.raises(AnalysisException) as info:
        df.select("nope")
    assert info.value.getMessageParameters() == {
        "objectName": "`nope`",
        "proposal": "`nop`, `nopx`, `id`, `name`, `abc`",
    }
    with pytest.raises(AnalysisException) as two:
        spark.createDataFrame([(1, "a")], ["id", "name"]).select("nope")
    assert two.value.getMessageParameters() == {"objectName": "`nope`", "proposal": "`id`, `name`"}
