"""Each optimizer rule on small hand-built plans: the structure before and after, and the text."""

from __future__ import annotations

import pyarrow as pa
import pytest

from engine import types as T
from engine.expr import nodes as n
from engine.logical import nodes as L
from engine.logical.display import tree_string
from engine.optimizer import rules as R
from engine.optimizer.driver import optimize, rule_names

LONG, DOUBLE, BOOL = T.LongType(), T.DoubleType(), T.BooleanType()
k = n.Attribute("k", LONG, True, 1001)
v = n.Attribute("v", DOUBLE, True, 1002)
s = n.Attribute("s", T.StringType(), True, 1003)
k2 = n.Attribute("k", LONG, True, 1011)
w2 = n.Attribute("w", DOUBLE, True, 1012)


def lit(value: object, dtype: T.DataType = LONG) -> n.Literal:
    return n.Literal(value, dtype)


def call(name: str, *args: n.Expr, dtype: T.DataType = BOOL) -> n.Call:
    return n.Call(name, args, dtype, True)


def gt(a: n.Expr, b: n.Expr) -> n.Call:
    return call(">", a, b)


def and_(a: n.Expr, b: n.Expr) -> n.Call:
    return call("and", a, b)


def rel(*attrs: n.Attribute, rows: int = 2) -> L.InMemory:
    table = pa.table({a.key: pa.array([None] * rows, T.to_arrow(a.dtype)) for a in attrs})
    return L.InMemory((table,), attrs, 77)


T1 = rel(k, v, s)
T2 = rel(k2, w2)


def test_rule_names_are_unique_and_excludable() -> None:
    names = rule_names()
    assert len(names) == len(set(names))
    plan = L.Filter(L.Filter(T1, gt(k, lit(1))), gt(v, lit(0.0, DOUBLE)))
    assert optimize(plan, frozenset(names)) is plan


def test_combine_filters() -> None:
    plan = L.Filter(L.Filter(T1, gt(k, lit(1))), gt(v, lit(0.0, DOUBLE)))
    assert R.combine_filters(plan) == L.Filter(T1, and_(gt(k, lit(1)), gt(v, lit(0.0, DOUBLE))))
    assert R.combine_filters(T1) is T1


def test_combine_filters_keeps_a_non_deterministic_inner_filter() -> None:
    rnd = gt(call("rand", dtype=DOUBLE), lit(0.5, DOUBLE))
    plan = L.Filter(L.Filter(T1, rnd), gt(k, lit(1)))
    assert R.combine_filters(plan) is plan


def test_constant_folding() -> None:
    plan = L.Project(
        T1, (n.Alias(call("*", v, call("+", lit(1), lit(1), dtype=LONG), dtype=DOUBLE), "w", 5),)
    )
    folded = R.constant_folding(plan)
    assert folded == L.Project(T1, (n.Alias(call("*", v, lit(2), dtype=DOUBLE), "w", 5),))
    assert tree_string(folded).startswith("Project [(v#1002 * 2) AS w#5]")


def test_constant_folding_leaves_ansi_errors_for_run_time() -> None:
    div = call("/", lit(1.0, DOUBLE), lit(0.0, DOUBLE), dtype=DOUBLE)
    bad_cast = n.Cast(lit("abc", T.StringType()), T.IntegerType())
    plan = L.Project(T1, (n.Alias(div, "d", 6), n.Alias(bad_cast, "c", 7)))
    assert R.constant_folding(plan) is plan


def test_simplify_booleans() -> None:
    t, f = lit(True, BOOL), lit(False, BOOL)
    c = gt(k, lit(1))
    plan = L.Filter(T1, call("or", and_(t, c), f))
    assert R.simplify_booleans(plan) == L.Filter(T1, c)
    assert R.simplify_booleans(L.Filter(T1, and_(c, f))) == L.Filter(T1, f)
    assert R.simplify_booleans(L.Filter(T1, call("not", call("not", c)))) == L.Filter(T1, c)


def test_eliminate_filter_true_and_empty_for_false() -> None:
    assert R.eliminate_filter(L.Filter(T1, lit(True, BOOL))) is T1
    empty = R.propagate_empty_relation(L.Project(L.Filter(T1, lit(False, BOOL)), (k,)))
    assert isinstance(empty, L.InMemory) and L.output(empty) == (k,)
    assert sum(t.num_rows for t in empty.partitions) == 0
    assert isinstance(R.propagate_empty_relation(L.Limit(T1, 0)), L.InMemory)


def test_empty_relation_keeps_global_aggregates() -> None:
    count = n.Alias(n.AggCall("count", (lit(1),), LONG), "n", 9)
    plan = L.Aggregate(L.Filter(T1, lit(False, BOOL)), (), (count,))
    out = R.propagate_empty_relation(plan)
    assert isinstance(out, L.Aggregate) and isinstance(out.input, L.InMemory)


def test_push_filter_through_project_rewrites_aliases() -> None:
    w = n.Alias(call("*", v, lit(2.0, DOUBLE), dtype=DOUBLE), "w", 20)
    proj = L.Project(T1, (k, w))
    plan = L.Filter(proj, gt(L.to_attribute(w), lit(4.0, DOUBLE)))
    expected = L.Project(L.Filter(T1, gt(w.child, lit(4.0, DOUBLE))), (k, w))
    assert R.push_filter_through_project(plan) == expected


def test_push_filter_through_project_stops_at_non_deterministic_columns() -> None:
    r = n.Alias(call("rand", dtype=DOUBLE), "r", 21)
    plan = L.Filter(L.Project(T1, (k, r)), gt(k, lit(1)))
    assert R.push_filter_through_project(plan) is plan


def test_push_filter_through_inner_join() -> None:
    cond = call("=", k, k2)
    plan = L.Filter(
        L.Join(T1, T2, "inner", cond), and_(and_(gt(k, lit(1)), gt(w2, lit(0.0, DOUBLE))), gt(v, w2))
    )
    out = R.push_filter_through_join(plan)
    assert out == L.Join(
        L.Filter(T1, gt(k, lit(1))), L.Filter(T2, gt(w2, lit(0.0, DOUBLE))), "inner", and_(cond, gt(v, w2))
    )


def test_push_filter_through_left_join_only_into_the_left() -> None:
    cond = call("=", k, k2)
    plan = L.Filter(L.Join(T1, T2, "left", cond), and_(gt(k, lit(1)), gt(w2, lit(0.0, DOUBLE))))
    out = R.push_filter_through_join(plan)
    assert out == L.Filter(L.Join(L.Filter(T1, gt(k, lit(1))), T2, "left", cond), gt(w2, lit(0.0, DOUBLE)))


def test_push_join_condition_into_the_null_producing_side() -> None:
    on = and_(call("=", k, k2), and_(gt(k, lit(1)), gt(w2, lit(0.0, DOUBLE))))
    out = R.push_filter_through_join(L.Join(T1, T2, "left", on))
    expected = L.Join(
        T1, L.Filter(T2, gt(w2, lit(0.0, DOUBLE))), "left", and_(call("=", k, k2), gt(k, lit(1)))
    )
    assert out == expected
    inner = R.push_filter_through_join(L.Join(T1, T2, "inner", on))
    assert inner == L.Join(
        L.Filter(T1, gt(k, lit(1))), L.Filter(T2, gt(w2, lit(0.0, DOUBLE))), "inner", call("=", k, k2)
    )
    full = L.Join(T1, T2, "full", on)
    assert R.push_filter_through_join(full) is full


def test_push_filter_through_aggregate_on_grouping_keys_only() -> None:
    total = n.Alias(n.AggCall("sum", (v,), DOUBLE), "t", 30)
    agg = L.Aggregate(T1, (s,), (s, total))
    on_key = call("=", s, lit("a", T.StringType()))
    on_sum = gt(L.to_attribute(total), lit(1.0, DOUBLE))
    out = R.push_filter_through_aggregate(L.Filter(agg, and_(on_key, on_sum)))
    assert out == L.Filter(L.Aggregate(L.Filter(T1, on_key), (s,), (s, total)), on_sum)
    global_agg = L.Filter(L.Aggregate(T1, (), (total,)), on_sum)
    assert R.push_filter_through_aggregate(global_agg) is global_agg


def test_push_filter_through_union_renames_columns() -> None:
    union = L.Union((T1.__class__(T1.partitions, (k, v), 1), T2), (k, v))
    out = R.push_filter_through_union(L.Filter(union, gt(v, lit(0.0, DOUBLE))))
    assert isinstance(out, L.Union)
    assert out.inputs[1] == L.Filter(T2, gt(w2, lit(0.0, DOUBLE)))


def test_push_filter_through_window_on_partition_keys_only() -> None:
    rank = n.Alias(
        n.WindowExpr(call("rank", dtype=T.IntegerType()), n.WindowSpecDef((s,), (n.SortOrder(v),))), "r", 40
    )
    window = L.Window(T1, (rank,), (s,), (n.SortOrder(v),))
    on_key = call("=", s, lit("a", T.StringType()))
    out = R.push_filter_through_window(L.Filter(window, and_(on_key, gt(v, lit(0.0, DOUBLE)))))
    assert out == L.Filter(
        L.Window(L.Filter(T1, on_key), (rank,), (s,), (n.SortOrder(v),)), gt(v, lit(0.0, DOUBLE))
    )


def test_push_filter_through_sort() -> None:
    plan = L.Filter(L.Sort(T1, (n.SortOrder(v),)), gt(k, lit(1)))
    assert R.push_filter_through_sort(plan) == L.Sort(L.Filter(T1, gt(k, lit(1))), (n.SortOrder(v),))


def test_push_down_limit() -> None:
    proj = L.Project(L.Sort(T1, (n.SortOrder(v),)), (k,))
    assert R.push_down_limit(L.Limit(proj, 3)) == L.Project(L.Limit(L.Sort(T1, (n.SortOrder(v),)), 3), (k,))
    union = L.Union((T1, T1), (k, v, s))
    assert R.push_down_limit(L.Limit(union, 2, 1)) == L.Limit(
        L.Union((L.Limit(T1, 3), L.Limit(T1, 3)), (k, v, s)), 2, 1
    )
    assert R.push_down_limit(L.Limit(L.Limit(T1, 5), 2)) == L.Limit(T1, 2)


def test_combine_projects_inlines_single_use_aliases() -> None:
    w = n.Alias(call("*", v, lit(2.0, DOUBLE), dtype=DOUBLE), "w", 50)
    wa = L.to_attribute(w)
    z = n.Alias(call("+", wa, lit(1.0, DOUBLE), dtype=DOUBLE), "z", 51)
    plan = L.Project(L.Project(T1, (k, w)), (z, wa))
    assert R.combine_projects(L.Project(L.Project(T1, (k, w)), (z,))) == L.Project(
        T1, (n.Alias(call("+", w.child, lit(1.0, DOUBLE), dtype=DOUBLE), "z", 51),)
    )
    assert R.combine_projects(plan) is plan  # w would be computed twice


def test_remove_noop_projects_and_subquery_alias() -> None:
    assert R.remove_noop_projects(L.Project(T1, (k, v, s))) is T1
    assert R.remove_noop_projects(L.Project(T1, (v, k, s))) != T1
    assert R.remove_subquery_alias(L.SubqueryAlias(T1, "t")) is T1


def test_prune_columns_narrows_leaves_and_join_inputs() -> None:
    plan = L.Project(L.Join(T1, T2, "inner", call("=", k, k2)), (s,))
    out = R.prune_columns(plan)
    assert tree_string(out) == "\n".join([
        "Project [s#1003]",
        "+- Join Inner, (k#1001 = k#1011)",
        "   :- LocalRelation [k#1001, s#1003]",
        "   +- LocalRelation [k#1011]",
    ])  # fmt: skip
    assert R.prune_columns(out) == out


def test_prune_columns_keeps_the_plan_output() -> None:
    plan = L.Filter(T1, gt(k, lit(1)))
    assert R.prune_columns(plan) is plan


def test_push_filter_into_scan() -> None:
    scan = L.FileScan(object(), (k, v), ("k", "v"))
    out = R.push_filter_into_scan(L.Filter(scan, gt(k, lit(1))))
    assert out == L.FileScan(scan.source, (k, v), ("k", "v"), (gt(k, lit(1)),))


@pytest.mark.parametrize("name", rule_names())
def test_every_rule_has_a_before_after_docstring(name: str) -> None:
    rule = getattr(R, name)
    assert "Before" in (rule.__doc__ or "") and "After" in (rule.__doc__ or "")
