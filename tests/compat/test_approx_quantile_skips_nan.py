"""approxQuantile ignores NaN as well as nulls, each column on its own (observed on PySpark 4)."""

from __future__ import annotations

import engine


def test_approx_quantile_ignores_nan(spark: engine.SparkSession) -> None:
    nan = float("nan")
    df = spark.createDataFrame(
        [(1, nan, "a"), (2, None, "b"), (3, nan, None), (4, 1.0, "a"), (5, float("inf"), "b")], ["id", "x", "s"]
    )
    assert df.approxQuantile("x", [0.0, 0.5, 1.0], 0.0) == [1.0, 1.0, float("inf")]
    assert df.approxQuantile(["id", "x"], [0.25, 0.5], 0.01) == [[2.0, 3.0], [1.0, 1.0]]
    assert spark.createDataFrame([(nan,), (None,)], "v double").approxQuantile("v", [0.5], 0.0) == []
