"""Removes projections that return their input's columns unchanged."""

from __future__ import annotations

from engine.expr.nodes import Attribute
from engine.logical.nodes import LogicalPlan, Project, output
from engine.optimizer.driver import node_rule


@node_rule()
def remove_noop_projects(plan: LogicalPlan) -> LogicalPlan:
    """Project(cols, x) -> x when `cols` are exactly x's columns, in order.

    Before: ``Project [k#1, v#2] / Relation [k#1, v#2]``
    After:  ``Relation [k#1, v#2]``
    """
    match plan:
        case Project(input=child, exprs=exprs) if all(isinstance(e, Attribute) for e in exprs):
            below = output(child)
            same = len(below) == len(exprs) and all(a.id == b.id for a, b in zip(exprs, below))  # type: ignore[union-attr]
            return child if same else plan
        case _:
            return plan
