"""PySpark 4 names for casts of columns: a top-level column keeps its name, a struct field
reached by a dotted path does not."""

from __future__ import annotations

import engine
from engine import functions as F


def test_a_cast_struct_field_is_named_after_its_path(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([((1, 2), 5, 6)], "p struct<t:int,u:int>, x int, `a.b` int").alias("d")
    out = df.select(
        F.col("p.t").cast("string"),
        F.col("d.p.t").cast("string"),
        F.col("p")["u"].cast("long"),
        F.col("x").cast("string"),
        F.col("d.x").cast("string"),
        F.col("`a.b`").cast("string"),
    )
    assert out.columns == [
        "CAST(p.t AS STRING)",
        "CAST(p.t AS STRING)",
        "CAST(p.u AS BIGINT)",
        "x",
        "x",
        "a.b",
    ]
    assert df.selectExpr("CAST(p.t AS STRING)", "p.t::string").columns == ["CAST(p.t AS STRING)"] * 2
