"""Filters the aggregated side of a join by the keys its small, filtered other side can match,
before the aggregation: Spark's InjectRuntimeFilter in its semi-join form."""

from __future__ import annotations

from dataclasses import replace

from engine.expr import traverse as tr
from engine.expr.nodes import Alias, Attribute, Call, Expr, ScalarSubquery, UDFCall
from engine.logical.conditions import equi_keys
from engine.logical.nodes import Aggregate, FileScan, Filter, Join, LogicalPlan, Project, output
from engine.logical.stats import BROADCAST_BYTES, KEY_SET_BROADCAST_FACTOR, estimate_bytes, estimate_rows
from engine.optimizer.driver import transform_down
from engine.optimizer.exprs import ids
from engine.types import BooleanType

# The side of a join whose rows may be dropped when no row of the other side can match them.
_FILTERABLE = {"inner": ("left", "right"), "left": ("right",), "left_outer": ("right",), "right": ("left",)}
_FILTERABLE.update({"right_outer": ("left",), "left_semi": ("right",), "left_anti": ("right",)})
# The filtering side is computed a second time, so only a small one: Spark's default 10 MB.
_MAX_FILTER_BYTES = BROADCAST_BYTES
# ... and only where the aggregated side is far bigger than it.
_MIN_RATIO = 10.0
# A semi/anti join's right side is its build side, shuffled when big; a filter with few enough
# keys for a hash lookup (the lookup join's limit) shrinks that shuffle cheaply.
_MAX_LOOKUP_KEYS = 65_536


def inject_runtime_filter(plan: LogicalPlan) -> LogicalPlan:
    """Join(a, Aggregate(keys ∋ k, x), a.k = k) -> Join(a, Aggregate(keys, Join(semi, x, a', a'.k = k)), a.k = k).

    Before: ``Join LeftOuter, (p_partkey#1 = k#9) / [part filtered ⋈ lineitem], Aggregate [l_partkey#5] / lineitem``
    After:  the aggregate reads ``Join LeftSemi, (l_partkey#5 = p_partkey#1) / lineitem, [part filtered]``

    The filtering plan `a'` is the part of the other side that decides which keys it holds:
    through its projections and down the inner joins to the input that owns the key (TPC-H
    q17: the 204 parts of one brand and container, not their 6,000 lineitems), and it must
    filter (a plain table's keys drop nothing) and be small. The aggregated side must have a
    key among its grouping columns and be estimated ten times bigger: q17 then averages the
    quantities of 6,000 lineitems instead of all 6 million, and q20 sums 1994's lineitems of
    "forest" parts only (the IN on part names bounds partsupp's keys). Rows the semi join drops are rows
    whose key the join could never match, so the answer is the same.

    The big right side of a semi or anti join, which is built and so shuffled, is filtered
    whole when the filtering plan has few keys: q04's EXISTS shuffles the 150k lineitems of
    its quarter's 57k orders instead of all 3.8M late ones.
    """
    return transform_down(plan, _inject)


def _inject(plan: LogicalPlan) -> LogicalPlan:
    if not isinstance(plan, Join) or plan.how not in _FILTERABLE or plan.condition is None:
        return plan
    left_ids, right_ids = ids(output(plan.left)), ids(output(plan.right))
    pairs, _ = equi_keys(plan.condition, left_ids, right_ids)
    for side in _FILTERABLE[plan.how]:
        applied, other = (plan.right, plan.left) if side == "right" else (plan.left, plan.right)
        for lk, rk, null_safe in pairs:
            key, source_key = (rk, lk) if side == "right" else (lk, rk)
            if null_safe or not isinstance(key, Attribute) or not isinstance(source_key, Attribute):
                continue
            source = _key_source(other, source_key)
            if source is None or not _filtered(source[0]) or estimate_bytes(source[0]) > _MAX_FILTER_BYTES:
                continue
            if estimate_rows(applied) < _MIN_RATIO * estimate_rows(source[0]):
                continue
            keys = Project(source[0], (source[1],))
            filtered = _below_aggregate(applied, key, keys, source[1])
            if filtered is None and plan.how in ("left_semi", "left_anti") and _shuffled(applied, source[0]):
                filtered = Join(applied, keys, "left_semi", Call("=", (key, source[1]), BooleanType()))
            if filtered is not None:
                return replace(plan, **{side: filtered})
    return plan


def _shuffled(applied: LogicalPlan, keys: LogicalPlan) -> bool:
    """Whether `applied`, a semi or anti join's build side, is too big to broadcast as a key set
    and `keys` few enough for a hash lookup."""
    too_big = estimate_bytes(applied) > KEY_SET_BROADCAST_FACTOR * _MAX_FILTER_BYTES
    return too_big and estimate_rows(keys) <= _MAX_LOOKUP_KEYS


def _key_source(plan: LogicalPlan, key: Attribute) -> tuple[LogicalPlan, Attribute] | None:
    """The smallest filtered input of `plan` holding every value of `key` that `plan` returns,
    and the key's column there: down projections that pass it on, and inner and semi joins,
    where both sides bound the values of a join key; `plan` itself when nothing smaller does."""
    match plan:
        case Project(input=child, exprs=exprs):
            inner = _passed_key(exprs, key)
            return None if inner is None else _key_source(child, inner)
        case Join(how="inner" | "left_semi", left=left, right=right, condition=cond):
            left_ids, right_ids = ids(output(left)), ids(output(right))
            candidates = (
                [(left, key)] if key.id in left_ids else [(right, key)] if key.id in right_ids else []
            )
            for lk, rk, null_safe in equi_keys(cond, left_ids, right_ids)[0]:
                if not null_safe and isinstance(lk, Attribute) and isinstance(rk, Attribute):
                    if lk.id == key.id:
                        candidates.append((right, rk))
                    elif rk.id == key.id and plan.how == "inner":
                        candidates.append((left, lk))
            found = [
                f for f in (_key_source(p, k) for p, k in candidates) if f is not None and _filtered(f[0])
            ]
            return min(found, key=lambda f: estimate_bytes(f[0]), default=None)
        case _:
            return (plan, key) if key.id in ids(output(plan)) else None


def _filtered(plan: LogicalPlan) -> bool:
    """Whether `plan` is one table read with a condition that drops rows: its keys filter
    something, and reading it twice costs a scan (no join, aggregate or subquery again)."""
    match plan:
        case Filter(input=child, condition=cond):
            computed = tr.contains(cond, ScalarSubquery) or tr.contains(cond, UDFCall)
            return not computed and (_filtered(child) or _scan(child))
        case FileScan(filters=filters):
            return bool(filters)
        case Project(input=child):
            return _filtered(child)
        case _:
            return False


def _scan(plan: LogicalPlan) -> bool:
    match plan:
        case FileScan():
            return True
        case Project(input=child) | Filter(input=child):
            return _scan(child)
        case _:
            return False


def _below_aggregate(
    plan: LogicalPlan, key: Attribute, keys: LogicalPlan, key_col: Attribute
) -> LogicalPlan | None:
    """`plan` with the semi join by `keys` under its first aggregation that groups by `key`,
    reached through projections and filters; None when there is none."""
    match plan:
        case Project(input=child, exprs=exprs):
            inner = _passed_key(exprs, key)
            below = None if inner is None else _below_aggregate(child, inner, keys, key_col)
            return None if below is None else replace(plan, input=below)
        case Filter(input=child):
            below = _below_aggregate(child, key, keys, key_col)
            return None if below is None else replace(plan, input=below)
        case Aggregate(input=child, groupings=groupings, outputs=outs, grouping_sets=None):
            inner = _passed_key(outs, key)
            if inner is None or not any(_is_column(g, inner) for g in groupings):
                return None
            condition = Call("=", (inner, key_col), BooleanType())
            return replace(plan, input=Join(child, keys, "left_semi", condition))
        case _:
            return None


def _is_column(e: Expr, column: Attribute) -> bool:
    plain = tr.strip_alias(e)
    return isinstance(plain, Attribute) and plain.id == column.id


def _passed_key(exprs: tuple[Expr, ...], key: Attribute) -> Attribute | None:
    """The input column a projection's `key` output is (itself or renamed), if it is one."""
    for e in exprs:
        if isinstance(e, Attribute) and e.id == key.id:
            return e
        if isinstance(e, Alias) and e.id == key.id and isinstance(e.child, Attribute):
            return e.child
    return None
