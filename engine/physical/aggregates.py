"""Aggregate planning: project keys and arguments, aggregate in two phases, compute outputs.

``GROUP BY`` with ROLLUP/CUBE/GROUPING SETS is expanded first: each input row is
emitted once per grouping set, with the keys outside that set nulled and the set's
``grouping()`` bits added as extra keys, so one aggregation computes every set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine import types as T
from engine.compute.aggregate import AggSpec
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.display import sql_name
from engine.expr.nodes import Attribute, Expr
from engine.expr.typing import dtype_of
from engine.logical import nodes as L
from engine.logical.nodes import to_attribute
from engine.physical import nodes as P

if TYPE_CHECKING:
    from engine.physical.planner import Planner


def _counts_rows(call: n.AggCall) -> bool:
    """``count(*)``/``count(1)``: a count of rows, whose constant argument need not be a column."""
    return (
        call.name.lower() == "count"
        and not call.distinct
        and all(isinstance(a, n.Literal) and a.value is not None for a in call.args)
    )


def plan_aggregate(planner: Planner, plan: L.Aggregate) -> P.PhysicalOp:
    child = planner.build(plan.input)
    groupings = [tr.strip_alias(g) for g in plan.groupings]
    key_aliases = [n.Alias(g, "_gkey") for g in groupings]
    key_attrs = [to_attribute(a) for a in key_aliases]

    calls: dict[n.AggCall, Attribute] = {}
    for o in plan.outputs:
        for e in tr.walk(o):
            if isinstance(e, n.AggCall) and e not in calls:
                calls[e] = Attribute("_agg", e.dtype, True, n.new_id())

    arg_exprs: list[n.Alias] = []
    specs: list[AggSpec] = []
    arg_columns: dict[Expr, str] = {}  # an argument several aggregates share is one column
    for call, out in calls.items():
        arg_keys = []
        for a in () if _counts_rows(call) else call.args:
            if call.filter is not None and not isinstance(a, (n.Literal, Attribute)):
                # ``sum(1 / ten) FILTER (WHERE ten > 0)``: as in Spark, the argument is computed
                # only for the rows the filter keeps (1 / 0 must not raise for the others)
                a = n.CaseWhen(((call.filter, a),), None, dtype_of(a))
            if a not in arg_columns:
                alias = n.Alias(a, "_arg")
                arg_exprs.append(alias)
                arg_columns[a] = to_attribute(alias).key
            arg_keys.append(arg_columns[a])
        filter_key = None
        if call.filter is not None:
            falias = n.Alias(call.filter, "_filter")
            arg_exprs.append(falias)
            filter_key = to_attribute(falias).key
        specs.append(AggSpec(call, tuple(arg_keys), filter_key, out.key))

    grouping_calls = _grouping_calls(plan.outputs)
    constants: dict[Expr, Expr] = {}
    if plan.grouping_sets is None:
        pre: P.PhysicalOp = P.ProjectExec(child, (*key_aliases, *arg_exprs))
        keys = tuple(a.key for a in key_attrs)
        bit_attrs: dict[n.Call, Attribute] = {}
    elif not groupings and len(plan.grouping_sets) == 1:
        # ``GROUP BY GROUPING SETS (())``: Spark's grand total, one row even over no input rows
        # (``GROUP BY k GROUPING SETS (())`` stays grouped: no rows then), grouping_id() 0.
        # Several sets, even all empty (``GROUPING SETS ((), ())``), are Spark's Expand grouped
        # by the set: one row per set, and none over no input rows
        pre, keys, bit_attrs = P.ProjectExec(child, tuple(arg_exprs)), (), {}
        constants = {c: n.Literal(_grouping_value(c, key_aliases, ()), c.dtype) for c in grouping_calls}
    else:
        pre, keys, bit_attrs = _expand(child, key_aliases, key_attrs, arg_exprs, plan.grouping_sets, grouping_calls)

    agg = planner._two_phase(pre, keys, tuple(specs), "aggregate")

    def rewrite(e: Expr) -> Expr:
        inner = e
        for constant, value in constants.items():
            if tr.same_expr(inner, constant):
                return value
        for g, attr in zip(groupings, key_attrs):
            if tr.same_expr(inner, g):
                return attr
        if isinstance(inner, n.AggCall):
            return calls[inner]
        if isinstance(inner, n.Call) and inner in bit_attrs:
            return bit_attrs[inner]
        return tr.map_children(inner, rewrite)

    outputs = tuple(_rename_output(o, rewrite) for o in plan.outputs)
    return P.ProjectExec(agg, outputs)


def _rename_output(o: Expr, rewrite) -> Expr:  # type: ignore[no-untyped-def]
    """An output column keeps its attribute (name and id) while its value is rewritten."""
    if isinstance(o, n.Alias):
        return n.Alias(rewrite(o.child), o.name, o.id)
    if isinstance(o, Attribute):
        new = rewrite(o)
        return o if new == o else n.Alias(new, o.name, o.id)
    raise TypeError(f"aggregate output must be named: {o!r}")


def _grouping_calls(outputs: tuple[Expr, ...]) -> list[n.Call]:
    found: list[n.Call] = []
    for o in outputs:
        for e in tr.walk(o):
            if isinstance(e, n.Call) and e.name in ("grouping", "grouping_id") and e not in found:
                found.append(e)
    return found


def _expand(
    child: P.PhysicalOp,
    key_aliases: list[n.Alias],
    key_attrs: list[Attribute],
    arg_exprs: list[n.Alias],
    sets: tuple[tuple[int, ...], ...],
    grouping_calls: list[n.Call],
) -> tuple[P.PhysicalOp, tuple[str, ...], dict[n.Call, Attribute]]:
    """One projection per grouping set, unioned: the Expand operator of Spark."""
    nkeys = len(key_aliases)
    gid_attr = Attribute("spark_grouping_id", T.LongType(), False, n.new_id())
    bit_attrs = {c: Attribute("_grouping", c.dtype, False, n.new_id()) for c in grouping_calls}
    # a set listed twice (``GROUP BY a, CUBE(a, b)``) gives its groups twice, as Spark's
    # _gen_grouping_pos key keeps them apart; without it they would merge and sum twice
    repeated = len({frozenset(s) for s in sets}) < len(sets)
    pos_attr = Attribute("_gen_grouping_pos", T.IntegerType(), False, n.new_id())
    projections: list[P.PhysicalOp] = []
    for position, s in enumerate(sets):
        exprs: list[Expr] = []
        for i, (alias, attr) in enumerate(zip(key_aliases, key_attrs)):
            value = alias.child if i in s else n.Literal(None, attr.dtype)
            exprs.append(n.Alias(value, attr.name, attr.id))
        gid = sum(1 << (nkeys - 1 - i) for i in range(nkeys) if i not in s)
        exprs.append(n.Alias(n.Literal(gid, T.LongType()), gid_attr.name, gid_attr.id))
        if repeated:
            exprs.append(n.Alias(n.Literal(position, T.IntegerType()), pos_attr.name, pos_attr.id))
        for call, attr in bit_attrs.items():
            exprs.append(n.Alias(n.Literal(_grouping_value(call, key_aliases, s), call.dtype), attr.name, attr.id))
        exprs.extend(arg_exprs)
        projections.append(P.ProjectExec(child, tuple(exprs)))
    keys = tuple(a.key for a in key_attrs) + (gid_attr.key,) + ((pos_attr.key,) if repeated else ())
    keys += tuple(a.key for a in bit_attrs.values())
    names = keys + tuple(to_attribute(a).key for a in arg_exprs)
    union = P.UnionExec(tuple(projections), names, tuple(names for _ in projections))
    return union, keys, bit_attrs


def _grouping_value(call: n.Call, key_aliases: list[n.Alias], s: tuple[int, ...]) -> int:
    """``grouping(k)`` is 1 when k is aggregated away in set `s`; grouping_id() packs the bits."""
    groupings = [a.child for a in key_aliases]

    def index_of(e: Expr) -> int:
        e = tr.strip_alias(e)
        for i, g in enumerate(groupings):
            if tr.same_expr(g, e):
                return i
        raise AnalysisException(
            f"[GROUPING_COLUMN_MISMATCH] Column of grouping ({sql_name(e)}) can't be found in grouping columns "
            f"{', '.join(sql_name(g) for g in groupings)}. SQLSTATE: 42803",
            "GROUPING_COLUMN_MISMATCH",
        )

    if call.name == "grouping":
        return 0 if index_of(call.args[0]) in s else 1
    idx = [index_of(a) for a in call.args] if call.args else list(range(len(groupings)))
    return sum((0 if i in s else 1) << (len(idx) - 1 - j) for j, i in enumerate(idx))
