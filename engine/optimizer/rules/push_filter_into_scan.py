"""Hands filter conditions to the file scan, for partition pruning and row-group skipping."""

from __future__ import annotations

from dataclasses import replace

from engine.logical.nodes import FileScan, Filter, LogicalPlan
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import conjoin, is_deterministic, split_conjuncts


@node_rule()
def push_filter_into_scan(plan: LogicalPlan) -> LogicalPlan:
    """Filter(c, FileScan(filters=f)) -> FileScan(filters=f + c).

    Before: ``Filter (k#1 > 1) / Relation [k#1, v#2] parquet``
    After:  ``Relation [k#1, v#2] parquet, PushedFilters: [(k#1 > 1)]``

    The planner turns the parts pyarrow evaluates exactly into a scan predicate (to skip
    partitions and row groups) and applies every pushed filter again, with engine's own
    semantics, right after the scan, so the Filter above is no longer needed.
    Non-deterministic conjuncts stay above.
    """
    match plan:
        case Filter(input=FileScan(filters=pushed) as scan, condition=cond):
            down = [c for c in split_conjuncts(cond) if is_deterministic(c)]
            up = [c for c in split_conjuncts(cond) if not is_deterministic(c)]
            if not down:
                return plan
            new = replace(scan, filters=tuple(dict.fromkeys([*pushed, *down])))
            rest = conjoin(up)
            return new if rest is None else Filter(new, rest)
        case _:
            return plan
