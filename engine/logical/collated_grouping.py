"""GROUP BY, DISTINCT and dropDuplicates over collated strings: rows group by their collation keys.

Spark groups ``Abc`` and ``aBC`` of a UTF8_LCASE column together and shows one of the
group's own values. Here the Aggregate groups by ``collation_key(k)`` instead of `k`, and
each output that read the key reads ``first(k)`` of its group instead, so the physical
aggregate, its shuffle and its two phases run unchanged on plain string keys.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.expr import collation
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Expr
from engine.expr.typing import dtype_of
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output


def _collated(e: Expr) -> bool:
    return collation.collation_of(dtype_of(e)) not in (None, collation.DEFAULT)


def by_collation_keys(groupings: Sequence[Expr], outputs: Sequence[Expr]) -> tuple[list[Expr], list[Expr]]:
    """`groupings` with each collated key replaced by its collation key, and `outputs` with
    each read of such a key (outside an aggregate) replaced by ``first(key)``; both unchanged
    when no key is a collated string."""
    keys = [tr.strip_alias(g) for g in groupings if _collated(tr.strip_alias(g))]
    if not keys:
        return list(groupings), list(outputs)

    def representative(e: Expr) -> Expr:
        if isinstance(e, n.AggCall):
            return e
        if any(tr.same_expr(e, k) for k in keys):
            return n.AggCall("first", (e,), dtype_of(e))
        return tr.map_children(e, representative)

    new_outputs: list[Expr] = []
    for o in outputs:
        if isinstance(o, n.Attribute) and any(tr.same_expr(o, k) for k in keys):
            new_outputs.append(n.Alias(representative(o), o.name))
        else:
            new_outputs.append(representative(o))
    new_groupings = [collation.sort_key(tr.strip_alias(g)) if _collated(tr.strip_alias(g)) else g for g in groupings]
    return new_groupings, new_outputs


def distinct(plan: LogicalPlan) -> LogicalPlan:
    """``DISTINCT`` of `plan`'s rows: rows equal under their columns' collations are one."""
    attrs = [a for a in output(plan)]
    if not any(_collated(a) for a in attrs):
        return L.Distinct(plan)
    groupings, outputs = by_collation_keys(attrs, attrs)
    return L.Aggregate(plan, tuple(groupings), tuple(outputs), None)


def deduplicate(plan: LogicalPlan, keys: Sequence[n.Attribute]) -> LogicalPlan:
    """``dropDuplicates(keys)``: the first row of each distinct key, collated keys compared by
    their collation keys (computed in a column below the Deduplicate and dropped above it)."""
    if not any(_collated(k) for k in keys):
        return L.Deduplicate(plan, tuple(keys))
    folded = {k.id: n.Alias(collation.sort_key(k), f"__collation_key_{k.name}") for k in keys if _collated(k)}
    below = L.Project(plan, (*output(plan), *folded.values()))
    new_keys = tuple(L.to_attribute(folded[k.id]) if k.id in folded else k for k in keys)
    return L.Project(L.Deduplicate(below, new_keys), tuple(output(plan)))
