"""Errors a user can cause: each names what was wrong and what to do, with PySpark's error classes."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import (
    AnalysisException,
    NumberFormatException,
    ParseException,
    PySparkAttributeError,
    PySparkTypeError,
    PySparkValueError,
)


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame([(1, "abc", 2.0)], "amount int, label string, d double")


def test_unknown_column_suggests_the_nearest_names(df):
    with pytest.raises(AnalysisException) as info:
        df.select("amout").collect()
    err = info.value
    assert err.getErrorClass() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    assert "`amout` cannot be resolved" in str(err)
    assert "Did you mean one of the following? [`amount`" in str(err)


def test_unknown_column_in_filter_group_by_and_order_by(df):
    for build in (lambda: df.filter(F.col("nope") > 1), lambda: df.groupBy("nope").count(),
                  lambda: df.orderBy("nope"), lambda: df.withColumn("x", F.col("nope"))):  # fmt: skip
        with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN"):
            build().collect()


def test_unknown_attribute_access(df):
    with pytest.raises(AttributeError):
        _ = df.nope


def test_attribute_access_is_case_sensitive(spark):
    # PySpark 4.3: df.ID of a column named Id is ATTRIBUTE_NOT_SUPPORTED (df["ID"] resolves)
    frame = spark.createDataFrame([(1,)], "Id int")
    assert frame.select(frame.Id).columns == ["Id"]
    with pytest.raises(PySparkAttributeError, match=r"\[ATTRIBUTE_NOT_SUPPORTED\] Attribute `ID` is not supported"):
        _ = frame.ID
    assert frame.select(frame["ID"]).collect()[0][0] == 1


def test_a_string_that_is_not_a_number_fails_arithmetic_under_ansi(df):
    with pytest.raises(NumberFormatException, match="CAST_INVALID_INPUT"):
        df.select(F.col("amount") + F.col("label")).collect()


def test_wrong_argument_types(df):
    with pytest.raises(PySparkTypeError, match="NOT_EXPECTED_TYPE"):
        df.withColumn("x", 1)
    # PySpark 4.3: select, drop and filter name the argument and say NOT_EXPECTED_TYPE
    with pytest.raises(PySparkTypeError, match=r"NOT_EXPECTED_TYPE\] Argument `condition` should be Column or str, got int"):
        df.filter(42)
    with pytest.raises(PySparkTypeError, match=r"NOT_EXPECTED_TYPE\] Argument `col` should be Column or str, got int"):
        df.select("amount", 1)
    with pytest.raises(PySparkTypeError, match=r"NOT_EXPECTED_TYPE\] Argument `col` should be Column or str, got NoneType"):
        df.select(None)
    with pytest.raises(PySparkTypeError, match=r"NOT_EXPECTED_TYPE\] Argument `col` should be Column or str, got int"):
        df.drop(1)
    with pytest.raises(PySparkValueError, match="CANNOT_CONVERT_COLUMN_INTO_BOOL"):
        bool(F.col("amount") > 1)


def test_bad_ddl_type_is_a_parse_error(df):
    with pytest.raises(ParseException):
        df.select(F.col("amount").cast("int2"))


def test_unknown_function_is_unresolved_routine(df):
    from engine.api.column import Column
    from engine.expr import nodes as n

    with pytest.raises(AnalysisException, match="UNRESOLVED_ROUTINE"):
        df.select(Column(n.UnresolvedFunction("no_such_fn", ()))).collect()


def test_writing_to_an_existing_path_in_error_mode(df, tmp_path):
    path = str(tmp_path / "exists")
    df.write.parquet(path)
    with pytest.raises(AnalysisException, match="PATH_ALREADY_EXISTS") as info:
        df.write.mode("errorifexists").parquet(path)
    assert "overwrite" in str(info.value)


def test_missing_file(spark, tmp_path):
    with pytest.raises(AnalysisException, match="PATH_NOT_FOUND"):
        spark.read.parquet(str(tmp_path / "nothing_here")).collect()
