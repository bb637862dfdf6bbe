"""A scalar subquery and its query computing the same relation once.

TPC-H q15 asks for the suppliers whose revenue equals ``(SELECT max(total_revenue) FROM
revenue0)``, and q11 for the parts worth more than a share of ``(SELECT sum(...) FROM <the
same join>)``: the subquery's input is also the query's. Spark's ReuseSubquery /
ReuseExchange share such work; engine runs the shared relation once, ahead, keeps its
partitions like a ``cache()`` (adaptive.py's run-ahead) and has both the subquery and the
query read them. Only a relation that does real work (a join or an aggregate) and is
estimated small enough to keep is shared; its partitions are released when the query ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.api.adaptive import _MAX_AHEAD_BYTES, Materialized, _run_ahead
from engine.api.semantics import renumbered
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output
from engine.logical.stats import estimate_bytes

if TYPE_CHECKING:
    from engine.api.session import Session

_MIN_SHARED_INPUT_BYTES = 100 << 20


def share_with_subqueries(session: Session, plan: LogicalPlan, ahead: Materialized) -> LogicalPlan:
    """`plan` with each relation it shares with one of its uncorrelated scalar subqueries run
    once ahead and read, by the query and by the subquery, from the kept partitions."""
    from engine.api.execution import optimized_plan

    if not session.conf.get_bool("spark.sql.adaptive.enabled", True):
        return plan
    for sq in _scalar_subqueries(plan):
        # a shape costs a walk of its whole subtree: only a subquery with a relation worth
        # sharing (q22's 14 MB customer filter is not) pays for the query's shapes
        candidates = [s for s in _subtrees(sq.plan) if _worth_sharing(s)]
        if not candidates:
            continue
        shapes = [(p, _shape(p)) for p in _subtrees(plan)]
        known = {shape for _, shape in shapes}
        shared = next((s for s in candidates if _shape(s) in known), None)
        if shared is None:
            continue
        shape = _shape(shared)
        instances = [(sq.plan, shared)] + [(plan, p) for p, other in shapes if other == shape]
        used = sorted(set().union(*(_columns_used(whole, part) for whole, part in instances)))
        side = optimized_plan(session, L.Project(shared, tuple(output(shared)[i] for i in used)))
        if estimate_bytes(side) > _MAX_AHEAD_BYTES:
            continue
        kept = _run_ahead(session, side, ahead)
        inner = _replace(sq.plan, shape, kept, used)
        plan = _replace(plan, shape, kept, used)
        plan = _replace_subquery(plan, sq, n.ScalarSubquery(inner, sq.dtype))
    return plan


def _columns_used(whole: LogicalPlan, part: LogicalPlan) -> set[int]:
    """Positions of `part`'s output columns that the rest of `whole` reads."""
    inside = {id(p) for p in _subtrees(part)}
    read = {
        a.id
        for p in _subtrees(whole)
        if id(p) not in inside
        for e in L.expressions(p)
        for a in tr.attributes(e)
    }
    read |= {a.id for a in output(whole)}
    return {i for i, a in enumerate(output(part)) if a.id in read}


def _scalar_subqueries(plan: LogicalPlan) -> list[n.ScalarSubquery]:
    found: list[n.ScalarSubquery] = []
    for p in _subtrees(plan):
        for e in L.expressions(p):
            found.extend(x for x in tr.walk(e) if isinstance(x, n.ScalarSubquery))
    return found


def _subtrees(plan: LogicalPlan) -> list[LogicalPlan]:
    """Every node of `plan`, parents before their children (largest relations first)."""
    out = [plan]
    for c in L.children(plan):
        out.extend(_subtrees(c))
    return out


def _shape(plan: LogicalPlan) -> str:
    """What `plan` computes, whatever its attribute ids and column names (as sameSemantics).

    Aliases of relations and projections that only give every column a new id are left out:
    the analyzer adds the latter where a subquery reads a table its query reads too, so
    that their columns stay apart.
    """
    renames: dict[int, int] = {}
    return repr(renumbered(_without_renames(plan, renames), _Renumbering(renames)))


def _without_renames(plan: LogicalPlan, renames: dict[int, int]) -> LogicalPlan:
    kids = L.children(plan)
    new = tuple(_without_renames(c, renames) for c in kids)
    if not all(a is b for a, b in zip(kids, new)):
        plan = L.with_children(plan, new)
    if isinstance(plan, L.SubqueryAlias):  # qualifies names only
        return plan.input
    if isinstance(plan, L.Project):
        inputs = output(plan.input)
        sources = [e.child if isinstance(e, n.Alias) else e for e in plan.exprs]
        if len(sources) == len(inputs) and all(isinstance(x, n.Attribute) and x.id == a.id for x, a in zip(sources, inputs)):
            renames.update({e.id: x.id for e, x in zip(plan.exprs, sources) if isinstance(e, n.Alias)})  # type: ignore[union-attr]
            return plan.input
    return plan


class _Renumbering(dict):  # type: ignore[type-arg]
    """Ids numbered in order of appearance, a renamed column's id as the column it renames."""

    def __init__(self, renames: dict[int, int]) -> None:
        super().__init__()
        self.renames = renames

    def setdefault(self, key: int, default: int) -> int:  # type: ignore[override]
        while key in self.renames:
            key = self.renames[key]
        return super().setdefault(key, len(self))


def _worth_sharing(plan: LogicalPlan) -> bool:
    """A relation that joins or aggregates at least `_MIN_SHARED_INPUT_BYTES` of files, without
    a subquery or cached data of its own: below that, computing it twice costs less than the
    job that keeps it (TPC-H q11's 45 MB join on Ray: 156 ms computed twice, 189 ms shared)."""
    from engine.io.source import source_stats

    nodes = _subtrees(plan)
    if any(isinstance(p, L.Cached) for p in nodes) or _scalar_subqueries(plan):
        return False
    if not any(isinstance(p, L.Join | L.Aggregate) for p in nodes):
        return False
    return sum(source_stats(p.source)[1] for p in nodes if isinstance(p, L.FileScan)) >= _MIN_SHARED_INPUT_BYTES


def _reading(kept: LogicalPlan, shared: LogicalPlan, used: list[int]) -> LogicalPlan:
    """The kept partitions as the `used` columns of `shared` (the same relation, other ids)."""
    theirs = output(shared)
    return L.Project(kept, tuple(n.Alias(a, theirs[i].name, theirs[i].id) for a, i in zip(output(kept), used)))


def _replace(plan: LogicalPlan, shape: str, kept: LogicalPlan, used: list[int]) -> LogicalPlan:
    """`plan` reading `kept` wherever it computes the relation of that `shape`."""
    if _shape(plan) == shape:
        return _reading(kept, plan, used)
    kids = L.children(plan)
    new = tuple(_replace(c, shape, kept, used) for c in kids)
    return plan if all(a is b for a, b in zip(kids, new)) else L.with_children(plan, new)


def _replace_subquery(plan: LogicalPlan, old: n.ScalarSubquery, new: n.ScalarSubquery) -> LogicalPlan:
    def on_expr(e: n.Expr) -> n.Expr:
        return tr.transform_up(e, lambda x: new if x is old else x)

    kids = tuple(_replace_subquery(c, old, new) for c in L.children(plan))
    return L.map_expressions(L.with_children(plan, kids), on_expr)
