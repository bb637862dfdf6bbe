"""Aggregates of the same argument (TPC-H q01's sum(x) and avg(x)) read one projected column,
which the group-by converts and sums once."""

from __future__ import annotations

from typing import Any

from engine import functions as F
from engine.api.execution import physical_stages
from engine.physical import nodes as P
from engine.physical.planner import op_children


def _projections(op: P.PhysicalOp) -> list[P.ProjectExec]:
    found = [op] if isinstance(op, P.ProjectExec) else []
    return found + [p for child in op_children(op) for p in _projections(child)]


def test_sum_and_avg_of_one_column_share_its_argument_and_answer_as_apart(spark: Any) -> None:
    df = spark.createDataFrame([(k % 3, k * 1.5, k) for k in range(30)], "g int, x double, y long")
    both = df.groupBy("g").agg(F.sum("x"), F.avg("x"), F.count("x"), F.sum("y"), F.avg("y"), F.max("y"))
    _, stages = physical_stages(spark, both._plan)
    args = [
        e for s in stages for p in _projections(s.root) for e in p.exprs if getattr(e, "name", "") == "_arg"
    ]
    assert len(args) == 2  # x and y, each once
    want = {
        g: (
            sum(k * 1.5 for k in range(g, 30, 3)),
            sum(k * 1.5 for k in range(g, 30, 3)) / 10,
            10,
            sum(range(g, 30, 3)),
        )
        for g in range(3)
    }
    for r in both.collect():
        assert (r[1], r[2], r[3], r[4]) == want[r[0]]
        assert r[5] == want[r[0]][3] / 10 and r[6] == max(range(r[0], 30, 3))
