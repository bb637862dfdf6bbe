"""DataFrame/Column API calls PySpark 4 rejects or tolerates, with its error classes: when()
takes only a Column condition, a second otherwise() is an IllegalArgumentException,
withColumns checks its mapping, and drop() ignores a Column naming no column."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException, PySparkTypeError


def _df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([(1, "a", 2.0)], "x int, s string, d double")


def test_when_condition_must_be_a_column(spark: engine.SparkSession) -> None:
    with pytest.raises(PySparkTypeError, match=r"Argument `condition` should be Column, got str\.") as e:
        F.when("x", 1)
    assert e.value.getErrorClass() == "NOT_EXPECTED_TYPE"
    with pytest.raises(PySparkTypeError, match="got NoneType"):
        F.when(None, 1)
    with pytest.raises(PySparkTypeError, match="got str"):
        F.when(F.lit(True), 1).when("x", 1)


def test_when_and_otherwise_out_of_order(spark: engine.SparkSession) -> None:
    with pytest.raises(IllegalArgumentException, match="otherwise\\(\\) can only be applied once"):
        F.when(F.col("x") > 0, 1).otherwise(2).otherwise(3)
    with pytest.raises(IllegalArgumentException, match="when\\(\\) can only be applied on a Column previously"):
        F.col("x").when(F.col("x") > 0, 1)


def test_case_when_without_a_common_type_names_the_expression(spark: engine.SparkSession) -> None:
    df = _df(spark)
    with pytest.raises(AnalysisException) as e:
        df.select(F.when(F.col("x") > 0, F.lit(True)).otherwise(1)).collect()
    assert e.value.getErrorClass() == "DATATYPE_MISMATCH.DATA_DIFF_TYPES"
    assert 'Cannot resolve "CASE WHEN (x > 0) THEN true ELSE 1 END"' in str(e.value)
    assert 'Input to `casewhen` should all be the same type, but it\'s ["BOOLEAN", "INT"]' in str(e.value)


def test_with_columns_checks_its_mapping(spark: engine.SparkSession) -> None:
    df = _df(spark)
    with pytest.raises(PySparkTypeError, match=r"Argument `colsMap` should be dict, got list\.") as e:
        df.withColumns(["a"])  # type: ignore[arg-type]
    assert e.value.getErrorClass() == "NOT_EXPECTED_TYPE"
    with pytest.raises(PySparkTypeError, match=r"Argument `col` should be Column or str, got int\."):
        df.withColumns({"a": 1})  # type: ignore[dict-item]


def test_drop_ignores_columns_that_are_not_there(spark: engine.SparkSession) -> None:
    df = _df(spark)
    assert df.drop(F.col("nope")).columns == ["x", "s", "d"]
    assert df.drop(F.col("s"), "nope", F.col("nope2")).columns == ["x", "d"]
    assert df.drop(F.col("x") + 1).columns == ["x", "s", "d"]


def test_greatest_and_least_are_null_only_when_every_input_may_be(spark: engine.SparkSession) -> None:
    df = _df(spark)
    out = df.select(F.greatest("x", "d"), F.least("x", F.lit(5).cast("long")), F.greatest(F.lit(1), F.lit(2)))
    assert [f.nullable for f in out.schema.fields] == [True, False, False]
