"""A semi or anti join against a broadcast side on one integer key looks its probe rows up
before the filter over their scan runs: the lookup is cheap and drops rows whatever the order,
so the filter's condition is computed only on the rows that stay, and the rows both keep are
copied once (the join carries the condition as its probe filter). An inner join against a
broadcast side that is less than a whole table gets such a semi join ahead of its probe side's
filter. The answer is the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine import functions as F
from engine.api.execution import physical_stages
from engine.api.explain import explain_string
from engine.physical import nodes as P
from engine.physical.planner import op_children


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    rows = 3_000
    facts = pa.table(
        {"k": [i % 400 for i in range(rows)], "a": [i % 7 for i in range(rows)], "b": list(range(rows))}
    )
    keys = pa.table({"k": list(range(0, 400, 3)), "s": [str(k) for k in range(0, 400, 3)]})
    pq.write_table(facts, tmp_path / "facts.parquet", row_group_size=500)
    pq.write_table(keys, tmp_path / "keys.parquet")
    return {"facts": str(tmp_path / "facts.parquet"), "keys": str(tmp_path / "keys.parquet")}


def _ops(op: P.PhysicalOp) -> list[P.PhysicalOp]:
    return [op, *(x for c in op_children(op) for x in _ops(c))]


def _joins_over_scans(spark: Any, df: Any) -> list[P.HashJoinExec]:
    _, stages = physical_stages(spark, df._plan)
    ops = [op for s in stages for op in _ops(s.root)]
    return [op for op in ops if isinstance(op, P.HashJoinExec) and isinstance(op.left, P.ScanExec)]


@pytest.mark.parametrize("how", ["left_semi", "left_anti"])
def test_a_filtered_scan_is_looked_up_before_it_is_filtered(
    spark: Any, files: dict[str, str], how: str
) -> None:
    facts = spark.read.parquet(files["facts"]).filter(F.col("a") < F.col("b") % 5)
    keys = spark.read.parquet(files["keys"]).filter(F.col("s") != "9").select("k")
    df = facts.join(keys, "k", how).select("b")
    (join,) = _joins_over_scans(spark, df)
    assert join.probe_filter is not None and "ProbeFilter (a#" in explain_string(df)
    wanted = {k for k in range(0, 400, 3) if str(k) != "9"}
    expected = sorted(
        i for i in range(3_000) if i % 7 < i % 5 and ((i % 400 in wanted) == (how == "left_semi"))
    )
    assert sorted(r[0] for r in df.collect()) == expected


def test_a_filter_with_a_random_condition_keeps_its_place(spark: Any, files: dict[str, str]) -> None:
    facts = spark.read.parquet(files["facts"]).filter(F.rand(1) < 2)
    keys = spark.read.parquet(files["keys"]).select("k")
    df = facts.join(keys, "k", "left_semi").select("b")
    assert _joins_over_scans(spark, df) == []
    assert df.count() == len([i for i in range(3_000) if i % 400 % 3 == 0])


@pytest.mark.parametrize("build_side", ["right", "left"])
def test_an_inner_join_with_a_filtered_broadcast_side_looks_its_probe_rows_up_first(
    spark: Any, files: dict[str, str], build_side: str
) -> None:
    facts = spark.read.parquet(files["facts"]).filter(F.col("a") < F.col("b") % 5)
    keys = spark.read.parquet(files["keys"]).filter(F.col("s") != "9")
    df = (facts.join(keys, "k") if build_side == "right" else F.broadcast(keys).join(facts, "k")).select("b", "s")
    semis = [j for j in _joins_over_scans(spark, df) if j.how == "left_semi"]
    assert len(semis) == 1
    wanted = {k for k in range(0, 400, 3) if str(k) != "9"}
    expected = sorted((i, str(i % 400)) for i in range(3_000) if i % 7 < i % 5 and i % 400 in wanted)
    assert sorted(tuple(r) for r in df.collect()) == expected


def test_an_inner_join_with_a_whole_table_broadcast_keeps_its_plan(spark: Any, files: dict[str, str]) -> None:
    facts = spark.read.parquet(files["facts"]).filter(F.col("a") < F.col("b") % 5)
    keys = spark.read.parquet(files["keys"])
    df = facts.join(keys, "k").select("b", "s")
    assert _joins_over_scans(spark, df) == []
    assert df.count() == len([i for i in range(3_000) if i % 7 < i % 5 and i % 400 % 3 == 0])
