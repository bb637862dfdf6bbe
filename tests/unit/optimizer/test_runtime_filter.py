"""A join's aggregated side is first filtered by the keys of the other side's small filtered
input (Spark's runtime filter as a semi join): fewer rows aggregated, the same answer."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine import functions as F
from engine.api.execution import optimized_plan
from engine.logical import nodes as L


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    """facts: 20,000 rows over keys 1..2,000 with a quantity; parts: keys 1..2,000 with a brand."""
    facts = pa.table(
        {
            "key": pa.array([i % 2000 + 1 for i in range(20_000)], pa.int64()),
            "qty": pa.array([i % 50 for i in range(20_000)], pa.int64()),
        }
    )
    parts = pa.table({"id": pa.array(range(1, 2001), pa.int64()), "brand": [f"b{i % 40}" for i in range(2000)]})
    pq.write_table(facts, tmp_path / "facts.parquet")
    pq.write_table(parts, tmp_path / "parts.parquet")
    return {"facts": str(tmp_path / "facts.parquet"), "parts": str(tmp_path / "parts.parquet")}


def _walk(plan: L.LogicalPlan) -> list[L.LogicalPlan]:
    return [plan, *(x for k in L.children(plan) for x in _walk(k))]


def _q17_shape(spark: Any, files: dict[str, str], how: str) -> Any:
    """Facts of one brand against each part's average quantity (TPC-H q17's correlated average)."""
    facts, parts = spark.read.parquet(files["facts"]), spark.read.parquet(files["parts"])
    chosen = parts.filter(F.col("brand") == "b7").select("id")  # 50 of 2,000 parts
    sold = facts.join(chosen, facts.key == chosen.id)
    averages = facts.groupBy(F.col("key").alias("k")).agg(F.avg("qty").alias("avg_qty"))
    return sold.join(averages, sold.id == averages.k, how).select("id", "qty", "avg_qty")


@pytest.mark.parametrize("how", ["inner", "left"])
def test_the_aggregated_side_reads_only_keys_the_filtered_side_holds(
    spark: Any, files: dict[str, str], how: str
) -> None:
    df = _q17_shape(spark, files, how)
    plan = optimized_plan(spark, df._plan)
    aggregate = next(x for x in _walk(plan) if isinstance(x, L.Aggregate))
    semi = next(x for x in _walk(aggregate) if isinstance(x, L.Join))
    assert semi.how == "left_semi"
    assert any(isinstance(x, L.FileScan) and x.filters for x in _walk(semi.right))  # the brand filter
    spark.conf.set("spark.sql.optimizer.excludedRules", "inject_runtime_filter")
    try:
        without = sorted(tuple(r) for r in df.collect())
    finally:
        spark.conf.set("spark.sql.optimizer.excludedRules", "")
    assert sorted(tuple(r) for r in df.collect()) == without and len(without) == 500


def test_an_unfiltered_side_injects_nothing(spark: Any, files: dict[str, str]) -> None:
    facts, parts = spark.read.parquet(files["facts"]), spark.read.parquet(files["parts"])
    averages = facts.groupBy(F.col("key").alias("k")).agg(F.avg("qty").alias("avg_qty"))
    plan = optimized_plan(spark, parts.join(averages, parts.id == averages.k)._plan)
    assert not any(isinstance(x, L.Join) and x.how == "left_semi" for x in _walk(plan))


def test_the_null_extended_side_of_an_outer_join_is_not_filtered(spark: Any, files: dict[str, str]) -> None:
    facts, parts = spark.read.parquet(files["facts"]), spark.read.parquet(files["parts"])
    chosen = parts.filter(F.col("brand") == "b7").select("id")
    averages = facts.groupBy(F.col("key").alias("k")).agg(F.avg("qty").alias("avg_qty"))
    df = averages.join(chosen, averages.k == chosen.id, "left")  # every average is kept
    plan = optimized_plan(spark, df._plan)
    assert not any(isinstance(x, L.Join) and x.how == "left_semi" for x in _walk(plan))
    assert df.count() == 2000


def test_the_big_right_side_of_an_exists_keeps_only_keys_the_left_side_holds(
    spark: Any, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """TPC-H q04's shape at SF10: orders of one quarter EXISTS late lineitems. The lineitems (built,
    so shuffled, when too big to broadcast as a key set) are first filtered by the quarter's order keys."""
    rule = importlib.import_module("engine.optimizer.rules.inject_runtime_filter")
    monkeypatch.setattr(rule, "_MAX_FILTER_BYTES", 20_000)  # test-sized tables count as big,
    monkeypatch.setattr(rule, "KEY_SET_BROADCAST_FACTOR", 1)  # too big to broadcast even as key sets
    facts, parts = spark.read.parquet(files["facts"]), spark.read.parquet(files["parts"])
    chosen = parts.filter(F.col("brand") == "b7")
    df = chosen.join(facts.filter(F.col("qty") > 40), chosen.id == facts.key, "left_semi")
    plan = optimized_plan(spark, df._plan)
    semi = next(x for x in _walk(plan) if isinstance(x, L.Join))
    assert semi.how == "left_semi"
    assert any(isinstance(x, L.Join) and x.how == "left_semi" for x in _walk(semi.right))
    spark.conf.set("spark.sql.optimizer.excludedRules", "inject_runtime_filter")
    try:
        without = sorted(tuple(r) for r in df.collect())
    finally:
        spark.conf.set("spark.sql.optimizer.excludedRules", "")
    assert sorted(tuple(r) for r in df.collect()) == without and len(without) == 10  # (id - 1) % 50 > 40


def test_a_filter_computing_a_subquery_is_not_computed_again_as_a_runtime_filter(
    spark: Any, files: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = importlib.import_module("engine.optimizer.rules.inject_runtime_filter")
    monkeypatch.setattr(rule, "_MAX_FILTER_BYTES", 20_000)
    facts, parts = spark.read.parquet(files["facts"]), spark.read.parquet(files["parts"])
    parts.createOrReplaceTempView("rf_parts")
    facts.createOrReplaceTempView("rf_facts")
    df = spark.sql(
        "SELECT * FROM rf_parts WHERE id > (SELECT max(id) - 50 FROM rf_parts) "
        "AND NOT EXISTS (SELECT 1 FROM rf_facts WHERE key = id AND qty > 40)"
    )
    plan = optimized_plan(spark, df._plan)
    anti = next(x for x in _walk(plan) if isinstance(x, L.Join) and x.how == "left_anti")
    assert not any(isinstance(x, L.Join) for x in _walk(anti.right))
    assert df.count() == 50 - len({k for k in range(1951, 2001) if any((k - 1 + 2000 * j) % 50 > 40 for j in range(10))})
