"""bit_and/bit_or/bit_xor, first_value/last_value and regr_*: values, types, names and errors as
PySpark 4 gives them (every expected value below was printed by PySpark 4.3 on the same rows)."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import AnalysisException

ROWS = [
    (1, 3, 1.0, 2.0, "a", None), (1, 5, 2.0, 4.5, None, 1), (2, 6, None, 1.0, "b", None),
    (2, None, 4.0, None, "c", 2), (3, None, None, None, None, None), (4, 7, 3.0, 5.0, "d", 3),
]  # fmt: skip
REGR = ["regr_count", "regr_avgx", "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy", "regr_slope", "regr_intercept", "regr_r2"]


@pytest.fixture
def df(spark):
    out = spark.createDataFrame(ROWS, "g int, b int, y double, x double, s string, n int")
    out.createOrReplaceTempView("agg_t")
    return out


def rows(df):
    return [tuple(r) for r in df.collect()]


def test_bitwise_aggregates_fold_non_null_values_per_group(df):
    out = df.groupBy("g").agg(F.bit_and("b"), F.bit_or("b"), F.bit_xor("b")).orderBy("g")
    assert out.columns == ["g", "bit_and(b)", "bit_or(b)", "bit_xor(b)"]
    assert rows(out) == [(1, 1, 7, 6), (2, 6, 6, 6), (3, None, None, None), (4, 7, 7, 7)]


def test_bitwise_aggregates_keep_the_integral_type_and_reject_others(spark, df):
    out = spark.sql("SELECT bit_and(cast(b AS tinyint)), bit_or(cast(b AS smallint)), bit_xor(cast(b AS bigint)) FROM agg_t")
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["tinyint", "smallint", "bigint"]
    assert rows(out) == [(0, 7, 7)]
    assert rows(spark.sql("SELECT bit_and(b), bit_or(b), bit_xor(b) FROM agg_t WHERE g > 100")) == [(None,) * 3]
    with pytest.raises(AnalysisException, match=r'requires the "INTEGRAL" type, however "y" has the type "DOUBLE"'):
        spark.sql("SELECT bit_and(y) FROM agg_t").collect()


def test_bitwise_aggregates_merge_partial_states(df):
    out = df.repartition(3, "b").agg(F.bit_xor("b"), F.bit_or("b"), F.bit_and("b"))
    assert rows(out) == [(3 ^ 5 ^ 6 ^ 7, 7, 0)]


def test_first_value_and_last_value_are_first_and_last_under_their_own_names(df):
    out = df.groupBy("g").agg(
        F.first_value("s"), F.last_value("s"), F.first_value("s", True), F.last_value("s", F.lit(True))
    ).orderBy("g")
    assert out.columns == ["g", "first_value(s)", "last_value(s)", "first_value(s)", "last_value(s)"]
    assert rows(out) == [(1, "a", None, "a", "a"), (2, "b", "c", "b", "c"), (3, None, None, None, None), (4, "d", "d", "d", "d")]


def test_sql_first_value_ignore_nulls_is_named_first(spark, df):
    out = spark.sql(
        "SELECT first_value(s), last_value(s), first_value(s, true), last_value(s) IGNORE NULLS, "
        "first_value(s) IGNORE NULLS, first_value(s) RESPECT NULLS FROM agg_t"
    )
    assert out.columns == ["first_value(s)", "last_value(s)", "first_value(s)", "last(s)", "first(s)", "first(s)"]
    assert rows(out) == [("a", "d", "a", "d", "a", "a")]


def test_regression_aggregates_per_group(df):
    out = df.groupBy("g").agg(*[getattr(F, r)("y", "x") for r in REGR]).orderBy("g")
    assert out.columns == ["g", *(f"{r}(y, x)" for r in REGR)]
    types = [(f.dataType.simpleString(), f.nullable) for f in out.schema.fields[1:]]
    assert types == [("bigint", False)] + [("double", True)] * 8
    got = rows(out)
    assert got[0] == pytest.approx((1, 2, 3.25, 1.5, 3.125, 0.5, 1.25, 0.4, 0.19999999999999996, 1.0))
    assert got[1] == (2, 0, *(None,) * 8)  # no row has both y and x
    assert got[3] == (4, 1, 5.0, 3.0, 0.0, 0.0, 0.0, None, None, None)  # one row: var_pop(x) = 0


def test_regression_aggregates_over_all_rows(spark, df):
    got = rows(spark.sql("SELECT " + ", ".join(f"{r}(y, x)" for r in REGR) + " FROM agg_t"))[0]
    want = (3, 3.8333333333333335, 2.0, 5.166666666666667, 2.0, 3.0, 0.5806451612903225, -0.22580645161290303, 0.8709677419354838)
    assert got == pytest.approx(want, rel=1e-12)


def test_regression_with_a_constant_x_or_y(spark, df):
    flat_x = rows(spark.sql("SELECT " + ", ".join(f"{r}(y, 1.0)" for r in REGR) + " FROM agg_t"))[0]
    assert flat_x[2:] == (2.5, 0.0, 5.0, 0.0, None, None, None)
    flat_y = rows(spark.sql("SELECT " + ", ".join(f"{r}(2, x)" for r in REGR) + " FROM agg_t"))[0]
    assert flat_y == (4, 3.125, 2.0, 11.1875, 0.0, 0.0, 0.0, 2.0, 1.0)


def test_regr_avg_keeps_avgs_decimal_type_and_strings_are_cast_to_double(spark, df):
    from decimal import Decimal

    out = spark.sql(
        "SELECT regr_avgx(y, 1.0), regr_avgx(cast(y AS decimal(10,2)), cast(x AS decimal(10,2))), "
        "regr_count(cast(y AS decimal(10,2)), x) FROM agg_t"
    )
    assert [f.dataType.simpleString() for f in out.schema.fields] == ["decimal(6,5)", "decimal(14,6)", "bigint"]
    assert rows(out) == [(Decimal("1.00000"), Decimal("3.833333"), 3)]
    with pytest.raises(Exception, match="CAST_INVALID_INPUT"):
        spark.sql("SELECT regr_count(s, x) FROM agg_t").collect()
