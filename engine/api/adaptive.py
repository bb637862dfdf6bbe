"""Adaptive execution: a join side whose size the plan cannot know is computed first, and the
rest of the query is planned knowing it.

Row estimates are weakest under a semi or anti join (IN, EXISTS) and under a filtered
aggregate (HAVING): TPC-H q18's ``IN (... HAVING sum(l_quantity) > 300)`` keeps 57 orders
of 1.5M, yet it is estimated at all of them, so 6M lineitem rows are shuffled to meet it.
Spark re-plans at its shuffle boundaries from map output statistics (AQE); engine does the
same at the one place it pays most: such a side of a join too large to broadcast by
estimate is run as a job of its own, its partitions kept in the object store like a
`cache()`, and replaced in the plan by a cached relation with its exact row count. The
planner then broadcasts it when it is small, and reads the kept partitions either way, so
the work is never done twice. Kept partitions are recomputed from lineage when lost, and
released when the query ends.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan
from engine.logical.stats import estimate_bytes
from engine.physical.planner import Planner
from engine.runtime.backend import Completion
from engine.runtime.scheduler import JobMetrics

if TYPE_CHECKING:
    from engine.api.session import Session

# a side estimated above this is not run ahead: were the estimate right, it could not be
# broadcast, and its partitions would cross the object store once more for nothing
_MAX_AHEAD_BYTES = 64 << 20

_ids = itertools.count(1 << 40)  # cache ids apart from those of `DataFrame.cache()`


class Materialized:
    """The join sides one query ran ahead; `release()` drops their kept partitions."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache_ids: list[int] = []
        self.metrics: list[JobMetrics] = []  # of each job that ran a side ahead

    def with_metrics_of(self, main: JobMetrics) -> JobMetrics:
        """What the query did in all: its main job plus every job run ahead (recoveries included)."""
        total = main
        for m in self.metrics:
            total = m.plus(total)
        return total

    def release(self) -> None:
        for cid in self.cache_ids:
            entry = self.session._cache.pop(cid, None)
            if entry is not None and entry.outputs:
                self.session._backend.release([b for blocks in entry.outputs.values() for b in blocks])
        self.cache_ids.clear()


def run_uncertain_sides(session: Session, plan: LogicalPlan, done: Materialized) -> LogicalPlan:
    """`plan` with every join side worth running ahead replaced by its kept, counted partitions."""
    from engine.api.execution import planner_conf

    if not session.conf.get_bool("spark.sql.adaptive.enabled", True):
        return plan
    threshold = planner_conf(session, plan).broadcast_threshold
    if threshold < 0:
        return plan

    def visit(p: LogicalPlan) -> LogicalPlan:
        p = L.with_children(p, tuple(visit(c) for c in L.children(p)))
        if not isinstance(p, L.Join) or p.condition is None:
            return p
        left, right = p.left, p.right
        if _worth_running(right, left, threshold) and p.how != "right":
            return L.with_children(p, (left, _run_ahead(session, right, done)))
        if _worth_running(left, right, threshold) and p.how in ("inner", "right"):
            return L.with_children(p, (_run_ahead(session, left, done), right))
        return p

    return visit(plan)


def _worth_running(side: LogicalPlan, other: LogicalPlan, threshold: int) -> bool:
    """Whether `side` should run ahead: its size is a guess, the guess keeps it from being
    broadcast, the other side cannot be broadcast instead, and running it is cheap enough."""
    size = estimate_bytes(side)
    return threshold < size <= _MAX_AHEAD_BYTES and estimate_bytes(other) > threshold and _uncertain(side)


def _uncertain(plan: LogicalPlan) -> bool:
    """Whether `plan`'s row estimate rests on a guess the planner cannot check: a semi or
    anti join, or a filter over an aggregate, not yet run ahead."""
    match plan:
        case L.Cached():
            return False
        case L.Join(how="left_semi" | "left_anti"):
            return True
        case L.Filter(input=L.Aggregate()):
            return True
    return any(_uncertain(c) for c in L.children(plan))


def _run_ahead(session: Session, side: LogicalPlan, done: Materialized) -> LogicalPlan:
    """Runs `side` as a job whose partitions stay in the object store; returns the cached
    relation standing for them, with their exact row count."""
    from engine.api.execution import eval_context, kept_outputs, planner_conf

    cache_id = next(_ids)
    cached = L.Cached(side, cache_id)
    planner = Planner(planner_conf(session, side), session._cache)
    planner.build(cached)
    done.cache_ids.append(cache_id)
    cache_stage = planner.stages[planner.cache_stages[cache_id]]
    lineage = [s for s in planner.stages.values() if s.id != cache_stage.id]
    counting = _RowCounting(session._backend, cache_stage.id)
    metrics = JobMetrics()
    done.metrics.append(metrics)  # before it runs: a failed query's metrics include this job's attempts
    ctx, kept = eval_context(session), kept_outputs(session, planner)
    result = session._ui.run_job([*lineage, cache_stage], counting, ctx, kept, metrics)
    session._cache[cache_id].outputs = result.outputs[cache_stage.id]
    if len(counting.rows) < cache_stage.num_partitions:  # a task that could not report: size unknown
        return cached
    return L.Cached(side, cache_id, rows=sum(counting.rows.values()))


class _RowCounting:
    """A backend that passes everything through and notes the output rows of one stage's tasks."""

    def __init__(self, backend: Any, stage_id: int) -> None:
        self._backend = backend
        self._stage_id = stage_id
        self.rows: dict[int, int] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def poll(self) -> list[Completion]:
        done = self._backend.poll()
        for c in done:
            if c.task.stage_id == self._stage_id and c.failure is None and c.metrics is not None:
                self.rows[c.task.partition] = c.metrics.operators[0].rows
        return done
