"""Join planning: equi-keys from the ON condition, then broadcast, shuffled or nested-loop."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from engine import types as T
from engine.compute.expr_eval import is_row_local
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Expr
from engine.expr.typing import dtype_of
from engine.logical import nodes as L
from engine.logical.conditions import conjoin, equi_keys
from engine.logical.nodes import output
from engine.logical.stats import KEY_SET_BROADCAST_FACTOR, estimate_bytes
from engine.physical import nodes as P

if TYPE_CHECKING:
    from engine.physical.planner import Planner


def plan_join(planner: Planner, plan: L.Join) -> P.PhysicalOp:
    from engine.physical.planner import num_partitions, project_keys_op

    lo, ro = output(plan.left), output(plan.right)
    left_out, right_out = tuple(a.key for a in lo), tuple(a.key for a in ro)
    left, right = planner.build(plan.left), planner.build(plan.right)
    how = plan.how
    keys, rest = equi_keys(plan.condition, {a.id for a in lo}, {a.id for a in ro})
    residual = conjoin(rest)
    can_build_right = how in ("inner", "cross", "left", "left_semi", "left_anti")
    can_build_left = how in ("inner", "cross", "right")
    key_set = how in ("left_semi", "left_anti")  # its right side is kept as a set of keys
    left_bytes, right_bytes = estimate_bytes(plan.left), estimate_bytes(plan.right)
    small_right = plan.hint == "broadcast_right" or planner.broadcastable(
        right_bytes, KEY_SET_BROADCAST_FACTOR if key_set else 1
    )
    small_left = plan.hint == "broadcast_left" or planner.broadcastable(left_bytes)

    aware = _null_aware_key(plan.condition, {a.id for a in lo}, {a.id for a in ro}) if how == "left_anti" else None
    if aware is not None and small_right:
        left, lkeys = project_keys_op(left, (aware[0],))
        right, rkeys = project_keys_op(right, (aware[1],))
        rread = planner.exchange(right, P.BroadcastOut(), "broadcast hash join (build right)")
        return P.HashJoinExec(left, rread, how, lkeys, rkeys, (False,), None, left_out, right_out, null_aware=True)
    if not keys:
        if can_build_right and (small_right or not can_build_left or not small_left):
            rread = planner.exchange(right, P.BroadcastOut(), "broadcast (nested loop)")
            return P.NestedLoopJoinExec(left, rread, how, plan.condition, left_out, right_out)
        if can_build_left:
            lread = planner.exchange(left, P.BroadcastOut(), "broadcast (nested loop)")
            return P.NestedLoopJoinExec(lread, right, how, plan.condition, left_out, right_out)
        # full outer without equi-keys: everything in one partition
        single_l = (
            planner.exchange(left, P.SingleOut(), "join (single)") if num_partitions(left) != 1 else left
        )
        rread = planner.exchange(right, P.BroadcastOut(), "broadcast (nested loop)")
        return P.NestedLoopJoinExec(single_l, rread, how, plan.condition, left_out, right_out)

    left, lkeys = project_keys_op(left, tuple(k[0] for k in keys))
    right, rkeys = project_keys_op(right, tuple(k[1] for k in keys))
    null_safe = tuple(k[2] for k in keys)
    # Of two small sides the smaller is built, as Spark does: nations built into a customer scan's
    # tasks, not 150k customers into one task probing two nations.
    left_first = can_build_left and small_left and plan.hint != "broadcast_right" and (
        plan.hint == "broadcast_left"
        or not (can_build_right and small_right)
        or left_bytes < right_bytes
    )
    if can_build_right and small_right and not left_first:
        if key_set and residual is None and len(keys) == 1 and not keys[0][2] and isinstance(dtype_of(keys[0][1]), _INTEGERS):
            right = P.DistinctKeysExec(right, rkeys[0])  # only which (non-null) keys exist is sent
        rread = planner.exchange(right, P.BroadcastOut(), "broadcast hash join (build right)")
        if how in ("left_semi", "left_anti") and residual is None:
            probe_first = _probe_before_filter(left, rread, how, keys, right_out)
            if probe_first is not None:
                return probe_first
        if how == "inner" and _drops_rows(plan.right):
            left = _probe_before_filter(left, rread, "left_semi", keys, ()) or left
        return P.HashJoinExec(left, rread, how, lkeys, rkeys, null_safe, residual, left_out, right_out)
    if can_build_left and small_left:
        lread = planner.exchange(left, P.BroadcastOut(), "broadcast hash join (build left)")
        if how == "inner" and _drops_rows(plan.left):
            mirrored = [(r, lk, ns) for lk, r, ns in keys]
            right = _probe_before_filter(right, lread, "left_semi", mirrored, ()) or right
        return P.HashJoinExec(lread, right, how, lkeys, rkeys, null_safe, residual, left_out, right_out)
    parts = planner.conf.shuffle_partitions
    lread = planner.hashed(left, lkeys, parts, "shuffle hash join (left)")
    rread = planner.hashed(right, rkeys, parts, "shuffle hash join (right)")
    return P.HashJoinExec(lread, rread, how, lkeys, rkeys, null_safe, residual, left_out, right_out)


_INTEGERS = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)
_ADDRESSABLE_KEYS = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.DateType)


def _probe_before_filter(
    probe: P.PhysicalOp,
    build: P.PhysicalOp,
    how: str,
    keys: list[tuple[Expr, Expr, bool]],
    build_out: tuple[str, ...],
) -> P.PhysicalOp | None:
    """``semi/anti(Project?(Filter(c, scan)), broadcast) -> Project?(semi/anti(scan, broadcast, probe filter c))``.

    A semi or anti join against a broadcast side on one integer or date key asks one lookup a
    row in a direct-address set (a few ns), while a filter computes its condition and copies
    the surviving rows of every column it keeps. Rows either drops are gone whatever the order,
    so the cheap and often more selective lookup goes first, the condition is computed on the
    rows it keeps, and the rows both keep are copied once (`join._filtered_probe`): q04's late
    lineitems are 63% of all, those of its quarter's orders 2%. An inner join's probe side gets
    such a semi join for the same reason (it keeps only rows whose key is there), the inner
    join then meeting the few rows left (q03's late lineitems are 54% of all, those of its 147k
    orders 1%). The filter must be deterministic and row-local (it then sees fewer rows) and
    its projection only pass columns on; None when the probe side is anything else.
    """
    if len(keys) != 1:
        return None
    probe_key, build_key, null_safe = keys[0]
    if null_safe or not (_addressable(probe_key) and _addressable(build_key)):
        return None
    assert isinstance(probe_key, n.Attribute) and isinstance(build_key, n.Attribute)
    project = probe if isinstance(probe, P.ProjectExec) and not probe.keep_input else None
    below = probe.child if project is not None else probe
    if project is not None and not all(isinstance(e, n.Attribute) for e in project.exprs):
        return None
    if not (isinstance(below, P.FilterExec) and isinstance(below.child, P.ScanExec)):
        return None
    if not _row_local(below.condition):
        return None
    scan = below.child
    pkeys, bkeys = (probe_key.key,), (build_key.key,)
    kept = tuple(k for k in scan.keys if below.columns is None or k in below.columns)
    join = P.HashJoinExec(
        scan, build, how, pkeys, bkeys, (False,), None, kept, build_out, probe_filter=below.condition
    )
    return join if project is None else replace(project, child=join)


def _drops_rows(plan: L.LogicalPlan) -> bool:
    """Whether a build side holds less than whole tables (a filter, join or aggregate in it):
    then the keys an inner join probes with are likely a few of all, and a semi join ahead of
    the probe side's filter pays; a whole dimension table matches every foreign key."""
    if isinstance(plan, L.Filter | L.Join | L.Aggregate) or (isinstance(plan, L.FileScan) and plan.filters):
        return True
    return any(_drops_rows(c) for c in L.children(plan))


def _addressable(key: Expr) -> bool:
    return isinstance(key, n.Attribute) and isinstance(key.dtype, _ADDRESSABLE_KEYS)


def _row_local(e: Expr) -> bool:
    """Whether `e` computes each row from that row alone, the same way every time (no UDF,
    subquery, random or positional function): it may then see only the rows a lookup kept."""
    return is_row_local(e) and not tr.contains(e, (n.UDFCall, n.ScalarSubquery))


def _null_aware_key(cond: Expr | None, left_ids: set[int], right_ids: set[int]) -> tuple[Expr, Expr] | None:
    """(left key, right key) of NOT IN's condition ``a = b OR isnull(a = b)``, else None.

    Spark plans it as a null-aware broadcast hash anti join; as a plain condition it would
    compare every left row with every right row.
    """
    if not (isinstance(cond, n.Call) and cond.name == "or" and len(cond.args) == 2):
        return None
    eq, test = cond.args
    if not (isinstance(test, n.Call) and test.name == "isnull" and test.args == (eq,)):
        return None
    if not (isinstance(eq, n.Call) and eq.name == "=" and len(eq.args) == 2):
        return None
    keys, rest = equi_keys(eq, left_ids, right_ids)
    if rest or len(keys) != 1:
        return None
    return keys[0][0], keys[0][1]
