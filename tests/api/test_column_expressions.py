"""Column operators and methods: values with Spark's null semantics, and Spark's column names."""

from __future__ import annotations

import pytest
from apihelpers import tuples

from engine import Row, Window
from engine import functions as F
from engine import types as T

ROWS = [(1, "abc", 2.0), (2, None, -1.5), (None, "xbz", None), (4, "ab", 0.0)]


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame(ROWS, "a int, s string, d double")


def column(df, c) -> list:
    return [r[0] for r in df.select(c).collect()]


def test_arithmetic_propagates_null(df):
    assert column(df, df.a + 1) == [2, 3, None, 5]
    assert column(df, df.a - df.d) == [-1.0, 3.5, None, 4.0]
    assert column(df, df.a * 2) == [2, 4, None, 8]
    assert column(df, df.a / 2) == [0.5, 1.0, None, 2.0]
    assert column(df, df.a % 2) == [1, 0, None, 0]
    assert column(df, 10 - df.a) == [9, 8, None, 6]
    assert column(df, -df.a) == [-1, -2, None, -4]


def test_comparisons_and_boolean_logic_with_three_values(df):
    assert column(df, df.a > 1) == [False, True, None, True]
    assert column(df, df.a == 2) == [False, True, None, False]
    assert column(df, df.a != 2) == [True, False, None, True]
    assert column(df, df.a.eqNullSafe(None)) == [False, False, True, False]
    # null AND false is false, null AND null is null, null OR true is true
    assert column(df, (df.a > 1) & (df.d > 0)) == [False, False, None, False]
    assert column(df, (df.a > 1) | df.s.isNull()) == [False, True, None, True]
    assert column(df, ~(df.a > 1)) == [True, False, None, False]


def test_null_checks_isin_and_between(df):
    assert column(df, df.s.isNull()) == [False, True, False, False]
    assert column(df, df.s.isNotNull()) == [True, False, True, True]
    assert column(df, df.a.isin(1, 4)) == [True, False, None, True]
    assert column(df, df.a.isin([2])) == [False, True, None, False]
    assert column(df, df.a.between(1, 2)) == [True, True, None, False]


def test_string_predicates_and_substr(df):
    assert column(df, df.s.like("a%")) == [True, None, False, True]
    assert column(df, df.s.rlike("b.$")) == [True, None, True, False]
    assert column(df, df.s.startswith("ab")) == [True, None, False, True]
    assert column(df, df.s.endswith("c")) == [True, None, False, False]
    assert column(df, df.s.contains("b")) == [True, None, True, True]
    assert column(df, df.s.substr(2, 2)) == ["bc", None, "bz", "b"]


def test_cast_with_types_and_ddl_names(df):
    assert column(df, df.a.cast("string")) == ["1", "2", None, "4"]
    assert column(df, df.d.cast(T.IntegerType())) == [2, -1, None, 0]
    assert column(df, df.a.cast("double")) == [1.0, 2.0, None, 4.0]
    assert df.select(df.a.cast("bigint")).dtypes == [("a", "bigint")]


def test_alias_name_and_spark_column_names(df):
    assert df.select(df.a.alias("x"), df.s.name("y")).columns == ["x", "y"]
    names = df.select(df.a.between(0, 2), df.a.isin(1, 2), df.a.isNotNull(), ~(df.a > 1),
                      df.a % 2, df.a / 2, df.s.startswith("a")).columns  # fmt: skip
    assert names == ["((a >= 0) AND (a <= 2))", "(a IN (1, 2))", "(a IS NOT NULL)", "(NOT (a > 1))",
                     "(a % 2)", "(a / 2)", "startswith(s, a)"]  # fmt: skip


def test_like_and_rlike_column_names(df):
    assert df.select(df.s.like("a%"), df.s.rlike("^a")).columns == ["s LIKE a%", "RLIKE(s, ^a)"]


def test_when_otherwise(df):
    out = df.select(F.when(df.a > 1, "big").when(df.a == 1, "one").otherwise("none"), F.when(df.a > 1, 1))
    assert out.columns == ["CASE WHEN (a > 1) THEN big WHEN (a = 1) THEN one ELSE none END", "CASE WHEN (a > 1) THEN 1 END"]
    assert tuples(out) == [("one", None), ("big", 1), ("none", None), ("big", 1)]


def test_sort_order_helpers(df):
    assert [r.a for r in df.orderBy(df.a.asc()).collect()] == [None, 1, 2, 4]
    assert [r.a for r in df.orderBy(df.a.desc()).collect()] == [4, 2, 1, None]
    assert [r.a for r in df.orderBy(df.a.asc_nulls_last()).collect()] == [1, 2, 4, None]
    assert [r.a for r in df.orderBy(df.a.desc_nulls_first()).collect()] == [None, 4, 2, 1]


def test_over_a_window(spark):
    df = spark.createDataFrame([("x", 1), ("x", 3), ("y", 5)], ["k", "v"])
    w = Window.partitionBy("k").orderBy("v")
    out = df.select("k", "v", F.sum("v").over(w).alias("running"), F.row_number().over(w).alias("rn"))
    assert sorted(tuples(out)) == [("x", 1, 1, 1), ("x", 3, 4, 2), ("y", 5, 5, 1)]


def test_get_item_and_get_field(spark):
    df = spark.createDataFrame([([1, 2], {"k": "v"}, Row(f=7))], "arr array<int>, m map<string,string>, st struct<f:int>")
    assert tuples(df.select(df.arr.getItem(1), df.arr[0], df.m.getItem("k"), df.m["nope"], df.st.getField("f"), df.st.f)) == [
        (2, 1, "v", None, 7, 7)
    ]
