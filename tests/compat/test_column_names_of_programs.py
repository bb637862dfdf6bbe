"""PySpark 4 column names of unaliased expressions users write in DataFrame programs (observed on Spark 4)."""

from __future__ import annotations

import engine
from engine import functions as F


def test_a_chain_of_casts_keeps_the_column_name(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "2")], ["a", "s"])
    out = df.select(
        F.upper("s").cast("int"),
        F.col("a").cast("int").cast("string"),
        F.col("s").try_cast("int").cast("string"),
        F.col("s").cast("int").try_cast("string"),
        F.col("a").cast("int") + 1,
        F.col("a").alias("x").cast("int"),
        F.col("a").cast("double").alias("q").cast("int"),
    )
    assert out.columns == ["CAST(upper(s) AS INT)", "a", "s", "s", "(CAST(a AS INT) + 1)", "x", "q"]
    assert df.selectExpr("cast(cast(a as double) as string)", "cast(a as int)", "try_cast(a as int)").columns == [
        "a",
        "a",
        "a",
    ]


def test_a_using_join_key_keeps_its_own_sides_spelling(spark: engine.SparkSession) -> None:
    a = spark.createDataFrame([(1, "a")], ["ID", "v"])
    b = spark.createDataFrame([(1, "A")], ["id", "w"])
    assert a.join(b, "id").columns == ["ID", "v", "w"]
    assert a.join(b, "ID", "left").columns == ["ID", "v", "w"]
    assert a.join(b, ["id"], "right").columns == ["id", "v", "w"]
    assert b.join(a, "ID").columns == ["id", "w", "v"]
    assert a.join(b, "id", "full").columns == ["ID", "v", "w"]
    assert a.join(b, "id", "leftsemi").columns == ["ID", "v"]
    assert a.join(b, "id").collect() == [engine.Row(ID=1, v="a", w="A")]
