"""SQL's ``!=`` and ``<>`` name their column ``(NOT (a = b))``, as PySpark 4.3 does (Spark parses
both as NOT over =), the same name the DataFrame API's ``col != x`` gets."""

from __future__ import annotations

import engine
from engine import functions as F


def test_sql_not_equal_spellings_share_sparks_name(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT 1 != 2, 1 <> 2, NOT (1 = 2), id != 1 FROM range(1)")
    # names observed in PySpark 4.3
    assert df.columns == ["(NOT (1 = 2))", "(NOT (1 = 2))", "(NOT (1 = 2))", "(NOT (id = 1))"]
    assert [tuple(r) for r in df.collect()] == [(True, True, True, True)]


def test_dataframe_not_equal_has_the_same_name(spark: engine.SparkSession) -> None:
    assert spark.range(1).select(F.col("id") != 1).columns == ["(NOT (id = 1))"]
