"""``df.na`` / ``fillna`` / ``dropna`` / ``replace``: Spark's rules on which columns each value touches.

Expected rows were worked out by hand from Spark's rules (and agree with PySpark 4's output).
"""

from __future__ import annotations

import math

import pytest
from apihelpers import tuples

from engine.errors import AnalysisException, NumberFormatException, PySparkTypeError, PySparkValueError

NAN = float("nan")


@pytest.fixture(scope="module")
def df(spark):
    rows = [(1, 1.5, "a", True), (None, NAN, None, None), (3, None, "c", False)]
    return spark.createDataFrame(rows, "i int, d double, s string, b boolean")


def same_rows(actual, expected):
    """Row equality where NaN equals NaN."""
    def norm(v):
        return "NaN" if isinstance(v, float) and math.isnan(v) else v

    return [tuple(map(norm, r)) for r in actual] == [tuple(map(norm, r)) for r in expected]


def test_numeric_fill_touches_numeric_columns_and_nan(df):
    assert same_rows(tuples(df.na.fill(0)), [(1, 1.5, "a", True), (0, 0.0, None, None), (3, 0.0, "c", False)])


def test_float_fill_is_cast_to_integer_columns(df):
    assert same_rows(tuples(df.fillna(1.5)), [(1, 1.5, "a", True), (1, 1.5, None, None), (3, 1.5, "c", False)])


def test_string_fill_touches_string_columns_only(df):
    assert same_rows(tuples(df.na.fill("z")), [(1, 1.5, "a", True), (None, NAN, "z", None), (3, None, "c", False)])


def test_bool_fill_touches_boolean_columns_only(df):
    assert same_rows(tuples(df.na.fill(True)), [(1, 1.5, "a", True), (None, NAN, None, True), (3, None, "c", False)])


def test_dict_fill_casts_each_value_to_its_column(df):
    out = df.na.fill({"i": 9, "d": 2, "s": "q", "b": False})
    assert tuples(out) == [(1, 1.5, "a", True), (9, 2.0, "q", False), (3, 2.0, "c", False)]
    assert same_rows(tuples(df.fillna({"s": 5})), [(1, 1.5, "a", True), (None, NAN, "5", None), (3, None, "c", False)])


def test_dict_fill_that_cannot_cast_fails_like_ansi_cast(df):
    with pytest.raises(NumberFormatException, match="CAST_INVALID_INPUT"):
        df.na.fill({"i": "x"}).collect()


def test_fill_subset_ignores_columns_of_other_types(df):
    expected = [(1, 1.5, "a", True), (7, NAN, None, None), (3, None, "c", False)]
    assert same_rows(tuples(df.na.fill(7, subset=["i", "s"])), expected)
    assert same_rows(tuples(df.na.fill(7, "i")), expected)


def test_fill_keeps_schema_and_column_order(df):
    filled = df.na.fill(0).schema
    assert [(f.name, f.dataType) for f in filled.fields] == [(f.name, f.dataType) for f in df.schema.fields]
    # as PySpark: 0 fills as 0.0, so the double is no longer null but an int cast from a double may be
    assert [f.nullable for f in filled.fields] == [True, False, True, True]


def test_fill_rejects_values_of_other_types(df):
    with pytest.raises(PySparkTypeError, match="NOT_EXPECTED_TYPE"):
        df.na.fill([1])
    with pytest.raises(PySparkTypeError, match="NOT_EXPECTED_TYPE"):
        df.na.fill(None)


def test_unknown_subset_column_is_an_analysis_error(df):
    for call in (lambda: df.na.fill(7, subset=["nope"]), lambda: df.na.drop(subset=["nope"]),
                 lambda: df.na.replace("a", "b", subset=["nope"])):  # fmt: skip
        with pytest.raises(AnalysisException, match="UNRESOLVED_COLUMN.WITH_SUGGESTION"):
            call()


def test_drop_any_all_thresh_and_subset(df):
    assert tuples(df.na.drop()) == [(1, 1.5, "a", True)]
    assert tuples(df.dropna("all")) == [(1, 1.5, "a", True), (3, None, "c", False)]
    assert tuples(df.na.drop(thresh=2)) == [(1, 1.5, "a", True), (3, None, "c", False)]
    assert tuples(df.na.drop(subset=["s"])) == [(1, 1.5, "a", True), (3, None, "c", False)]
    assert tuples(df.na.drop(subset="d")) == [(1, 1.5, "a", True)]  # NaN counts as missing
    assert tuples(df.dropna(how="all", subset=["i", "s"])) == [(1, 1.5, "a", True), (3, None, "c", False)]


def test_drop_rejects_an_unknown_how(df):
    with pytest.raises(PySparkValueError, match="VALUE_NOT_ALLOWED"):
        df.na.drop(how="some")


def test_replace_numbers_in_numeric_columns(df):
    assert same_rows(tuples(df.na.replace(1, 10)), [(10, 1.5, "a", True), (None, NAN, None, None), (3, None, "c", False)])
    assert same_rows(tuples(df.na.replace(1.5, 2)), [(1, 2.0, "a", True), (None, NAN, None, None), (3, None, "c", False)])
    assert tuples(df.na.replace({1: 100, 3: 300}, subset=["i"]).select("i")) == [(100,), (None,), (300,)]
    assert tuples(df.na.replace(1, 2.7).select("i")) == [(2,), (None,), (3,)]  # value cast to int


def test_replace_nan(df):
    assert tuples(df.na.replace(NAN, 0.0).select("d")) == [(1.5,), (0.0,), (None,)]


def test_replace_strings_lists_and_dicts(df):
    assert tuples(df.na.replace("a", "A").select("s")) == [("A",), (None,), ("c",)]
    assert tuples(df.replace(["a", "c"], ["A", "C"]).select("s")) == [("A",), (None,), ("C",)]
    assert tuples(df.na.replace(["a", "c"], "X").select("s")) == [("X",), (None,), ("X",)]
    assert tuples(df.na.replace({"a": "A", "c": None}).select("s")) == [("A",), (None,), (None,)]


def test_replace_bools_in_boolean_columns(df):
    assert tuples(df.na.replace(True, False).select("b", "i")) == [(False, 1), (None, None), (False, 3)]


def test_replace_argument_errors(df):
    with pytest.raises(PySparkValueError, match="MIXED_TYPE_REPLACEMENT"):
        df.na.replace({"a": 1})
    with pytest.raises(PySparkTypeError, match="ARGUMENT_REQUIRED"):
        df.na.replace("a")
    with pytest.raises(PySparkValueError, match="LENGTH_SHOULD_BE_THE_SAME"):
        df.na.replace(["a", "c"], ["A"])


def test_fill_and_drop_on_many_partitions(spark):
    from engine import functions as F

    df = spark.range(0, 1000, numPartitions=50).select(
        F.when(F.col("id") % 3 == 0, None).otherwise(F.col("id")).alias("v")
    )
    assert df.na.drop().count() == 1000 - 334
    filled = df.na.fill(-1).collect()
    assert sum(1 for r in filled if r.v == -1) == 334

