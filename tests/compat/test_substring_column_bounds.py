"""F.substring takes column names for `pos` and `len` in PySpark 4 (ints stay literals)."""

from __future__ import annotations

import engine
from engine import functions as F


def test_substring_bounds_named_by_columns(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("hello", 2, 3)], ["s", "p", "l"])
    out = df.select(
        F.substring("s", "p", "l"), F.substring("s", 1, 2), F.substring(F.col("s"), F.col("p"), 2), F.substring("s", F.lit(2), F.lit(1))
    )
    assert out.columns == ["substring(s, p, l)", "substring(s, 1, 2)", "substring(s, p, 2)", "substring(s, 2, 1)"]
    assert out.collect() == [engine.Row("ell", "he", "el", "e")]
