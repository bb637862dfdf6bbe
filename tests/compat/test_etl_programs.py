"""PySpark 4 answers for small ETL programs: number formatting, cleanup, null handling (observed on Spark 4)."""

from __future__ import annotations

import engine
from engine import functions as F


def test_format_number_prints_nan_infinity_and_negative_zero_like_java(spark: engine.SparkSession) -> None:
    values = [1e20, 1e30, float("nan"), float("inf"), float("-inf"), -0.0, -0.001, -1234.567, None]
    df = spark.createDataFrame([(v,) for v in values], "d double")
    assert [r[0] for r in df.select(F.format_number("d", 2)).collect()] == [
        "100,000,000,000,000,000,000.00",
        "1,000,000,000,000,000,000,000,000,000,000.00",
        "NaN",
        "∞",
        "-∞",
        "-0.00",
        "-0.00",
        "-1,234.57",
        None,
    ]
