"""A stage's scan read a piece at a time and pushed through its narrow operators.

A task that reads its whole split before filtering holds every scanned column of ~1.5M
rows at once (hundreds of MB at TPC-H SF1), though a partial aggregate or a shuffle split
above the scan keeps far less. Where the pipeline between the scan and that consumer is
only row-wise filters and projections, the task reads runs of row groups of about
`PIECE_ROWS` rows, and the consumer takes each piece as it comes: a partial aggregate
folds the pieces' states together, a shuffle map appends each piece's rows to its
buckets. Peak memory is then one piece plus the consumer's output.

Pieces are read in row-group order and expressions are row-local, so a retried task
yields exactly the rows of the attempt it replaces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from time import perf_counter

import pyarrow as pa

from engine.compute.aggregate import aggregate
from engine.compute.context import EvalContext
from engine.compute.expr_eval import is_row_local
from engine.compute.hashing import partition_ids, split_by_ids
from engine.expr.nodes import Attribute
from engine.expr.traverse import attributes, strip_alias
from engine.io.source import split_pieces
from engine.logical.nodes import to_attribute
from engine.physical import nodes as P
from engine.runtime.narrow import filter_table, project, read_scan
from engine.runtime.task_metrics import TaskClock

PIECE_ROWS = 262_144  # a few Parquet row groups: large enough that per-piece calls are noise
_FOLD_ROWS = 4 * PIECE_ROWS  # partial states held before they are merged into one table


def streamable(op: P.PhysicalOp) -> bool:
    """Whether `op` is a Parquet scan under row-local filters and projections only."""
    match op:
        case P.ScanExec(source=src):
            return src.format == "parquet"
        case P.FilterExec(child=c, condition=cond):
            return is_row_local(cond) and streamable(c)
        case P.ProjectExec(child=c, exprs=exprs):
            return all(map(is_row_local, exprs)) and streamable(c)
        case _:
            return False


def pieces(
    op: P.PhysicalOp, p: int, ctx: EvalContext, clock: TaskClock, at: int, coded: frozenset[str] = frozenset()
) -> Iterator[pa.Table]:
    """Partition `p` of the streamable pipeline `op`, piece by piece; every operator's rows and
    time (inclusive of the operators below it) are added to `clock` as each piece passes. The
    scan's `coded` columns stay dictionaries (see `coded_group_keys`)."""
    match op:
        case P.ScanExec(source=src, splits=splits):
            for piece in split_pieces(src, splits[p], PIECE_ROWS):
                began = perf_counter()
                table = read_scan(op, piece, ctx, coded)
                clock.record(at, table, perf_counter() - began)
                yield table
        case P.FilterExec(child=c, condition=cond, columns=cols):
            below = pieces(c, p, ctx, clock, clock.children[at][0], coded)
            yield from _each(below, clock, at, lambda t: filter_table(t, cond, ctx, cols))
        case P.ProjectExec(child=c, exprs=exprs, keep_input=keep):
            below = pieces(c, p, ctx, clock, clock.children[at][0], coded)
            yield from _each(below, clock, at, lambda t: project(t, exprs, keep, ctx))
        case _:
            raise TypeError(f"{type(op).__name__} cannot be streamed")


def _each(
    below: Iterator[pa.Table], clock: TaskClock, at: int, work: Callable[[pa.Table], pa.Table]
) -> Iterator[pa.Table]:
    while True:
        began = perf_counter()
        table = next(below, None)
        if table is None:
            return
        out = work(table)
        clock.record(at, out, perf_counter() - began)
        yield out


def partial_aggregate(
    op: P.HashAggregateExec, p: int, ctx: EvalContext, clock: TaskClock, at: int
) -> pa.Table:
    """The partial aggregate `op` of partition `p`, its input streamed: one row of states per group."""
    keys, specs = list(op.keys), list(op.specs)
    states: list[pa.Table] = []
    held = 0
    for piece in pieces(op.child, p, ctx, clock, clock.children[at][0], coded_group_keys(op)):
        states.append(aggregate(piece, keys, specs, "partial", ctx))
        held += states[-1].num_rows
        if len(states) > 1 and held > _FOLD_ROWS:
            states = [aggregate(pa.concat_tables(states), keys, specs, "merge", ctx)]
            held = states[0].num_rows
    if len(states) == 1:
        return states[0]
    return aggregate(pa.concat_tables(states), keys, specs, "merge", ctx)


def coded_group_keys(op: P.HashAggregateExec) -> frozenset[str]:
    """The scan columns of the streamable pipeline under `op` that reach it only as group keys,
    passed along unchanged: those may stay Parquet's dictionaries up to the group-by, which then
    groups their codes (TPC-H q01's flags: no strings expanded, copied by the filter or hashed).
    A column any filter, expression or aggregate argument reads, under any name, is expanded
    as usual."""
    chain: list[P.PhysicalOp] = []
    node = op.child
    while not isinstance(node, P.ScanExec):
        if not isinstance(node, P.FilterExec | P.ProjectExec):
            return frozenset()
        chain.append(node)
        node = node.child
    source = {k: k for k in node.keys}  # column key -> the scan column it carries unchanged
    spoiled: set[str] = set()
    for step in reversed(chain):
        if isinstance(step, P.FilterExec):
            spoiled |= {source[a.key] for a in attributes(step.condition) if a.key in source}
            continue
        passed = dict(source) if step.keep_input else {}
        for e in step.exprs:
            inner = strip_alias(e)
            if isinstance(inner, Attribute) and inner.key in source:
                passed[to_attribute(e).key] = source[inner.key]
            else:
                passed.pop(to_attribute(e).key, None)
                spoiled |= {source[a.key] for a in attributes(e) if a.key in source}
        source = passed
    read = {k for s in op.specs for k in s.arg_keys} | {s.filter_key for s in op.specs}
    spoiled |= {source[k] for k in read if k in source}
    return frozenset(source[k] for k in op.keys if k in source) - spoiled


def hash_buckets(
    root: P.PhysicalOp, keys: tuple[str, ...], n: int, p: int, ctx: EvalContext, clock: TaskClock
) -> list[pa.Table]:
    """Partition `p` of the streamable pipeline `root` cut into `n` buckets by the hash of `keys`."""
    buckets: list[list[pa.Table]] = [[] for _ in range(n)]
    for piece in pieces(root, p, ctx, clock, 0):
        for b, rows in enumerate(split_by_ids(piece, partition_ids(piece, keys, n), n)):
            buckets[b].append(rows)
    return [parts[0] if len(parts) == 1 else pa.concat_tables(parts) for parts in buckets]
