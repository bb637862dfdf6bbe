"""Moves a filter above ``UNION ALL`` into every input, column by column."""

from __future__ import annotations

from engine.logical.nodes import Filter, LogicalPlan, Union, output
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import conjoin, is_deterministic, split_conjuncts, substitute


@node_rule(order="down")
def push_filter_through_union(plan: LogicalPlan) -> LogicalPlan:
    """Filter(c, Union(a, b)) -> Union(Filter(c_a, a), Filter(c_b, b)).

    Before: ``Filter (k#1 > 1) / Union / a(k#1), b(k#7)``
    After:  ``Union / Filter (k#1 > 1) / a`` and ``Filter (k#7 > 1) / b`` (the union's
    column i is column i of each input). Deterministic conjuncts only.
    """
    match plan:
        case Filter(input=Union(inputs=inputs, attrs=attrs), condition=cond):
            down = [c for c in split_conjuncts(cond) if is_deterministic(c)]
            up = [c for c in split_conjuncts(cond) if not is_deterministic(c)]
            pushed = conjoin(down)
            if pushed is None:
                return plan
            children = []
            for child in inputs:
                mapping = {a.id: b for a, b in zip(attrs, output(child))}
                children.append(Filter(child, substitute(pushed, mapping)))
            union = Union(tuple(children), attrs)
            rest = conjoin(up)
            return union if rest is None else Filter(union, rest)
        case _:
            return plan
