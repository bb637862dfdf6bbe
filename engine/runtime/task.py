"""Runs one task: a stage's pipeline over one partition, its output cut for the next stage.

This is the code every backend runs (a thread, a Ray actor): pure functions of the stage,
the partition index and the input blocks, so a retried or recomputed task gives exactly
the same rows.
"""

from __future__ import annotations

from dataclasses import replace
from time import perf_counter

import numpy as np
import pyarrow as pa

from engine.compute.allocator import purges_when_idle
from engine.compute.context import EvalContext
from engine.physical import nodes as P
from engine.physical.planner import num_partitions
from engine.runtime.input_file import input_file_of
from engine.runtime.narrow import empty_columns, filter_table, project
from engine.runtime.stream import hash_buckets, partial_aggregate, streamable
from engine.runtime.task_metrics import TaskClock

# A read key: ("bucket", stage, p) = bucket p of every map output of `stage`;
# ("all", stage, 0) = every block of `stage`; ("map", stage, p) = map p's whole output.
ReadKey = tuple[str, int, int]
Inputs = dict[ReadKey, list[pa.Table]]


def reads_for(op: P.PhysicalOp, p: int) -> list[ReadKey]:
    """The input blocks partition `p` of the pipeline `op` needs, in a stable order."""
    match op:
        case P.ExchangeRead(stage_id=s, mode="shuffle"):
            return [("bucket", s, p)]
        case P.ExchangeRead(stage_id=s, mode="all"):
            return [("all", s, 0)]
        case P.ExchangeRead(stage_id=s, mode="identity"):
            return [("map", s, p)]
        case P.ScanExec() | P.MemoryExec() | P.RangeExec() | P.CachedRead():
            return []
        case P.UnionExec(children=children):
            for child in children:
                k = num_partitions(child)
                if p < k:
                    return reads_for(child, p)
                p -= k
            return []
        case P.CoalesceExec(child=c, num_partitions=n):
            out: list[ReadKey] = []
            for q in _coalesced(num_partitions(c), n, p):
                out.extend(reads_for(c, q))
            return out
        case (
            P.HashJoinExec(left=l, right=r)
            | P.NestedLoopJoinExec(left=l, right=r)
            | P.SetOpExec(left=l, right=r)
        ):
            return reads_for(l, p) + reads_for(r, p)
        case _:
            return reads_for(op.child, p)  # type: ignore[union-attr]


def _coalesced(child_parts: int, n: int, p: int) -> range:
    return range(p * child_parts // n, (p + 1) * child_parts // n)


def execute(
    op: P.PhysicalOp, p: int, inputs: Inputs, ctx: EvalContext, clock: TaskClock, at: int = 0
) -> pa.Table:
    """The rows of partition `p` of the pipeline rooted at `op`, recorded in `clock` as operator `at`.

    `at` is `op`'s pre-order position in the stage's tree (see `engine.runtime.task_metrics`).
    """
    began = perf_counter()
    table = _compute(op, p, inputs, ctx, clock, at)
    clock.record(at, table, perf_counter() - began)
    return table


def _compute(
    op: P.PhysicalOp, p: int, inputs: Inputs, ctx: EvalContext, clock: TaskClock, at: int
) -> pa.Table:
    """`op`'s own work over its children's rows (each child timed by `execute` as its own operator)."""
    kids = clock.children[at]  # the children's positions, in `op_children` order

    def run(child: P.PhysicalOp, i: int = 0) -> pa.Table:
        return execute(child, p, inputs, ctx, clock, kids[i])

    match op:
        case P.ScanExec():
            from engine.runtime.narrow import read_scan

            return read_scan(op, op.splits[p], ctx)
        case P.MemoryExec(partitions=parts):
            return parts[p]
        case P.RangeExec(start=s, end=e, step=st, num_partitions=np_, key=key):
            return _range_partition(s, e, st, np_, p, key)
        case P.ExchangeRead(stage_id=s, mode=mode):
            blocks = inputs[
                ("bucket", s, p) if mode == "shuffle" else ("all", s, 0) if mode == "all" else ("map", s, p)
            ]
            return _concat(blocks)
        case P.ProjectExec(child=c, exprs=exprs, keep_input=keep):
            return project(run(c), exprs, keep, ctx)
        case P.FilterExec(child=c, condition=cond, columns=cols):
            return filter_table(run(c), cond, ctx, cols)
        case P.HashAggregateExec(child=c, keys=keys, specs=specs, mode=mode):
            from engine.compute.aggregate import aggregate

            if mode == "partial" and streamable(c):
                return partial_aggregate(op, p, ctx, clock, at)
            return aggregate(run(c), list(keys), list(specs), mode, ctx)
        case P.HashJoinExec(left=l, right=r):
            from engine.compute.join import hash_join

            return hash_join(run(l), run(r, 1), op, ctx)
        case P.NestedLoopJoinExec(left=l, right=r):
            from engine.compute.join import nested_loop_join

            return nested_loop_join(run(l), run(r, 1), op, ctx)
        case P.SortExec(child=c, order=order, limit=limit):
            from engine.compute.sort import sort_table

            return sort_table(run(c), order, ctx, limit)
        case P.LimitExec(child=c, n=k, offset=off):
            table = run(c)
            return table.slice(off, k) if k is not None else table.slice(off)
        case P.UnionExec(children=children, keys=keys, child_keys=child_keys):
            for i, (child, ck) in enumerate(zip(children, child_keys)):
                k = num_partitions(child)
                if p < k:  # a branch's partition runs as its own partition p, as in Spark's
                    # UnionRDD: rand() / spark_partition_id() there see the branch's index
                    return (
                        execute(child, p, inputs, replace(ctx, partition_index=p), clock, kids[i])
                        .select(list(ck))
                        .rename_columns(list(keys))
                    )
                p -= k
            raise IndexError("union partition out of range")
        case P.CoalesceExec(child=c, num_partitions=n):
            pieces = [execute(c, q, inputs, ctx, clock, kids[0]) for q in _coalesced(num_partitions(c), n, p)]
            return _concat(pieces)
        case P.WindowExec(child=c):
            from engine.compute.window import window

            return window(run(c), op, ctx)
        case P.GenerateExec(child=c):
            from engine.compute.generate import generate

            return generate(run(c), op, ctx)
        case P.SampleExec(child=c):
            from engine.compute.sample import sample

            return sample(run(c), op, ctx)
        case P.DistinctExec(child=c, keys=keys):
            from engine.compute.setops import distinct_rows

            return distinct_rows(run(c), keys)
        case P.DistinctKeysExec(child=c, key=key):
            from engine.compute.join_direct import distinct_keys

            return distinct_keys(run(c), key)
        case P.SetOpExec(left=l, right=r):
            from engine.compute.setops import set_op

            return set_op(run(l), run(r, 1), op, ctx)
        case P.CachedRead(cache_id=cid):
            from engine.errors import SparkRuntimeException

            raise SparkRuntimeException(
                f"[CHECKPOINT_PARTITION_LOST] Partition {p} of local checkpoint {cid} was lost with its node "
                "and cannot be recomputed: localCheckpoint() truncates lineage. Use checkpoint() (written to "
                "spark.checkpoint.dir) when partitions must survive node failures.",
                "CHECKPOINT_PARTITION_LOST",
            )
        case _:
            raise TypeError(f"cannot execute {type(op).__name__}")


def run_task(
    stage: P.Stage, p: int, inputs: Inputs, ctx: EvalContext, clock: TaskClock | None = None
) -> list[pa.Table]:
    """Computes partition `p` of `stage` and returns its output blocks (one per bucket).

    Each operator's rows and time go to `clock` (made for `stage.root`) when one is given.
    """
    # An allocator that keeps freed pages for reuse and never returns them by itself would
    # hold gigabytes in an idle executor after a large task: hand them back first.
    if not purges_when_idle():
        pa.default_memory_pool().release_unused()
    ctx = replace(ctx, partition_index=p, input_file=input_file_of(stage.root, p))
    clock = clock or TaskClock(stage.root)
    if isinstance(stage.output, P.HashOut) and streamable(stage.root):
        return hash_buckets(stage.root, stage.output.keys, stage.output.num_partitions, p, ctx, clock)
    table = execute(stage.root, p, inputs, ctx, clock)
    match stage.output:
        case P.HashOut(keys=keys, num_partitions=n):
            from engine.compute.hashing import partition_ids, split_by_ids

            return split_by_ids(table, partition_ids(table, keys, n), n)
        case P.RangeOut(order=order, num_partitions=n, sample_stage=s):
            from engine.compute.hashing import split_by_ids
            from engine.compute.sort import range_bounds, range_partition_ids

            bounds = range_bounds(_concat(inputs[("all", s, 0)]), order, n, ctx)
            return split_by_ids(table, range_partition_ids(table, order, bounds, ctx), n)
        case P.RoundRobinOut(num_partitions=n):
            from engine.compute.hashing import split_by_ids

            return split_by_ids(table, _round_robin_ids(table, p, n), n)
        case P.DirectOut(key=key, num_partitions=n):
            from engine.compute.hashing import direct_partition_ids, split_by_ids

            return split_by_ids(table, direct_partition_ids(table.column(key), n), n)
        case P.SampleOut(order=order, per_partition=k):
            from engine.compute.sort import sample_sort_keys

            return [sample_sort_keys(table, order, k, ctx)]
        case P.WriteOut(job=job, columns=cols, names=names):
            from engine.io.write import write_partition

            files = write_partition(job, p, table.select(list(cols)).rename_columns(list(names)))
            return [pa.table({"file": pa.array(files, pa.string())})]
        case _:
            return [table]


def _round_robin_ids(table: pa.Table, p: int, n: int) -> np.ndarray:
    """Round-robin targets that do not depend on the order rows arrived in.

    Rows are dealt out in the order of a stable hash of all their columns, so a recomputed
    map task (whose input may arrive in another order) sends every row where the lost
    attempt sent it; identical rows are interchangeable, so ties need no further order.
    """
    from engine.compute.hashing import hash_columns

    ids = np.empty(table.num_rows, dtype=np.int64)
    order = np.argsort(hash_columns(table, table.column_names), kind="stable")
    ids[order] = (np.arange(table.num_rows, dtype=np.int64) + p) % n
    return ids


def _concat(blocks: list[pa.Table]) -> pa.Table:
    if len(blocks) == 1:
        return blocks[0]
    nonempty = [b for b in blocks if b.num_columns]
    if not nonempty:
        return empty_columns(sum(b.num_rows for b in blocks))
    return pa.concat_tables(nonempty, promote_options="none")


def _range_partition(start: int, end: int, step: int, parts: int, p: int, key: str) -> pa.Table:
    count = max(0, -(-(end - start) // step)) if step > 0 else max(0, -(-(start - end) // -step))
    lo = count * p // parts
    hi = count * (p + 1) // parts
    values = start + np.arange(lo, hi, dtype=np.int64) * step
    return pa.table({key: pa.array(values, pa.int64())})
