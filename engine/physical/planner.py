"""Lowers an optimized logical plan into a DAG of stages cut at exchanges.

Narrow operators stay in one pipeline; a hash/range/single/broadcast exchange ends the
stage that produces the data and starts a read in the stage that consumes it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Any

from engine import types as T
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Attribute, Expr
from engine.logical import nodes as L
from engine.logical.conditions import conjoin
from engine.logical.nodes import LogicalPlan, output, to_attribute
from engine.logical.stats import estimate_bytes
from engine.physical import nodes as P
from engine.physical.joins import plan_join
from engine.physical.partitioning import hash_partitionings

_stage_ids = itertools.count(1)


def new_stage_id() -> int:
    """A stage id no other stage of this process has: backends cache a stage's plan by its id,
    so a stage whose plan changes (a local checkpoint's read of kept blocks) needs a new one."""
    return next(_stage_ids)


@dataclass(frozen=True)
class PlannerConf:
    """The planner's knobs (from the session's conf)."""

    shuffle_partitions: int = 8
    broadcast_threshold: int = 10 * 1024 * 1024
    scan_split_bytes: int = 128 * 1024 * 1024
    scan_open_cost: int = 4 * 1024 * 1024
    scan_min_splits: int = 1
    scan_spread_bytes: int = 0  # see engine.io.source.plan_splits
    # a global sort of an input estimated at most this size runs in one partition (-1: never)
    one_partition_sort_bytes: int = 16 * 1024 * 1024


@dataclass
class CachedData:
    """A cached plan's partitions: the stage that computes them and its kept outputs."""

    stage: P.Stage
    outputs: dict[int, Any] = field(default_factory=dict)  # map partition -> block handles
    lineage: dict[int, P.Stage] = field(default_factory=dict)  # stages it reads from: to recompute lost partitions


class Planner:
    """Builds the stages of one job; `plan()` returns them with the final stage last."""

    def __init__(self, conf: PlannerConf, cache: dict[int, CachedData] | None = None) -> None:
        self.conf = conf
        self.stages: dict[int, P.Stage] = {}
        self.cache = cache if cache is not None else {}
        self.cache_stages: dict[int, int] = {}  # cache id -> stage id used in this job
        self.exchanges: dict[tuple[P.PhysicalOp, P.StageOutput], P.Stage] = {}  # for reuse
        self.built: dict[LogicalPlan, P.PhysicalOp] = {}  # each logical subtree's operators

    # ------------------------------------------------------------------ entry points
    def plan(self, logical: LogicalPlan, out: P.StageOutput | None = None) -> list[P.Stage]:
        root = self.build(logical)
        final = self.new_stage(root, out or P.ResultOut(), "result")
        stages = list(self.stages.values())
        stages.remove(final)
        return [*stages, final]

    def new_stage(self, root: P.PhysicalOp, out: P.StageOutput, description: str = "") -> P.Stage:
        parents = tuple(sorted(_reads(root) | ({out.sample_stage} if isinstance(out, P.RangeOut) else set())))
        stage = P.Stage(new_stage_id(), root, num_partitions(root), out, parents, description)
        self.stages[stage.id] = stage
        return stage

    def exchange(self, op: P.PhysicalOp, out: P.StageOutput, description: str = "") -> P.ExchangeRead:
        """A read of `op`'s rows cut as `out` says, from a stage of its own, or from the stage an
        identical exchange of this job already has (Spark's ReuseExchange): q21's filtered orders
        feed three broadcast joins, computed once."""
        try:
            stage = self.exchanges.get((op, out))
        except TypeError:  # holds an unhashable value (a user's object in a literal): never shared
            stage = self.new_stage(op, out, description)
        else:
            if stage is None:
                stage = self.exchanges[(op, out)] = self.new_stage(op, out, description)
        match out:
            case (
                P.HashOut(num_partitions=p)
                | P.RangeOut(num_partitions=p)
                | P.RoundRobinOut(num_partitions=p)
                | P.DirectOut(num_partitions=p)
            ):
                return P.ExchangeRead(stage.id, p, "shuffle")
            case P.SingleOut():
                return P.ExchangeRead(stage.id, 1, "shuffle")
            case P.BroadcastOut():
                return P.ExchangeRead(stage.id, 1, "all")
            case _:
                raise ValueError(f"not an exchange: {out}")

    # ------------------------------------------------------------------ lowering
    def build(self, plan: LogicalPlan) -> P.PhysicalOp:
        """`plan` as physical operators; a subtree met twice (a DataFrame used in two places) gets
        the same ones, so the exchanges under it are one stage."""
        try:
            seen = self.built.get(plan)
        except TypeError:  # holds an unhashable value (a user's object): planned on its own
            return self._lower(plan)
        if seen is None:
            seen = self.built[plan] = self._lower(plan)
        return seen

    def _lower(self, plan: LogicalPlan) -> P.PhysicalOp:
        match plan:
            case L.FileScan():
                return self._scan(plan)
            case L.InMemory(partitions=parts, attrs=attrs, data_id=did):
                return P.MemoryExec(tuple(_rename(t, attrs) for t in parts), did)
            case L.Range(start=s, end=e, step=st, num_partitions=p, attr=a):
                return P.RangeExec(s, e, st, p, a.key)
            case L.Project(input=i, exprs=exprs):
                return P.ProjectExec(_narrowed(self.build(i), exprs), exprs)
            case L.Filter(input=i, condition=c):
                return P.FilterExec(self.build(i), c)
            case L.SubqueryAlias(input=i) | L.Hint(input=i):
                return self.build(i)
            case L.Aggregate():
                return self._aggregate(plan)
            case L.Distinct(input=i):
                return self._distinct(self.build(i), output(i))
            case L.Deduplicate(input=i, keys=keys):
                k = tuple(a.key for a in keys)
                local = P.DistinctExec(self.build(i), k)
                read = self.exchange(local, self._hash_out(k), "deduplicate")
                return P.DistinctExec(read, k)
            case L.Join():
                return plan_join(self, plan)
            case L.Sort(input=i, order=order, is_global=g):
                return self._sort(self.build(i), order, g, estimate_bytes(i) <= self.conf.one_partition_sort_bytes)
            case L.Limit():
                return self._limit(plan)
            case L.Union(inputs=inputs, attrs=attrs):
                children = tuple(self.build(i) for i in inputs)
                child_keys = tuple(tuple(a.key for a in output(i)) for i in inputs)
                return P.UnionExec(children, tuple(a.key for a in attrs), child_keys)
            case L.SetOp(left=lp, right=rp, kind=kind, all=all_):
                lk = tuple(a.key for a in output(lp))
                rk = tuple(a.key for a in output(rp))
                left = self.exchange(self.build(lp), self._hash_out(lk), f"{kind} left")
                right = self.exchange(self.build(rp), self._hash_out(rk), f"{kind} right")
                return P.SetOpExec(left, right, kind, all_, lk, rk)
            case L.Repartition():
                return self._repartition(plan)
            case L.Window(input=i, exprs=exprs, partition_by=pb, order_by=ob):
                return self._window(self.build(i), exprs, pb, ob)
            case L.Generate(input=i, generator=g, generated=gen, outer=outer):
                return P.GenerateExec(self.build(i), g, tuple(a.key for a in gen), outer)
            case L.Sample(input=i, fraction=f, with_replacement=w, seed=s):
                return P.SampleExec(self.build(i), f, w, s)
            case L.Cached(input=i, cache_id=cid):
                return self._cached(i, cid)
            case _:
                raise TypeError(f"cannot plan {type(plan).__name__}")

    def _scan(self, plan: L.FileScan) -> P.PhysicalOp:
        from engine.io.source import plan_splits, prune_splits
        from engine.physical.pushdown import to_arrow_predicate

        predicate = to_arrow_predicate(plan.filters, plan.attrs, plan.columns)
        conf = self.conf
        splits = plan_splits(
            plan.source, conf.scan_split_bytes, conf.scan_open_cost, conf.scan_min_splits, conf.scan_spread_bytes
        )
        splits = prune_splits(plan.source, splits, predicate)
        if not splits:
            import pyarrow as pa

            empty = pa.table({a.key: pa.array([], T.to_arrow(a.dtype)) for a in plan.attrs})
            return P.MemoryExec((empty,), n.new_id())  # its own identity: empties of other columns differ
        pushed = [f for f in plan.filters if to_arrow_predicate((f,), plan.attrs, plan.columns) is not None]
        condition = conjoin(pushed + [f for f in plan.filters if f not in pushed])  # simple comparisons first
        keys = tuple(a.key for a in plan.attrs)
        op = P.ScanExec(plan.source, tuple(splits), plan.columns, keys, condition)
        return op if condition is None else P.FilterExec(op, condition)

    def hashed(self, op: P.PhysicalOp, keys: tuple[str, ...], count: int, description: str) -> P.PhysicalOp:
        """`op` hash-partitioned by `keys` into `count` partitions: itself when it already is."""
        if (keys, count) in hash_partitionings(op, self.stages):
            return op
        return self.exchange(op, P.HashOut(keys, count), description)

    def _clustered(self, op: P.PhysicalOp, keys: tuple[str, ...]) -> bool:
        """Whether rows of `op` equal on `keys` already share a partition (hashed by some of the keys)."""
        return any(part and set(part) <= set(keys) for part, _ in hash_partitionings(op, self.stages))

    def _hash_out(self, keys: tuple[str, ...]) -> P.StageOutput:
        return P.HashOut(keys, self.conf.shuffle_partitions) if keys else P.SingleOut()

    def _two_phase(self, child: P.PhysicalOp, keys: tuple[str, ...], specs: tuple, what: str) -> P.PhysicalOp:
        from engine.compute.aggregate import supports_partial

        if keys and self._clustered(child, keys):
            return P.HashAggregateExec(child, keys, specs, "complete")
        if all(supports_partial(s.call) for s in specs):
            partial = P.HashAggregateExec(child, keys, specs, "partial")
            read = self.exchange(partial, self._hash_out(keys), f"{what} (partial)")
            return P.HashAggregateExec(read, keys, specs, "final")
        read = self.exchange(child, self._hash_out(keys), what)
        return P.HashAggregateExec(read, keys, specs, "complete")

    def _distinct(self, child: P.PhysicalOp, attrs: list[Attribute]) -> P.PhysicalOp:
        """The distinct rows of `child`. An attribute the input outputs twice (SELECT DISTINCT
        two, four, two) is one grouping key: the aggregate groups by each column once (Arrow
        cannot group by two columns of one name) and the repeat is projected back after."""
        unique = tuple(dict.fromkeys(attrs))
        if len(unique) == len(attrs):
            return self._two_phase(child, tuple(a.key for a in attrs), (), "distinct")
        narrowed = P.ProjectExec(child, unique)
        grouped = self._two_phase(narrowed, tuple(a.key for a in unique), (), "distinct")
        return P.ProjectExec(grouped, tuple(attrs))

    def _aggregate(self, plan: L.Aggregate) -> P.PhysicalOp:
        from engine.physical.aggregates import plan_aggregate

        return plan_aggregate(self, plan)

    def _sort(
        self, child: P.PhysicalOp, order: tuple[n.SortOrder, ...], is_global: bool, small: bool = False
    ) -> P.PhysicalOp:
        """A global sort by range partitioning, as Spark plans it (a sampling stage picks the
        bounds); an input estimated `small` (an aggregate's groups, as a query's final ORDER BY
        mostly sorts) is gathered into one partition and sorted there instead, which spares a
        stage and computing the input twice, and is where AQE's coalescing leaves Spark too."""
        if not is_global or num_partitions(child) <= 1:
            return P.SortExec(child, order)
        if small:
            return P.SortExec(self.exchange(child, P.SingleOut(), "sort (one partition)"), order)
        target = max(1, min(self.conf.shuffle_partitions, num_partitions(child)))
        sample = self.new_stage(child, P.SampleOut(order), "sort (sample range bounds)")
        read = self.exchange(child, P.RangeOut(order, target, sample.id), "sort (range exchange)")
        return P.SortExec(read, order)

    def _limit(self, plan: L.Limit) -> P.PhysicalOp:
        k = None if plan.n is None else plan.n + plan.offset
        inner = plan.input
        if isinstance(inner, L.Sort) and inner.is_global and k is not None:
            child = self.build(inner.input)
            local = P.SortExec(child, inner.order, limit=k)
            if num_partitions(child) > 1:
                local = P.SortExec(self.exchange(local, P.SingleOut(), "top-k"), inner.order, limit=k)
            return P.LimitExec(local, plan.n, plan.offset)
        child = self.build(inner)
        if num_partitions(child) > 1:
            local = P.LimitExec(child, k, 0) if k is not None else child
            child = self.exchange(local, P.SingleOut(), "limit")
        return P.LimitExec(child, plan.n, plan.offset)

    def _repartition(self, plan: L.Repartition) -> P.PhysicalOp:
        child = self.build(plan.input)
        num = plan.num_partitions or self.conf.shuffle_partitions
        if plan.kind == "coalesce":
            return P.CoalesceExec(child, max(1, min(num, num_partitions(child))))
        if plan.kind == "round_robin":
            return self.exchange(child, P.RoundRobinOut(num), "repartition (round robin)")
        if plan.kind == "range":
            order = tuple(k if isinstance(k, n.SortOrder) else n.SortOrder(k) for k in plan.keys)
            sample = self.new_stage(child, P.SampleOut(order), "repartitionByRange (sample)")
            return self.exchange(child, P.RangeOut(order, num, sample.id), "repartitionByRange")
        child, keys = project_keys(child, plan.input, plan.keys)
        if plan.kind == "direct":
            return self.exchange(child, P.DirectOut(keys[0], num), "repartitionById")
        return self.exchange(child, P.HashOut(keys, num), "repartition (hash)")

    def _window(self, child: P.PhysicalOp, exprs, partition_by, order_by) -> P.PhysicalOp:  # type: ignore[no-untyped-def]
        if partition_by:
            projected, keys = project_keys_op(child, partition_by)
            if self._clustered(projected, keys):
                return P.WindowExec(projected, exprs, partition_by, order_by)
            read = self.exchange(projected, P.HashOut(keys, self.conf.shuffle_partitions), "window")
        else:
            read = self.exchange(child, P.SingleOut(), "window (single partition)") if num_partitions(child) > 1 else child
        return P.WindowExec(read, exprs, partition_by, order_by)

    def _cached(self, plan: LogicalPlan, cache_id: int) -> P.PhysicalOp:
        entry = self.cache.get(cache_id)
        if entry is None:
            stage = self.new_stage(self.build(plan), P.BroadcastOut(), "cache")
            entry = CachedData(stage, lineage=_ancestors(stage, self.stages))
            self.cache[cache_id] = entry
        else:
            self.stages.update(entry.lineage)
            self.stages[entry.stage.id] = entry.stage
        self.cache_stages[cache_id] = entry.stage.id
        return P.ExchangeRead(entry.stage.id, entry.stage.num_partitions, "identity")

    def broadcastable(self, nbytes: int, factor: int = 1) -> bool:
        """Whether a side of `nbytes` (`estimate_bytes`) is small enough to broadcast: `factor`
        times the threshold (-1: never)."""
        threshold = self.conf.broadcast_threshold
        return threshold >= 0 and nbytes <= factor * threshold


def project_keys(child: P.PhysicalOp, plan: LogicalPlan, keys: tuple[Expr, ...]) -> tuple[P.PhysicalOp, tuple[str, ...]]:
    """Key columns for `keys`: attributes as they are, other expressions projected first."""
    return project_keys_op(child, keys, output(plan))


def project_keys_op(
    child: P.PhysicalOp, keys: tuple[Expr, ...], passthrough: tuple[Attribute, ...] | None = None
) -> tuple[P.PhysicalOp, tuple[str, ...]]:
    names: list[str] = []
    extra: list[Expr] = []
    for k in keys:
        inner = tr.strip_alias(k)
        if isinstance(inner, Attribute):
            names.append(inner.key)
        else:
            alias = n.Alias(inner, "_key")
            extra.append(alias)
            names.append(to_attribute(alias).key)
    if not extra:
        return child, tuple(names)
    return P.ProjectExec(child, tuple(extra), keep_input=True), tuple(names)


def _rename(table: Any, attrs: tuple[Attribute, ...]) -> Any:
    return table.rename_columns([a.key for a in attrs])


def _ancestors(stage: P.Stage, stages: dict[int, P.Stage]) -> dict[int, P.Stage]:
    """Every stage `stage` depends on, directly or not."""
    out: dict[int, P.Stage] = {}
    todo = list(stage.parents)
    while todo:
        sid = todo.pop()
        if sid not in out:
            out[sid] = stages[sid]
            todo.extend(stages[sid].parents)
    return out


def _reads(op: P.PhysicalOp) -> set[int]:
    if isinstance(op, P.ExchangeRead):
        return {op.stage_id}
    out: set[int] = set()
    for c in op_children(op):
        out |= _reads(c)
    return out


def op_children(op: P.PhysicalOp) -> tuple[P.PhysicalOp, ...]:
    match op:
        case P.ScanExec() | P.MemoryExec() | P.RangeExec() | P.ExchangeRead() | P.CachedRead():
            return ()
        case P.HashJoinExec(left=l, right=r) | P.NestedLoopJoinExec(left=l, right=r) | P.SetOpExec(left=l, right=r):
            return (l, r)
        case P.UnionExec(children=c):
            return c
        case _:
            return (op.child,)  # type: ignore[union-attr]


def num_partitions(op: P.PhysicalOp) -> int:
    """How many partitions (tasks) a pipeline rooted at `op` has."""
    match op:
        case P.ScanExec(splits=s):
            return len(s)
        case P.MemoryExec(partitions=p):
            return len(p)
        case P.RangeExec(num_partitions=p) | P.CoalesceExec(num_partitions=p):
            return p
        case P.ExchangeRead(num_partitions=p, mode=mode):
            return 1 if mode == "all" else p
        case P.UnionExec(children=c):
            return sum(num_partitions(x) for x in c)
        case P.HashJoinExec(left=l, right=r) | P.NestedLoopJoinExec(left=l, right=r) | P.SetOpExec(left=l, right=r):
            if isinstance(r, P.ExchangeRead) and r.mode == "all":
                return num_partitions(l)
            if isinstance(l, P.ExchangeRead) and l.mode == "all":
                return num_partitions(r)
            return num_partitions(l)
        case _:
            return num_partitions(op_children(op)[0])


def _narrowed(child: P.PhysicalOp, exprs: tuple[Expr, ...]) -> P.PhysicalOp:
    """`child`, a filter under a projection of `exprs`, keeping only the columns `exprs` read."""
    if not isinstance(child, P.FilterExec) or child.columns is not None:
        return child
    return replace(child, columns=frozenset(a.key for e in exprs for a in tr.attributes(e)))
