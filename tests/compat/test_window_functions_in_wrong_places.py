"""A window function where Spark does not take one fails when the DataFrame is built, with
PySpark 4's error class: in a filter, or beside an aggregate with no groupBy."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException
from engine.window import Window


@pytest.fixture
def df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([("a", 1, 1.5), ("a", 2, 2.5), ("b", 3, None)], ["k", "t", "d"])


def test_window_function_in_a_filter(df: engine.DataFrame) -> None:
    w = Window.partitionBy("k").orderBy("t")
    for build in (lambda: df.filter(F.row_number().over(w) == 1), lambda: df.where(F.sum("t").over(w) > 1)):
        with pytest.raises(AnalysisException) as info:
            build()
        assert info.value.getCondition() == "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE"
        assert info.value.getMessageParameters() == {"clauseName": "WHERE"}
    kept = df.withColumn("rn", F.row_number().over(w)).filter("rn = 1").orderBy("k")
    assert [(r.k, r.t) for r in kept.collect()] == [("a", 1), ("b", 3)]


def test_aggregate_beside_a_window_over_a_plain_column_without_group_by(df: engine.DataFrame) -> None:
    w = Window.partitionBy("k").orderBy("t")
    with pytest.raises(AnalysisException) as info:
        df.select(F.first("d"), F.count("*").over(w))
    assert info.value.getCondition() == "MISSING_GROUP_BY"
    assert info.value.getSqlState() == "42803"
