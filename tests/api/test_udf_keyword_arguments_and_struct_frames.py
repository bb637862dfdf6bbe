"""Python UDFs called with keyword arguments, and pandas UDFs returning a frame for a struct type
(expected names and values as PySpark 4.3 gives them)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from engine import functions as F


def test_keyword_arguments_reach_the_function_by_name_and_show_in_the_column_name(spark):
    @F.pandas_udf("long")
    def combine(a: pd.Series, b: pd.Series) -> pd.Series:
        return a * 100 + b

    out = spark.range(3).select(combine(b=F.col("id") + 1, a=F.col("id")))
    assert out.columns == ["combine(b => (id + 1), a => id)"]
    assert [r[0] for r in out.collect()] == [1, 102, 203]

    @F.udf("long")
    def minus(x, y):
        return x - y

    mixed = spark.range(2).select(minus(F.col("id"), y=F.lit(5)))
    assert mixed.columns == ["minus(id, y => 5)"]
    assert [r[0] for r in mixed.collect()] == [-5, -4]


def test_grouped_aggregate_pandas_udf_takes_keyword_arguments(spark):
    @F.pandas_udf("double")
    def weighted(v: pd.Series, w: pd.Series) -> float:
        return float(np.average(v, weights=w))

    df = spark.createDataFrame([(1, 2.0, 1.0), (1, 4.0, 3.0), (2, 8.0, 1.0)], "g int, v double, w double")
    out = df.groupBy("g").agg(weighted(w=df["w"], v=df["v"])).sort("g")
    assert out.columns == ["g", "weighted(w => w, v => v)"]
    assert [tuple(r) for r in out.collect()] == [(1, 3.5), (2, 8.0)]


def test_a_frame_with_unnamed_columns_fills_a_struct_by_position(spark):
    @F.pandas_udf("first string, last string")
    def halves(s: pd.Series) -> pd.DataFrame:
        return s.str.split(expand=True)  # columns 0 and 1

    out = spark.createDataFrame([("Ada Lovelace",)], ["name"]).select(halves("name"))
    assert out.columns == ["halves(name)"]
    assert out.collect()[0][0].asDict() == {"first": "Ada", "last": "Lovelace"}


def test_iterator_form_of_a_grouped_aggregate_pandas_udf(spark):
    @F.pandas_udf("double")
    def mean_of(batches: Iterator[pd.Series]) -> float:
        total, count = 0.0, 0
        for s in batches:
            total, count = total + s.sum(), count + len(s)
        return total / count

    @F.pandas_udf("double")
    def weighted_mean_of(batches: Iterator[tuple[pd.Series, pd.Series]]) -> float:
        num, den = 0.0, 0.0
        for v, w in batches:
            num, den = num + float((v * w).sum()), den + float(w.sum())
        return num / den

    df = spark.createDataFrame([(1, 2.0, 1.0), (1, 4.0, 3.0), (2, 8.0, 1.0)], "g int, v double, w double")
    out = df.groupBy("g").agg(mean_of("v"), weighted_mean_of("v", "w")).sort("g")
    assert out.columns == ["g", "mean_of(v)", "weighted_mean_of(v, w)"]
    assert [tuple(r) for r in out.collect()] == [(1, 3.0, 3.5), (2, 8.0, 8.0)]


def test_a_registered_grouped_aggregate_pandas_udf_aggregates_in_sql(spark):
    @F.pandas_udf("long")
    def total_of(v: pd.Series) -> int:
        return int(v.sum())

    spark.udf.register("total_of_sql", total_of)
    q = "SELECT total_of_sql(a) FROM VALUES (3, 0), (2, 0), (1, 1) t(a, k) GROUP BY k"
    out = spark.sql(q)
    assert out.columns == ["total_of_sql(a)"]
    assert [r[0] for r in out.sort("total_of_sql(a)").collect()] == [1, 5]
    whole = spark.sql("SELECT total_of_sql(a) + 1 AS s FROM VALUES (3, 0), (2, 0) t(a, k)")
    assert [r.s for r in whole.collect()] == [6]
