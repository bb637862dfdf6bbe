"""Column pruning: every operator keeps only the columns something above it reads."""

from __future__ import annotations

from dataclasses import replace

from engine.expr.nodes import Attribute, Expr
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output, to_attribute
from engine.optimizer.exprs import refs


def prune_columns(plan: LogicalPlan) -> LogicalPlan:
    """Pushes the set of needed columns down to the leaves.

    Before: ``Project [k#1] / Filter (v#2 > 0) / Relation [k#1, v#2, s#3] parquet``
    After:  ``Project [k#1] / Filter (v#2 > 0) / Relation [k#1, v#2] parquet``

    Scans and in-memory relations read only needed columns; projections, aggregations
    and windows drop unused outputs; join inputs are narrowed by a projection. The
    plan's own output never changes. Everything under a ``Cached`` node is kept whole
    (other queries share the cached partitions), and distinct/set operations need all
    their columns.
    """
    return _prune(plan, {a.id for a in output(plan)})


def _needs(exprs: list[Expr] | tuple[Expr, ...]) -> set[int]:
    out: set[int] = set()
    for e in exprs:
        out |= refs(e)
    return out


def _keep(exprs: tuple[Expr, ...], need: set[int]) -> tuple[Expr, ...]:
    """The named expressions `need` asks for; at least one, so rows are still counted."""
    kept = tuple(e for e in exprs if to_attribute(e).id in need)
    if kept or not exprs:
        return kept
    cheap = [e for e in exprs if isinstance(e, Attribute)]
    return (cheap[0] if cheap else exprs[0],)


def _prune(plan: LogicalPlan, need: set[int]) -> LogicalPlan:  # noqa: C901 - one case per operator
    match plan:
        case L.FileScan(attrs=attrs, columns=cols, filters=filters):
            want = need | _needs(filters)
            idx = [i for i, a in enumerate(attrs) if a.id in want] or [0]
            if len(idx) == len(attrs) or not attrs:
                return plan
            return replace(plan, attrs=tuple(attrs[i] for i in idx), columns=tuple(cols[i] for i in idx))
        case L.InMemory(attrs=attrs, partitions=parts):
            idx = [i for i, a in enumerate(attrs) if a.id in need] or [0]
            if len(idx) == len(attrs) or not attrs:
                return plan
            return replace(
                plan, partitions=tuple(t.select(idx) for t in parts), attrs=tuple(attrs[i] for i in idx)
            )
        case L.Range():
            return plan
        case L.Project(input=child, exprs=exprs):
            kept = _keep(exprs, need)
            new_child = _prune(child, _needs(kept))
            if kept == exprs and new_child is child:
                return plan
            return L.Project(new_child, kept)
        case L.Aggregate(input=child, groupings=g, outputs=outs, grouping_sets=sets):
            kept = _keep(outs, need)
            new_child = _prune(child, _needs(g) | _needs(kept))
            if kept == outs and new_child is child:
                return plan
            return L.Aggregate(new_child, g, kept, sets)
        case L.Window(input=child, exprs=exprs, partition_by=pb, order_by=ob):
            kept_w = tuple(e for e in exprs if e.id in need)
            if not kept_w:
                return _prune(child, need)
            new_child = _prune(child, need | _needs(kept_w) | _needs(pb) | _needs(ob))
            if kept_w == exprs and new_child is child:
                return plan
            return L.Window(new_child, kept_w, pb, ob)
        case L.Generate(input=child, generator=g):
            return L.with_children(plan, (_prune(child, need | refs(g)),))
        case L.Join(left=left, right=right, condition=cond):
            want = need | (refs(cond) if cond is not None else set())
            return L.with_children(plan, (_narrow(left, want), _narrow(right, want)))
        case L.Union(inputs=inputs, attrs=attrs):
            pos = [i for i, a in enumerate(attrs) if a.id in need] or [0]
            if len(pos) == len(attrs):
                return L.with_children(plan, tuple(_prune(c, {a.id for a in output(c)}) for c in inputs))
            kids = []
            for child in inputs:
                target = tuple(output(child)[i] for i in pos)
                pruned = _prune(child, {a.id for a in target})
                same = [a.id for a in output(pruned)] == [a.id for a in target]
                kids.append(pruned if same else L.Project(pruned, target))
            return L.Union(tuple(kids), tuple(attrs[i] for i in pos))
        case L.Distinct() | L.SetOp() | L.Cached():
            return L.with_children(
                plan, tuple(_prune(c, {a.id for a in output(c)}) for c in L.children(plan))
            )
        case _:
            extra = _needs(L.expressions(plan))
            if isinstance(plan, L.Deduplicate):
                extra |= {k.id for k in plan.keys}
            return L.with_children(plan, tuple(_prune(c, need | extra) for c in L.children(plan)))


def _narrow(plan: LogicalPlan, want: set[int]) -> LogicalPlan:
    """`plan` pruned to the columns in `want`, with a projection on top if it still has more."""
    pruned = _prune(plan, want)
    cols = output(pruned)
    kept = tuple(a for a in cols if a.id in want) or cols[:1]
    if len(kept) == len(cols):
        return pruned
    if isinstance(pruned, L.Project):
        return L.Project(
            pruned.input, tuple(e for e in pruned.exprs if to_attribute(e).id in {a.id for a in kept})
        )
    return L.Project(pruned, kept)
