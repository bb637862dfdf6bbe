"""Tasks give the same rows however often they run: what lineage recovery relies on."""

from __future__ import annotations

import pyarrow as pa

from engine.compute.context import EvalContext
from engine.physical import nodes as P
from engine.runtime.task import run_task


def _round_robin(table: pa.Table) -> list[set[tuple[int, str]]]:
    stage = P.Stage(1, P.MemoryExec((table,)), 1, P.RoundRobinOut(3), ())
    return [
        set(zip(b.column("k").to_pylist(), b.column("v").to_pylist()))
        for b in run_task(stage, 0, {}, EvalContext())
    ]


def test_round_robin_sends_each_row_to_the_same_bucket_whatever_order_rows_arrive_in() -> None:
    table = pa.table({"k": list(range(20)) + [7, 7], "v": [str(i % 4) for i in range(20)] + ["3", "3"]})
    shuffled = table.take(pa.array([21, 5, 3, 19, 0, 7, 20, *range(8, 19), 1, 2, 4, 6]))
    assert _round_robin(table) == _round_robin(shuffled)


def test_round_robin_balances_buckets() -> None:
    table = pa.table({"k": list(range(30)), "v": ["x"] * 30})
    assert [len(b) for b in _round_robin(table)] == [10, 10, 10]
