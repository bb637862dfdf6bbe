"""Merges a projection into the projection right below it, inlining the lower aliases."""

from __future__ import annotations

from collections import Counter

from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Attribute, Expr
from engine.logical.nodes import LogicalPlan, Project
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import alias_map, is_cheap, is_deterministic, substitute


@node_rule()
def combine_projects(plan: LogicalPlan) -> LogicalPlan:
    """Project(up, Project(low, x)) -> Project(up[low's aliases inlined], x).

    Before: ``Project [(w#3 + 1) AS z#4] / Project [k#1, (v#2 * 2) AS w#3] / x``
    After:  ``Project [((v#2 * 2) + 1) AS z#4] / x``

    Not when that would compute an expensive lower expression more than once (an alias
    used twice above, unless it is a column, literal or struct field), nor when it would
    run a non-deterministic one a different number of times. Output names and ids are kept.
    """
    match plan:
        case Project(input=Project(input=child, exprs=low), exprs=up):
            aliases = alias_map(low)
            uses = Counter(a.id for e in up for a in tr.attributes(e) if a.id in aliases)
            for i, count in uses.items():
                if count > 1 and not (is_cheap(aliases[i]) and is_deterministic(aliases[i])):
                    return plan
            dropped = [e for e in low if isinstance(e, n.Alias) and e.id not in uses]
            if not all(is_deterministic(e) for e in dropped):
                return plan
            return Project(child, tuple(_inline(e, aliases) for e in up))
        case _:
            return plan


def _inline(e: Expr, aliases: dict[int, Expr]) -> Expr:
    match e:
        case Attribute(id=i) if i in aliases:
            return n.Alias(aliases[i], e.name, e.id)
        case n.Alias(child=c):
            return n.Alias(substitute(c, aliases), e.name, e.id)
        case _:
            return e
