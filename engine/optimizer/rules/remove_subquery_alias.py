"""Drops ``SubqueryAlias`` nodes: names are resolved by id already, so qualifiers no longer matter."""

from __future__ import annotations

from engine.logical.nodes import LogicalPlan, SubqueryAlias
from engine.optimizer.driver import node_rule


@node_rule()
def remove_subquery_alias(plan: LogicalPlan) -> LogicalPlan:
    """SubqueryAlias(t, x) -> x.

    Before: ``Filter (a#1 > 1) / SubqueryAlias t / Relation [a#1]``
    After:  ``Filter (a#1 > 1) / Relation [a#1]`` (operators below can now meet the filter).
    """
    match plan:
        case SubqueryAlias(input=child):
            return child
        case _:
            return plan
