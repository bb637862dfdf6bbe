"""percentile_approx and approxQuantile answer as Spark's Greenwald-Khanna summary does with
relative error 1 / accuracy: the rank slack of its samples (and, past `accuracy` values, the
samples it merges) decide the value, so ``percentile_approx(v, 0.75, 100)`` of these 1000
values is 77.7, not the exact 79.1."""

from __future__ import annotations

import engine
from engine import functions as F


def _thousand(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([(float(i) * 0.1 + (i % 7) * 1.3,) for i in range(1000)], "v double")


def test_percentile_approx_with_low_accuracy(spark: engine.SparkSession) -> None:
    out = _thousand(spark).agg(F.percentile_approx("v", 0.75, 100), F.percentile_approx("v", 0.5))
    assert tuple(out.first()) == (77.7, 53.900000000000006)


def test_approx_quantile_with_relative_error(spark: engine.SparkSession) -> None:
    got = _thousand(spark).approxQuantile("v", [0.1, 0.25, 0.5, 0.9], 0.01)
    assert got == [13.3, 28.700000000000003, 53.9, 93.10000000000001]


def test_grouped_percentile_approx_keeps_the_input_type(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(i % 5, float((i * 37) % 101)) for i in range(400)], "g int, v double")
    out = df.groupBy("g").agg(
        F.percentile_approx("v", [0.1, 0.25, 0.5, 0.9], 20), F.percentile_approx(F.col("v").cast("int"), 0.5, 10)
    ).orderBy("g")
    assert [(f.name, f.dataType.simpleString()) for f in out.schema.fields] == [
        ("g", "int"),
        ("percentile_approx(v, array(0.1, 0.25, 0.5, 0.9), 20)", "array<double>"),
        ("percentile_approx(CAST(v AS INT), 0.5, 10)", "int"),
    ]
    assert [tuple(r) for r in out.collect()] == [
        (0, [9.0, 25.0, 47.0, 88.0], 45), (1, [9.0, 24.0, 45.0, 84.0], 43), (2, [6.0, 22.0, 47.0, 84.0], 45),
        (3, [6.0, 21.0, 43.0, 85.0], 41), (4, [7.0, 22.0, 43.0, 85.0], 41),
    ]  # fmt: skip


def test_summary_past_its_head_buffer(spark: engine.SparkSession) -> None:
    big = spark.range(0, 120000).select((((F.col("id") * 7919) % 100003) * 0.5).alias("v"))
    out = big.agg(F.percentile_approx("v", [0.01, 0.1, 0.5, 0.77, 0.999]), F.percentile_approx("v", 0.3, 100))
    assert tuple(out.first()) == ([494.0, 4995.5, 24998.0, 38501.5, 49949.0], 14924.0)
