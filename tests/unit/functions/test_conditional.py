"""Null-handling and conditional functions."""

from __future__ import annotations

from engine import functions as F
from engine import types as T
from engine.api.column import Column
from engine.expr import nodes as n
from engine.expr.display import sql_name
from engine.expr.resolve import Scope, resolve
from engine.expr.typing import dtype_of

a, b, c = F.col("a"), F.col("b"), F.col("c")


def test_coalesce_takes_the_first_non_null_in_the_common_type(values):
    assert values(F.coalesce(a, b), a=[None, 1, None], b=[2.5, 3.5, None]) == [2.5, 1.0, None]


def test_nvl_and_ifnull_replace_nulls(values):
    assert values(F.nvl(a, b), a=[None, 1], b=[9, 9]) == [9, 1]
    assert values(F.ifnull(a, F.lit("x")), a=[None, "y"]) == ["x", "y"]


def test_nvl2_picks_by_nullness_of_the_first_argument(values):
    assert values(F.nvl2(a, b, c), a=[None, 0], b=[1, 1], c=[2, 2]) == [2, 1]


def test_nullif_is_null_when_both_sides_are_equal(values):
    assert values(F.nullif(a, b), a=[1, 1, None], b=[1, 2, 1]) == [None, 1, None]


def test_isnull_and_isnotnull_are_never_null(values):
    assert values(F.isnull(a), a=[None, 1]) == [True, False]
    assert values(F.isnotnull(a), a=[None, 1]) == [False, True]


def test_equal_null_treats_two_nulls_as_equal(values):
    assert values(F.equal_null(a, b), a=[None, 1, None], b=[None, 1, 2]) == [True, True, False]


def test_if_chooses_the_else_branch_for_a_null_condition(values):
    expr = Column(n.UnresolvedFunction("if", (a.expr, F.lit(1).expr, F.lit(2).expr)))
    assert values(expr, a=[True, False, None]) == [1, 2, 2]


def test_conditional_types_and_names():
    attrs = (
        n.Attribute("a", T.IntegerType(), True, n.new_id()),
        n.Attribute("b", T.DoubleType(), True, n.new_id()),
    )
    e = resolve(F.coalesce(a, b).expr, Scope(attrs))
    assert dtype_of(e) == T.DoubleType()
    assert sql_name(e) == "coalesce(a, b)"
    cond = resolve(n.UnresolvedFunction("if", (F.lit(True).expr, a.expr, b.expr)), Scope(attrs))
    assert sql_name(cond) == "(IF(true, a, b))"
