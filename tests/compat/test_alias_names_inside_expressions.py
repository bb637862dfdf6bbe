"""A user's alias inside another expression is part of its name, as PySpark 4 prints it:
``upper(col("w").alias("y"))`` is ``upper(w AS y)``, and ``df["s.v"]`` (resolved at once to
``s.v AS v``) times 2 is ``(s.v AS v * 2)``; the column alone is still ``v``."""

from __future__ import annotations

import engine
from engine import functions as F
from engine.window import Window


def test_alias_inside_functions_and_operators(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(3, "q")], "k int, w string")
    out = df.select(
        F.upper(F.col("w").alias("y")), F.col("k").alias("z") + 1, F.col("k").alias("a").cast("string"),
        F.concat(F.col("w").alias("x"), F.lit("!")), F.col("k").alias("a").alias("b") + 1,
        F.sum(F.col("k").alias("kk")).over(Window.partitionBy()),
    )  # fmt: skip
    assert out.columns == [
        "upper(w AS y)", "(k AS z + 1)", "a", "concat(w AS x, !)", "(k AS a AS b + 1)",
        "sum(k AS kk) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
    ]  # fmt: skip
    assert tuple(out.first()) == ("Q", 4, "3", "q!", 4, 3)


def test_aggregate_of_an_alias(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(3, "q")], "k int, w string")
    out = df.groupBy(F.col("w").alias("g")).agg(F.sum(F.col("k").alias("kk")), F.count(F.col("k").alias("c")))
    assert out.columns == ["g", "sum(k AS kk)", "count(k AS c)"]


def test_frame_item_of_a_nested_field(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([((1, "a"), 3)], "s struct<v:int, w:string>, k int")
    out = df.select(
        df["s.v"] * 2, df["s.v"], F.upper(df["s.w"]), df["s.v"].cast("string"), F.coalesce(df["s.v"], F.lit(0)),
        F.col("s.v") * 2, df["s"]["v"] * 2, df.s.v + 1,
    )  # fmt: skip
    assert out.columns == [
        "(s.v AS v * 2)", "v", "upper(s.w AS w)", "v", "coalesce(s.v AS v, 0)", "(s.v * 2)", "(s.v * 2)", "(s.v + 1)",
    ]  # fmt: skip
    assert tuple(out.first()) == (2, 1, "A", "1", 1, 2, 2, 2)
    grouped = df.groupBy(df["s.v"]).agg(F.sum(df["s.v"]), F.max(df["s.w"]))
    assert grouped.columns == ["v", "sum(s.v AS v)", "max(s.w AS w)"]
