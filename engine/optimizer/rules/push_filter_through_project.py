"""Moves filter conditions below a projection, rewriting the projection's aliases."""

from __future__ import annotations

from engine.logical.nodes import Filter, LogicalPlan, Project
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import (
    alias_map,
    conjoin,
    has_udf,
    is_deterministic,
    refs,
    split_conjuncts,
    substitute,
)


@node_rule(order="down")
def push_filter_through_project(plan: LogicalPlan) -> LogicalPlan:
    """Filter(c, Project(exprs, x)) -> Project(exprs, Filter(c[aliases inlined], x)).

    Before: ``Filter (w#3 > 4) / Project [k#1, (v#2 * 2) AS w#3] / x``
    After:  ``Project [k#1, (v#2 * 2) AS w#3] / Filter ((v#2 * 2) > 4) / x``

    Only when every projected expression is deterministic (a ``rand()`` column must see
    the same rows), and only conjuncts that are deterministic and do not inline a Python
    UDF or a subquery (which would then run twice); the others stay above.
    """
    match plan:
        case Filter(input=Project(input=child, exprs=exprs), condition=cond) if all(
            map(is_deterministic, exprs)
        ):
            aliases = alias_map(exprs)
            down, up = [], []
            for c in split_conjuncts(cond):
                inlined = [aliases[i] for i in refs(c) if i in aliases]
                if is_deterministic(c) and not has_udf(c) and not any(map(has_udf, inlined)):
                    down.append(substitute(c, aliases))
                else:
                    up.append(c)
            pushed = conjoin(down)
            if pushed is None:
                return plan
            project = Project(Filter(child, pushed), exprs)
            rest = conjoin(up)
            return project if rest is None else Filter(project, rest)
        case _:
            return plan
