"""A group aggregate pandas UDF cannot share an aggregation with built-in aggregates, as in
PySpark 4.3 (INVALID_PANDAS_UDF_PLACEMENT when the query runs); alone it aggregates."""

from __future__ import annotations

import pandas as pd
import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


@F.pandas_udf("double")
def mean_of(v: pd.Series) -> float:
    return float(v.mean())


def _frame(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([("a", 1.0), ("a", 3.0), ("b", 10.0)], "k string, v double")


def test_mixing_with_a_builtin_aggregate_is_refused_when_it_runs(spark: engine.SparkSession) -> None:
    mixed = _frame(spark).groupBy("k").agg(mean_of("v").alias("m"), F.count("*").alias("n"))
    assert mixed.schema.simpleString() == "struct<k:string,m:double,n:bigint>"  # as PySpark, until run
    with pytest.raises(AnalysisException) as info:
        mixed.collect()
    assert info.value.getCondition() == "INVALID_PANDAS_UDF_PLACEMENT"
    assert "`mean_of`" in str(info.value)


def test_alone_it_aggregates_each_group(spark: engine.SparkSession) -> None:
    rows = _frame(spark).groupBy("k").agg(mean_of("v").alias("m")).collect()
    assert sorted(map(tuple, rows)) == [("a", 2.0), ("b", 10.0)]
