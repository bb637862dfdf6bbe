"""A semi or anti join whose only other condition is ``x != y`` joins each key's smallest and
largest ``y`` instead of every row: some row of the key has a ``y`` other than ``x`` exactly
when its smallest or its largest does."""

from __future__ import annotations

from dataclasses import replace

from engine import types as T
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Expr
from engine.expr.typing import dtype_of
from engine.logical.conditions import conjoin, equi_keys
from engine.logical.nodes import Aggregate, Join, LogicalPlan, output, to_attribute
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import ids, is_deterministic

# Types whose min and max are the order `!=` agrees with (no NaN-like or nested values).
_ORDERED = (
    T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.DecimalType, T.StringType, T.DateType,
    T.TimestampType, T.TimestampNTZType, T.BooleanType,
)  # fmt: skip


@node_rule()
def semi_join_by_extremes(plan: LogicalPlan) -> LogicalPlan:
    """Join(left_semi | left_anti, l, r, keys AND x != y) -> the same join of l with
    Aggregate(r by its keys: min(y) AS lo, max(y) AS hi) on keys AND (x != lo OR x != hi).

    Before: ``Join LeftSemi, ((l_orderkey#1 = l_orderkey#9) AND (l_suppkey#11 != l_suppkey#3)) / l1, l2``
    After:  ``... / l1, Aggregate [l_orderkey#9] [l_orderkey#9, min(l_suppkey#11) AS lo, max(l_suppkey#11) AS hi]``

    TPC-H q21's EXISTS (another supplier on the order) and NOT EXISTS (another late one)
    then build on one row per order instead of every lineitem, which a partial aggregate
    before the shuffle cuts from 6M rows to 1.5M, and the keys, now unique, are looked up
    directly. The answer is the same, nulls included: ``x != y`` is true for some row exactly
    when x is not null and the key's non-null ``y`` hold a value other than x, which is so
    exactly when their smallest or their largest is not x; with no non-null ``y`` (or a null
    x) both sides of the OR are null, as every row's ``x != y`` was.
    """
    if not isinstance(plan, Join) or plan.how not in ("left_semi", "left_anti") or plan.condition is None:
        return plan
    left_ids, right_ids = ids(output(plan.left)), ids(output(plan.right))
    pairs, rest = equi_keys(plan.condition, left_ids, right_ids)
    if not pairs or len(rest) != 1:
        return plan
    sides = _sides(rest[0], left_ids, right_ids)
    if sides is None:
        return plan
    x, y = sides
    groupings: list[Expr] = []
    keys: list[Expr] = []
    for i, (_, rk, _) in enumerate(pairs):
        named = rk if isinstance(rk, n.Attribute) else n.Alias(rk, f"__key{i}")
        groupings.append(rk)
        keys.append(named)
    lo = n.Alias(n.AggCall("min", (y,), dtype_of(y)), "__lo")
    hi = n.Alias(n.AggCall("max", (y,), dtype_of(y)), "__hi")
    extremes = Aggregate(plan.right, tuple(groupings), (*keys, lo, hi))
    on = [
        n.Call("<=>" if null_safe else "=", (lk, to_attribute(k)), T.BooleanType(), False)
        for (lk, _, null_safe), k in zip(pairs, keys)
    ]
    other = n.Call(
        "or",
        (
            n.Call("!=", (x, to_attribute(lo)), T.BooleanType(), True),
            n.Call("!=", (x, to_attribute(hi)), T.BooleanType(), True),
        ),
        T.BooleanType(),
        True,
    )
    return replace(plan, right=extremes, condition=conjoin([*on, other]))


def _sides(c: Expr, left_ids: set[int], right_ids: set[int]) -> tuple[Expr, Expr] | None:
    """(x, y) of a condition ``x != y`` between a left-side x and a deterministic right-side y of
    an ordered type, or None."""
    if not isinstance(c, n.Call) or c.name not in ("!=", "<>") or len(c.args) != 2:
        return None
    a, b = c.args
    ra, rb = tr.attribute_ids(a), tr.attribute_ids(b)
    if ra and rb and ra <= left_ids and rb <= right_ids:
        x, y = a, b
    elif ra and rb and ra <= right_ids and rb <= left_ids:
        x, y = b, a
    else:
        return None
    if not isinstance(dtype_of(y), _ORDERED) or not is_deterministic(y):
        return None
    return x, y
