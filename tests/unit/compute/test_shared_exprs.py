"""A subexpression repeated across a projection is computed once, only where it is computed on
every row anyway; the answers are those of evaluating each expression on its own."""

from __future__ import annotations

import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_all, evaluate_array
from engine.compute.shared_exprs import plan_shared
from engine.expr import nodes as n

L = T.LongType()
A, B = n.Attribute("a", L, True, 1), n.Attribute("b", L, True, 2)
BATCH = pa.RecordBatch.from_pydict({"a#1": pa.array([1, 2, None, 4]), "b#2": pa.array([5, 0, 7, 8])})


def _op(name: str, *args: n.Expr, dtype: T.DataType = L) -> n.Call:
    return n.Call(name, args, dtype)


def test_a_repeated_subexpression_is_computed_once_and_read_by_each_occurrence() -> None:
    product = _op("*", A, B)
    exprs = (n.Alias(product, "p"), n.Alias(_op("+", product, A), "q"))
    plan = plan_shared(exprs)
    assert [e for _, e in plan.shared] == [product]
    (attr, _), = plan.shared
    assert plan.exprs[1] == n.Alias(_op("+", attr, A), "q", id=exprs[1].id)


def test_nested_repeats_are_computed_smallest_first() -> None:
    inner = _op("-", A, B)
    outer = _op("*", inner, B)
    plan = plan_shared((outer, _op("+", outer, A), _op("abs", inner)))
    assert [e for _, e in plan.shared][0] == inner  # the larger one reads it, so it comes first
    assert len(plan.shared) == 2


def test_an_expression_only_inside_case_branches_is_not_hoisted() -> None:
    # b / a runs only on rows where a <> 0: computing it for every row could raise
    divide = _op("/", B, A, dtype=T.DoubleType())
    guarded = n.CaseWhen(((_op("<>", A, n.Literal(0, L), dtype=T.BooleanType()), divide),), divide, T.DoubleType())
    assert plan_shared((guarded,)).shared == ()


def test_non_deterministic_calls_are_never_shared() -> None:
    noise = _op("rand", n.Literal(7, L), dtype=T.DoubleType())
    assert plan_shared((_op("+", noise, A, dtype=T.DoubleType()), _op("-", noise, A, dtype=T.DoubleType()))).shared == ()


def test_shared_evaluation_gives_the_same_columns_as_one_by_one() -> None:
    product = _op("*", A, B)
    exprs = (product, _op("+", product, A), _op("-", _op("+", product, A), B))
    ctx = EvalContext()
    assert evaluate_all(exprs, BATCH, ctx) == [evaluate_array(e, BATCH, ctx) for e in exprs]
