"""What each operator of a task's pipeline did: its output rows and its time, measured where the task runs.

Operators are named by their position in the stage's tree in pre-order (the root is 0,
then its first child's subtree, ...): physical nodes are frozen dataclasses, and two equal
operators may sit in one tree, so neither identity nor equality can key them. The UI
numbers the operators of the plan it draws the same way (`operator_children`).
"""

from __future__ import annotations

from dataclasses import dataclass
from time import perf_counter

import pyarrow as pa

from engine.physical import nodes as P
from engine.physical.planner import op_children


@dataclass(frozen=True, slots=True)
class OperatorMetrics:
    """One operator in one task: rows it produced, and its time.

    `time_ms` is inclusive (the operator and everything below it in the stage, as
    PostgreSQL's EXPLAIN ANALYZE reports it), `self_ms` exclusive (minus its children's
    inclusive time, as DuckDB's does). An operator run more than once in a task (under a
    coalesce) sums its runs; one not run at all (another branch of a union) is 0.
    """

    rows: int
    time_ms: float
    self_ms: float


@dataclass(frozen=True, slots=True)
class TaskMetrics:
    """One task attempt as its executor measured it: its run time and each operator's metrics."""

    run_ms: float  # from the executor taking the task up (input fetch included) to its output cut
    operators: tuple[OperatorMetrics, ...]  # by pre-order position in the stage's tree


def operator_children(root: P.PhysicalOp) -> tuple[tuple[int, ...], ...]:
    """For each pre-order position in the tree at `root`, the positions of its children.

    >>> operator_children(P.FilterExec(P.RangeExec(0, 9, 1, 1, "id"), condition=None))
    ((1,), ())
    """
    kids: list[tuple[int, ...]] = []

    def visit(op: P.PhysicalOp) -> int:
        at = len(kids)
        kids.append(())
        kids[at] = tuple(visit(c) for c in op_children(op))
        return at

    visit(root)
    return tuple(kids)


class TaskClock:
    """Counts and times every operator of one task's pipeline while it runs.

    A pair of `perf_counter` calls and a few additions per operator per task: cheap enough
    to be always on. Built from the stage's root; `execute` records each operator's output.
    Output bytes are not counted: Arrow's exact `nbytes` walks every buffer of every chunk
    (tens of microseconds per table, milliseconds for a read of many blocks), and the cheap
    total buffer size counts a slice's whole parent, overstating sliced outputs.
    """

    __slots__ = ("children", "rows", "seconds", "started")

    def __init__(self, root: P.PhysicalOp, started: float | None = None) -> None:
        self.children = operator_children(root)
        n = len(self.children)
        self.rows = [0] * n
        self.seconds = [0.0] * n
        self.started = perf_counter() if started is None else started  # a perf_counter() reading

    def record(self, at: int, table: pa.Table, seconds: float) -> None:
        """Operator `at` produced `table` in `seconds` (inclusive of its children)."""
        self.rows[at] += table.num_rows
        self.seconds[at] += seconds

    def finish(self) -> TaskMetrics:
        """The task's metrics, its run time ending now."""
        run_ms = (perf_counter() - self.started) * 1000
        ms = [s * 1000 for s in self.seconds]
        operators = tuple(
            OperatorMetrics(self.rows[i], ms[i], max(0.0, ms[i] - sum(ms[c] for c in kids)))
            for i, kids in enumerate(self.children)
        )
        return TaskMetrics(run_ms, operators)
