"""Errors PySpark 4 raises for common mistakes in function calls (observed on PySpark 4):
invalid regexes, impossible sequences, percentages outside [0, 1], non-window expressions
before OVER."""

from __future__ import annotations

import pytest

import engine
from engine import Window
from engine import functions as F
from engine.errors import AnalysisException, IllegalArgumentException, SparkRuntimeException


@pytest.fixture
def df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([(1, "a", 10), (2, "b", 20)], ["id", "k", "v"])


@pytest.mark.parametrize(
    ("fn", "column"),
    [
        ("regexp_replace", F.regexp_replace("k", "(", "x")),
        ("regexp_extract", F.regexp_extract("k", "(", 1)),
        ("regexp_extract_all", F.regexp_extract_all("k", F.lit("("), 1)),
    ],
)
def test_invalid_regex_names_the_function(df: engine.DataFrame, fn: str, column: engine.Column) -> None:
    with pytest.raises(SparkRuntimeException) as info:
        df.select(column).collect()
    assert info.value.getCondition() == "INVALID_PARAMETER_VALUE.PATTERN"
    assert str(info.value).startswith(
        f"[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `{fn}` is invalid: '('."
    )


def test_sequence_that_cannot_reach_its_stop(df: engine.DataFrame) -> None:
    for start, stop, step in [(1, 5, 0), (5, 1, 1)]:
        with pytest.raises(IllegalArgumentException) as info:
            df.select(F.sequence(F.lit(start), F.lit(stop), F.lit(step))).collect()
        assert str(info.value) == f"requirement failed: Illegal sequence boundaries: {start} to {stop} by {step}"


def test_percentage_outside_zero_to_one(df: engine.DataFrame) -> None:
    cases = [
        (F.percentile_approx("v", 1.5), 'percentile_approx(v, 1.5, 10000)', "1.5D"),
        (F.percentile_approx("v", [0.5, -1.0]), 'percentile_approx(v, array(0.5, -1.0), 10000)', "0.5D,-1.0D"),
        (F.percentile("v", 1.5), 'percentile(v, 1.5, 1)', "1.5D"),
    ]
    for column, call, current in cases:
        with pytest.raises(AnalysisException) as info:
            df.agg(column).collect()
        assert info.value.getCondition() == "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE"
        assert str(info.value) == (
            f'[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "{call}" due to data type mismatch: '
            f"The percentage must be between [0.0, 1.0] (current value = {current}). SQLSTATE: 42K09"
        )


@pytest.mark.parametrize(("column", "shown"), [(F.lit(1), "1"), (F.col("v"), "v"), (F.col("v") + 1, "(v + 1)")])
def test_non_window_expression_over_a_window(df: engine.DataFrame, column: engine.Column, shown: str) -> None:
    with pytest.raises(AnalysisException) as info:
        df.select(column.over(Window.orderBy("id"))).collect()
    assert info.value.getCondition() == "UNSUPPORTED_EXPR_FOR_WINDOW"
    assert str(info.value) == f'[UNSUPPORTED_EXPR_FOR_WINDOW] Expression "{shown}" not supported within a window function. SQLSTATE: 42P20'
