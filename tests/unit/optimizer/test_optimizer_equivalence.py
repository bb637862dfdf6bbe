"""Optimized plans give the same answers as unoptimized ones, over a set of DataFrame pipelines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import engine.compute.kernels.all  # noqa: F401 - load kernels before tasks run in threads
from engine import Window
from engine import functions as F
from engine.api.explain import explain_string
from engine.optimizer.driver import rule_names

ROWS = [(i, "abc"[i % 3], float(i) if i % 4 else None, i % 5) for i in range(40)]
OTHER = [(i, f"n{i}", i * 10) for i in range(0, 60, 3)]


def _frames(spark: Any) -> tuple[Any, Any]:
    left = spark.createDataFrame(ROWS, ["k", "s", "v", "g"])
    right = spark.createDataFrame(OTHER, ["k", "name", "w"])
    return left, right


PIPELINES: dict[str, Callable[[Any, Any], Any]] = {
    "filter_project": lambda a, b: (
        a.filter(F.col("k") > 3)
        .select("k", (F.col("v") * (F.lit(1) + F.lit(1))).alias("v2"))
        .filter(F.col("v2") > 10)
    ),
    "boolean_literals": lambda a, b: a.filter((F.lit(True) & (F.col("g") == 1)) | F.lit(False)),
    "false_filter": lambda a, b: a.filter(F.lit(1) > F.lit(2)).select("k"),
    "inner_join_filters": lambda a, b: (
        a.join(b, "k").filter((F.col("g") > 1) & (F.col("w") < 400)).select("s", "name")
    ),
    "left_join_filters": lambda a, b: a.join(b, "k", "left").filter(
        F.col("v").isNotNull() & F.col("name").isNull()
    ),
    "left_join_on": lambda a, b: a.join(b, (a.k == b.k) & (b.w > 100) & (a.g == 2), "left").select(a.k, "w"),
    "full_join": lambda a, b: a.join(b, "k", "full").filter(F.col("g") == 0),
    "semi_anti": lambda a, b: (
        a.join(b, "k", "left_semi").union(a.join(b, "k", "left_anti")).filter(F.col("g") < 3)
    ),
    "aggregate_having": lambda a, b: (
        a.groupBy("s", "g")
        .agg(F.sum("v").alias("t"), F.count("*").alias("n"))
        .filter((F.col("s") != "b") & (F.col("t") > 5))
    ),
    "global_aggregate_of_nothing": lambda a, b: a.filter(F.lit(False)).agg(F.count("*").alias("n")),
    "union_filter": lambda a, b: a.select("k", "g").union(b.select("k", "w")).filter(F.col("k") > 20),
    "window_partition_filter": lambda a, b: a.withColumn(
        "r", F.row_number().over(Window.partitionBy("g").orderBy("k"))
    ).filter((F.col("g") == 2) & (F.col("r") < 4)),
    "sort_limit": lambda a, b: a.orderBy(F.col("k").desc()).select("k", "s").limit(5),
    "union_limit": lambda a, b: (
        a.select("k").union(b.select("k")).limit(7).select((F.col("k") + 1).alias("k1"))
    ),
    "nested_projects": lambda a, b: (
        a.withColumn("x", F.col("k") * 2)
        .withColumn("y", F.col("x") + 1)
        .withColumn("z", F.col("y") * F.col("y"))
        .select("z", "s")
    ),
    "pruned_join_count": lambda a, b: a.join(b, "k").groupBy("g").count(),
}


def _rows(df: Any) -> list[tuple]:
    return sorted((tuple(r) for r in df.collect()), key=repr)


@pytest.mark.parametrize("name", sorted(PIPELINES))
def test_optimized_equals_unoptimized(spark: Any, name: str) -> None:
    left, right = _frames(spark)
    df = PIPELINES[name](left, right)
    optimized = _rows(df)
    spark.conf.set("spark.sql.optimizer.excludedRules", ",".join(rule_names()))
    try:
        plain = _rows(df)
    finally:
        spark.conf.unset("spark.sql.optimizer.excludedRules")
    assert optimized == plain


def test_optimizer_prunes_and_pushes_on_parquet(spark: Any, tmp_path: Any) -> None:
    left, _ = _frames(spark)
    left.write.parquet(str(tmp_path / "t"))
    df = spark.read.parquet(str(tmp_path / "t")).filter(F.col("g") == 1).select("k")
    text = explain_string(df)
    assert "Scan parquet [k#" in text and ",g#" in text and "s#" not in text.split("Scan parquet")[1]
    assert "PushedFilters: [(g#" in text
    assert _rows(df) == sorted(((k,) for k, _, _, g in ROWS if g == 1), key=repr)
