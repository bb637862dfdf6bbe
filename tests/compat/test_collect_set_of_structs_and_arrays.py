"""collect_set of struct and array values keeps one of each distinct value per group, as
PySpark 4 does (Arrow's hash aggregate cannot key on them). Expected values are PySpark 4's."""

from __future__ import annotations

import engine
from engine import functions as F

Row = engine.Row


def test_collect_set_of_structs(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a"), (1, "a"), (2, "b")], "x int, y string")
    out = df.groupBy().agg(F.sort_array(F.collect_set(F.struct("x", "y"))).alias("s"))
    assert out.collect() == [Row(s=[Row(x=1, y="a"), Row(x=2, y="b")])]
    grouped = df.groupBy("x").agg(F.collect_set(F.struct("x", "y")).alias("s")).orderBy("x")
    assert grouped.collect() == [Row(x=1, s=[Row(x=1, y="a")]), Row(x=2, s=[Row(x=2, y="b")])]


def test_collect_set_of_arrays(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, [1]), (1, [1]), (2, [2])], "x int, y array<int>")
    out = df.groupBy("x").agg(F.collect_set("y").alias("s")).orderBy("x")
    assert out.collect() == [Row(x=1, s=[[1]]), Row(x=2, s=[[2]])]
