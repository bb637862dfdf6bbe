"""Moves filter conditions on window partition keys below the window."""

from __future__ import annotations

from dataclasses import replace

from engine.expr.nodes import Attribute, Expr
from engine.logical.nodes import Filter, LogicalPlan, Window
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import conjoin, is_deterministic, refs, split_conjuncts


@node_rule(order="down")
def push_filter_through_window(plan: LogicalPlan) -> LogicalPlan:
    """Filter(c, Window(x)) -> Window(Filter(c, x)) for conjuncts on partition keys only.

    Before: ``Filter (g#1 = 2) / Window [rank() ... AS r#5], [g#1], [v#2 ASC]  / x``
    After:  ``Window [...] / Filter (g#1 = 2) / x``: dropping whole window partitions
    changes no other partition's values. Conditions on other columns (or on the
    window's result) stay above.
    """
    match plan:
        case Filter(input=Window(input=child, partition_by=keys) as window, condition=cond):
            key_ids = {k.id for k in keys if isinstance(k, Attribute)}
            down: list[Expr] = []
            up: list[Expr] = []
            for c in split_conjuncts(cond):
                used = refs(c)
                (down if used and used <= key_ids and is_deterministic(c) else up).append(c)
            pushed = conjoin(down)
            if pushed is None:
                return plan
            new = replace(window, input=Filter(child, pushed))
            rest = conjoin(up)
            return new if rest is None else Filter(new, rest)
        case _:
            return plan
