"""Merges a filter into the filter right below it."""

from __future__ import annotations

from engine.logical.nodes import Filter, LogicalPlan
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import conjoin, is_deterministic, split_conjuncts


@node_rule()
def combine_filters(plan: LogicalPlan) -> LogicalPlan:
    """Filter(b, Filter(a, x)) -> Filter(a AND b, x), when `a` is deterministic.

    Before: ``Filter (v#2 < 9) / Filter (k#1 > 1) / x``
    After:  ``Filter ((k#1 > 1) AND (v#2 < 9)) / x`` (the inner condition still runs first;
    a conjunct already present is not repeated).
    """
    match plan:
        case Filter(input=Filter(input=child, condition=inner), condition=outer) if is_deterministic(inner):
            cond = conjoin([*split_conjuncts(inner), *split_conjuncts(outer)])
            assert cond is not None
            return Filter(child, cond)
        case _:
            return plan
