"""Removes filters that keep every row."""

from __future__ import annotations

from engine.logical.nodes import Filter, LogicalPlan
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import is_literal_bool


@node_rule()
def eliminate_filter(plan: LogicalPlan) -> LogicalPlan:
    """Filter(true, x) -> x.

    Before: ``Filter true / x``
    After:  ``x`` (``Filter false`` is `propagate_empty_relation`'s job).
    """
    match plan:
        case Filter(input=child, condition=cond) if is_literal_bool(cond, True):
            return child
        case _:
            return plan
