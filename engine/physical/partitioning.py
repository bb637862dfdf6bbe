"""How a pipeline's output is already hash-partitioned, so the planner skips exchanges that would
repeat a shuffle (Spark's outputPartitioning, checked by EnsureRequirements).

A join on ``o_orderkey`` reads both sides hashed by it; the join's output is then still
hashed by ``o_orderkey``, so a second join or an aggregate on that key can run in the
same tasks instead of shuffling the joined rows again (TPC-H q18, q21).
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.expr import nodes as n
from engine.logical.nodes import to_attribute
from engine.physical import nodes as P

# (key columns in order, number of partitions): rows equal on the keys share a partition,
# chosen by the shuffle's hash of those columns in that order.
Partitioning = tuple[tuple[str, ...], int]

# Join types whose output keeps every row of a side in the partition it was read from,
# with that side's key values unchanged (never null-extended).
_KEEPS_LEFT = (
    "inner",
    "cross",
    "left",
    "left_outer",
    "left_semi",
    "semi",
    "leftsemi",
    "left_anti",
    "anti",
    "leftanti",
)
_KEEPS_RIGHT = ("inner", "cross", "right", "right_outer")


def hash_partitionings(op: P.PhysicalOp, stages: Mapping[int, P.Stage]) -> frozenset[Partitioning]:
    """Every hash partitioning `op`'s output is known to have (empty when none is known)."""
    match op:
        case P.ExchangeRead(stage_id=sid, mode="shuffle"):
            out = stages[sid].output
            return frozenset({(out.keys, out.num_partitions)}) if isinstance(out, P.HashOut) else frozenset()
        case P.FilterExec(child=c) | P.SortExec(child=c) | P.LimitExec(child=c) | P.SampleExec(child=c):
            return hash_partitionings(c, stages)
        case P.WindowExec(child=c):
            return hash_partitionings(c, stages)
        case P.ProjectExec(child=c, exprs=exprs, keep_input=keep):
            return _through_project(hash_partitionings(c, stages), exprs, keep)
        case P.HashAggregateExec(child=c, keys=keys) | P.DistinctExec(child=c, keys=keys):
            return frozenset(p for p in hash_partitionings(c, stages) if set(p[0]) <= set(keys))
        case P.HashJoinExec(left=left, right=right, how=how, left_out=lo, right_out=ro):
            out: set[Partitioning] = set()
            if how in _KEEPS_LEFT and not _broadcast(left):
                out |= {p for p in hash_partitionings(left, stages) if set(p[0]) <= set(lo)}
            if how in _KEEPS_RIGHT and not _broadcast(right):
                out |= {p for p in hash_partitionings(right, stages) if set(p[0]) <= set(ro)}
            return frozenset(out)
        case _:
            return frozenset()


def _broadcast(op: P.PhysicalOp) -> bool:
    return isinstance(op, P.ExchangeRead) and op.mode == "all"


def _through_project(
    parts: frozenset[Partitioning], exprs: tuple[n.Expr, ...], keep_input: bool
) -> frozenset[Partitioning]:
    """The partitionings that survive a projection: keys passed on as they are or renamed."""
    carried: dict[str, str] = {}  # input column -> an output column with the same values
    for e in exprs:
        if isinstance(e, n.Attribute):
            carried.setdefault(e.key, e.key)
        elif isinstance(e, n.Alias) and isinstance(e.child, n.Attribute):
            carried.setdefault(e.child.key, to_attribute(e).key)
    out: set[Partitioning] = set(parts) if keep_input else set()
    for keys, count in parts:
        if all(k in carried for k in keys):
            out.add((tuple(carried[k] for k in keys), count))
    return frozenset(out)
