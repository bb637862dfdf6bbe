"""Nullability as PySpark 4 types it: format_string/printf are null only for a null format
(a null argument prints ``null``); flatten is null for a null array or a null inner array."""

from __future__ import annotations

import engine
from engine import functions as F


def test_format_string_is_not_null_for_a_literal_format(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a", 1.5), (None, None)], "s string, d double")
    out = df.select(F.format_string("%s-%s", "s", "d"), F.printf(F.lit("%s"), "s"))
    assert [(f.name, f.nullable) for f in out.schema.fields] == [
        ("format_string(%s-%s, s, d)", False), ("printf(%s, s)", False),
    ]  # fmt: skip
    assert [tuple(r) for r in out.collect()] == [("a-1.5", "a"), ("null-null", "null")]


def test_flatten_may_be_null_when_an_inner_array_may(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1.5,)], "d double")
    out = df.select(F.flatten(F.array(F.array(F.lit(1)))), F.flatten(F.array(F.array("d"), F.lit(None))))
    assert [f.nullable for f in out.schema.fields] == [False, True]
    assert [tuple(r) for r in out.collect()] == [([1], None)]


def test_nvl2_is_null_only_when_a_branch_may_be(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a",), (None,)], "s string")
    out = df.select(F.nvl2("s", F.lit(1), F.lit(2)), F.nvl2("s", "s", F.lit("z")))
    assert [(f.name, f.nullable) for f in out.schema.fields] == [("nvl2(s, 1, 2)", False), ("nvl2(s, s, z)", True)]
    assert [tuple(r) for r in out.collect()] == [(1, "a"), (2, "z")]


def test_array_agg_is_not_null_like_collect_list(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a", 1), ("a", None)], "g string, x int")
    out = df.groupBy("g").agg(F.array_agg("x"))
    assert [(f.name, f.nullable) for f in out.schema.fields] == [("g", True), ("collect_list(x)", False)]
