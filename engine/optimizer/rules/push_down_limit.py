"""Moves limits closer to the data: below projections, into UNION ALL inputs, into other limits."""

from __future__ import annotations

from engine.logical.nodes import Limit, LogicalPlan, Project, Union
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import is_deterministic


@node_rule(order="down")
def push_down_limit(plan: LogicalPlan) -> LogicalPlan:
    """Limit pushdown.

    ``Limit(n, Project(x)) -> Project(Limit(n, x))`` (deterministic projections): the
    projection runs on `n` rows, and a Sort right below the limit becomes a top-k.

    ``Limit(n, Union(a, b)) -> Limit(n, Union(Limit(n, a), Limit(n, b)))``: no input needs
    more than `n` rows (an offset `o` asks each for `n + o`).

    ``Limit(n, Limit(m, x)) -> Limit(min(n, m), x)`` when neither skips rows.

    Before: ``Limit 3 / Project [k#1] / Sort [v#2 ASC NULLS FIRST] / x``
    After:  ``Project [k#1] / Limit 3 / Sort [v#2 ASC NULLS FIRST] / x``
    """
    match plan:
        case Limit(input=Project(input=child, exprs=exprs), n=k, offset=off) if all(
            map(is_deterministic, exprs)
        ):
            return Project(Limit(child, k, off), exprs)
        case Limit(input=Limit(input=child, n=m, offset=0), n=k, offset=0) if k is not None and m is not None:
            return Limit(child, min(k, m), 0)
        case Limit(input=Union(inputs=inputs, attrs=attrs), n=k, offset=off) if k is not None:
            want = k + off
            if all(_limited(i, want) for i in inputs):
                return plan
            limited = tuple(i if _limited(i, want) else Limit(i, want, 0) for i in inputs)
            return Limit(Union(limited, attrs), k, off)
        case _:
            return plan


def _limited(plan: LogicalPlan, n: int) -> bool:
    return isinstance(plan, Limit) and plan.offset == 0 and plan.n is not None and plan.n <= n
