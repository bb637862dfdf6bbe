"""Replaces parts of a plan that can produce no rows by an empty in-memory relation."""

from __future__ import annotations

import pyarrow as pa

from engine import types as T
from engine.expr import nodes as n
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import is_literal_bool

_UNARY = (L.Project, L.Filter, L.Sort, L.Limit, L.Window, L.Generate, L.Repartition, L.Sample,
          L.Distinct, L.Deduplicate, L.Hint, L.SubqueryAlias)  # fmt: skip


@node_rule()
def propagate_empty_relation(plan: LogicalPlan) -> LogicalPlan:
    """``Filter false``, ``Limit 0`` and operators over no rows -> an empty relation.

    Before: ``Project [k#1] / Filter false / x``
    After:  ``LocalRelation <empty>, [k#1]``

    Also: an inner, cross or semi join with an empty side, a left (right) join with an
    empty left (right) side, a grouped aggregate of nothing, a union input that is empty
    (dropped). A global aggregate of nothing still gives one row and is kept.
    """
    match plan:
        case L.Filter(condition=c) if is_literal_bool(c, False) or is_literal_bool(c, None):
            return empty_relation(output(plan))
        case L.Limit(n=0):
            return empty_relation(output(plan))
        case L.Generate(outer=True):
            return plan
        case _ if isinstance(plan, _UNARY) and is_empty(plan.input):
            return empty_relation(output(plan))
        case L.Aggregate(input=i, groupings=g, grouping_sets=None) if g and is_empty(i):
            return empty_relation(output(plan))
        case L.Join(left=left, right=right, how=how) if _join_empty(how, is_empty(left), is_empty(right)):
            return empty_relation(output(plan))
        case L.Union(inputs=inputs, attrs=attrs) if any(map(is_empty, inputs)):
            kept = tuple(i for i in inputs if not is_empty(i))
            return L.Union(kept, attrs) if kept else empty_relation(attrs)
        case _:
            return plan


def _join_empty(how: str, left: bool, right: bool) -> bool:
    if how in ("inner", "cross", "left_semi"):
        return left or right
    if how in ("left", "left_anti"):
        return left
    if how == "right":
        return right
    return left and right


def is_empty(plan: LogicalPlan) -> bool:
    """Whether `plan` is an in-memory relation with no rows."""
    return isinstance(plan, L.InMemory) and all(t.num_rows == 0 for t in plan.partitions)


def empty_relation(attrs: tuple[n.Attribute, ...]) -> L.InMemory:
    """An in-memory relation with columns `attrs` and one empty partition."""
    arrays = [pa.array([], T.to_arrow(a.dtype)) for a in attrs]
    table = pa.Table.from_arrays(arrays, names=[a.key for a in attrs])
    return L.InMemory((table,), attrs, n.new_id())
