"""Simplifies AND / OR / NOT when one side is a boolean literal or both sides are the same."""

from __future__ import annotations

from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Expr
from engine.logical.nodes import LogicalPlan
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import FALSE, TRUE, is_deterministic, is_literal_bool, rewrite_expressions


@node_rule()
def simplify_booleans(plan: LogicalPlan) -> LogicalPlan:
    """Boolean identities with Spark's three-valued logic.

    Before: ``Filter ((true AND (k#1 > 1)) OR false)``
    After:  ``Filter (k#1 > 1)``

    ``true AND x -> x``, ``false AND x -> false``, ``true OR x -> true``,
    ``false OR x -> x`` (either side), ``NOT true -> false``, ``NOT NOT x -> x``,
    ``x AND x -> x`` and ``x OR x -> x`` for deterministic `x`.
    """
    return rewrite_expressions(plan, lambda e: tr.transform_up(e, _simplify))


def _simplify(e: Expr) -> Expr:
    match e:
        case n.Call(name="and", args=(a, b)):
            if is_literal_bool(a, True):
                return b
            if is_literal_bool(b, True):
                return a
            if is_literal_bool(a, False) or is_literal_bool(b, False):
                return FALSE
            if a == b and is_deterministic(a):
                return a
            return e
        case n.Call(name="or", args=(a, b)):
            if is_literal_bool(a, False):
                return b
            if is_literal_bool(b, False):
                return a
            if is_literal_bool(a, True) or is_literal_bool(b, True):
                return TRUE
            if a == b and is_deterministic(a):
                return a
            return e
        case n.Call(name="not", args=(a,)):
            if is_literal_bool(a, True):
                return FALSE
            if is_literal_bool(a, False):
                return TRUE
            if isinstance(a, n.Call) and a.name == "not" and len(a.args) == 1:
                return a.args[0]
            return e
        case _:
            return e
