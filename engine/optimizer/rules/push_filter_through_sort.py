"""Moves filters below sorts (and hints): filtering first sorts fewer rows, in the same order."""

from __future__ import annotations

from dataclasses import replace

from engine.logical.nodes import Filter, Hint, LogicalPlan, Sort
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import is_deterministic


@node_rule(order="down")
def push_filter_through_sort(plan: LogicalPlan) -> LogicalPlan:
    """Filter(c, Sort(x)) -> Sort(Filter(c, x)); the same through a ``Hint``.

    Before: ``Filter (k#1 > 1) / Sort [v#2 ASC NULLS FIRST], true / x``
    After:  ``Sort [v#2 ASC NULLS FIRST], true / Filter (k#1 > 1) / x``
    """
    match plan:
        case Filter(input=Sort(input=child) | Hint(input=child) as below, condition=cond) if is_deterministic(
            cond
        ):
            return replace(below, input=Filter(child, cond))  # type: ignore[arg-type]
        case _:
            return plan
