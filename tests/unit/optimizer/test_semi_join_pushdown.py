"""A semi/anti join (IN, EXISTS) moves below the joins of its left side when they do not shrink
the input it tests, never into a null-extended side, and the answers stay the same."""

from __future__ import annotations

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
    """facts: 10,000 rows over keys 1..1,000; dims: keys 1..1,000 (Parquet statistics bound both)."""
    facts = pa.table(
        {"key": pa.array([i % 1000 + 1 for i in range(10_000)], pa.int64()), "v": list(range(10_000))}
    )
    dims = pa.table({"id": pa.array(range(1, 1001), pa.int64()), "grp": [i % 10 for i in range(1000)]})
    pq.write_table(facts, tmp_path / "facts.parquet")
    pq.write_table(dims, tmp_path / "dims.parquet")
    return {"facts": str(tmp_path / "facts.parquet"), "dims": str(tmp_path / "dims.parquet")}


def semi_parent(plan: L.LogicalPlan) -> type | None:
    """The type of the node right above the plan's semi/anti join's left input, or None."""
    for node in _walk(plan):
        if isinstance(node, L.Join) and node.how in ("left_semi", "left_anti"):
            return type(node.left)
    return None


def _walk(plan: L.LogicalPlan) -> list[L.LogicalPlan]:
    return [plan, *(x for k in L.children(plan) for x in _walk(k))]


def test_an_in_subquery_filters_the_table_before_a_join_that_multiplies_it(
    spark: Any, files: dict[str, str]
) -> None:
    dims, facts = spark.read.parquet(files["dims"]), spark.read.parquet(files["facts"])
    wanted = spark.createDataFrame([(3,), (5,), (2000,)], ["w"])
    joined = dims.join(facts, dims.id == facts.key)  # 1,000 dims -> 10,000 rows
    df = joined.join(wanted, joined.id == wanted.w, "left_semi")
    plan = optimized_plan(spark, df._plan)
    top = next(x for x in _walk(plan) if isinstance(x, L.Join))
    assert top.how == "inner"  # the semi join went below it, to dims
    assert semi_parent(plan) is not L.Join
    assert sorted((r.id, r.v) for r in df.collect()) == sorted(
        (v % 1000 + 1, v) for v in range(10_000) if v % 1000 + 1 in (3, 5)
    )


def test_a_semi_join_stays_above_a_join_that_shrinks_its_input(spark: Any, files: dict[str, str]) -> None:
    dims, facts = spark.read.parquet(files["dims"]), spark.read.parquet(files["facts"])
    few = dims.filter(F.col("id") <= 10)  # joining keeps ~1% of the facts
    joined = facts.join(few, facts.key == few.id)
    wanted = spark.createDataFrame([(v,) for v in range(0, 10_000, 7)], ["w"])
    df = joined.join(wanted, joined.v == wanted.w, "left_semi")
    plan = optimized_plan(spark, df._plan)
    assert next(x for x in _walk(plan) if isinstance(x, L.Join)).how == "left_semi"
    assert df.count() == sum(1 for v in range(10_000) if v % 1000 + 1 <= 10 and v % 7 == 0)


def test_an_anti_join_never_moves_into_the_null_extended_side(spark: Any, files: dict[str, str]) -> None:
    dims = spark.read.parquet(files["dims"])
    facts = spark.read.parquet(files["facts"]).filter(F.col("v") < 500)  # one fact for each of keys 1..500
    joined = facts.join(dims, facts.key == dims.id, "right")  # dims 501..1000 come with a null key
    banned = spark.createDataFrame([(1,), (2,)], ["b"])
    df = joined.join(banned, joined.key == banned.b, "left_anti")
    plan = optimized_plan(spark, df._plan)
    assert next(x for x in _walk(plan) if isinstance(x, L.Join)).how == "left_anti"
    assert df.count() == 498 + 500  # a null key matches nothing, so those rows stay


def test_exists_and_not_exists_over_a_join_give_the_same_rows_either_way(
    spark: Any, files: dict[str, str]
) -> None:
    spark.read.parquet(files["dims"]).createOrReplaceTempView("dims")
    spark.read.parquet(files["facts"]).createOrReplaceTempView("facts")
    query = """
        select d.id, count(*) as n from dims d join facts f on d.id = f.key
        where d.id in (select key from facts where v % 97 = 0)
          and not exists (select 1 from facts g where g.key = d.id and g.v > 9990)
        group by d.id
    """
    pushed = sorted(tuple(r) for r in spark.sql(query).collect())
    spark.conf.set("spark.sql.optimizer.excludedRules", "push_semi_join_through_join")
    try:
        kept = sorted(tuple(r) for r in spark.sql(query).collect())
    finally:
        spark.conf.unset("spark.sql.optimizer.excludedRules")
    assert pushed == kept and pushed


def test_a_semi_join_moves_below_a_filter_of_its_left_input(spark: Any, files: dict[str, str]) -> None:
    dims, facts = spark.read.parquet(files["dims"]), spark.read.parquet(files["facts"])
    joined = dims.join(facts, dims.id == facts.key)
    kept = joined.filter(F.col("v") % 7 == F.col("grp"))  # reads both sides: stays above the join
    wanted = spark.createDataFrame([(3,), (5,)], ["w"])
    df = kept.join(wanted, kept.id == wanted.w, "left_semi")
    plan = optimized_plan(spark, df._plan)
    assert semi_parent(plan) is not L.Join  # past the filter, then past the inner join, to dims
    assert next(x for x in _walk(plan) if isinstance(x, L.Join)).how == "inner"
    assert sorted((r.id, r.v) for r in df.collect()) == sorted(
        (v % 1000 + 1, v) for v in range(10_000) if v % 1000 + 1 in (3, 5) and v % 7 == v % 10  # grp = (id - 1) % 10
    )
