"""Moves filter conditions on grouping keys below an aggregation."""

from __future__ import annotations

from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Attribute, Expr
from engine.logical.nodes import Aggregate, Filter, LogicalPlan
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import conjoin, is_deterministic, refs, split_conjuncts, substitute


@node_rule(order="down")
def push_filter_through_aggregate(plan: LogicalPlan) -> LogicalPlan:
    """Filter(c, Aggregate(keys, outs, x)) -> Aggregate(keys, outs, Filter(c', x)) for `c` on keys only.

    Before: ``Filter (s#2 = a) / Aggregate [s#2], [s#2, sum(v#3) AS t#4] / x``
    After:  ``Aggregate [s#2], [s#2, sum(v#3) AS t#4] / Filter (s#2 = a) / x``

    A conjunct moves when it is deterministic and reads only output columns that are
    grouping keys (rewritten to the key expressions). Not for global aggregates (an
    empty input still gives one row) nor ROLLUP/CUBE/GROUPING SETS (keys are nulled there).
    """
    match plan:
        case Filter(
            input=Aggregate(input=child, groupings=keys, outputs=outs, grouping_sets=None) as agg,
            condition=cond,
        ) if keys:
            key_exprs = {tr.strip_alias(k) for k in keys}
            by_key = {_id(o): tr.strip_alias(o) for o in outs if tr.strip_alias(o) in key_exprs}
            down, up = [], []
            for c in split_conjuncts(cond):
                if is_deterministic(c) and refs(c) <= set(by_key):
                    down.append(substitute(c, by_key))
                else:
                    up.append(c)
            pushed = conjoin(down)
            if pushed is None:
                return plan
            new_agg = Aggregate(Filter(child, pushed), agg.groupings, agg.outputs, None)
            rest = conjoin(up)
            return new_agg if rest is None else Filter(new_agg, rest)
        case _:
            return plan


def _id(e: Expr) -> int:
    assert isinstance(e, (Attribute, n.Alias))
    return e.id
