"""Tasks give the same rows however often they run: what lineage recovery relies on."""

from __future__ import annotations

import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.expr import nodes as n
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


def _chunked(n_chunks: int, rows: int) -> pa.Table:
    """A partition arriving as `n_chunks` record batches (as a scan of row groups gives it)."""
    return pa.Table.from_batches(
        [pa.record_batch({"x#1": pa.array(range(i * rows, (i + 1) * rows), pa.int64())}) for i in range(n_chunks)]
    )


def _run(op: P.PhysicalOp, table: pa.Table) -> pa.Table:
    stage = P.Stage(1, op, 1, P.SingleOut(), ())
    (out,) = run_task(stage, 0, {}, EvalContext())
    return out


X = n.Attribute("x", T.LongType(), False, 1)


def test_filter_and_project_over_chunks_match_one_batch() -> None:
    table = _chunked(3, 80_000)
    odd = n.Call("=", (n.Call("%", (X, n.Literal(2, T.LongType())), T.LongType()), n.Literal(1, T.LongType())), T.BooleanType())
    doubled = n.Alias(n.Call("*", (X, n.Literal(2, T.LongType())), T.LongType()), "y", id=2)
    plan = P.ProjectExec(P.FilterExec(P.MemoryExec((table,)), odd), (doubled,), False)
    whole = P.ProjectExec(P.FilterExec(P.MemoryExec((table.combine_chunks(),)), odd), (doubled,), False)
    assert _run(plan, table).equals(_run(whole, table))
    assert _run(plan, table).column(0).num_chunks == 3  # evaluated chunk by chunk, not copied into one


def test_rand_keeps_one_sequence_across_the_chunks_of_a_partition() -> None:
    table = _chunked(3, 40_000)
    noise = n.Alias(n.Call("rand", (n.Literal(7, T.LongType()),), T.DoubleType()), "r", id=3)
    chunked = _run(P.ProjectExec(P.MemoryExec((table,)), (noise,), False), table)
    whole = _run(P.ProjectExec(P.MemoryExec((table.combine_chunks(),)), (noise,), False), table)
    assert chunked.column(0).to_pylist() == whole.column(0).to_pylist()
    assert len(set(chunked.column(0).to_pylist()[:40_000]) & set(chunked.column(0).to_pylist()[40_000:80_000])) == 0
