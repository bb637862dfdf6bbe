"""Random-value functions of ``F`` (Spark 4): uniform, randstr."""

from __future__ import annotations

import random

from engine.api.column import Column, ColumnOrName, to_expr_or_lit
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.expr.signatures.random_values import HIDDEN_SEED

__all__ = ["randstr", "uniform"]


def _seed(seed: ColumnOrName | int | None) -> n.Expr:
    """The seed as given, or a random one chosen now (so that a recomputed partition draws the
    same values), kept out of the column's name as Spark does."""
    if seed is None:
        return n.Alias(literal(random.getrandbits(64) - 2**63), HIDDEN_SEED)
    return to_expr_or_lit(seed)


def uniform(min: ColumnOrName | float, max: ColumnOrName | float, seed: ColumnOrName | int | None = None) -> Column:  # noqa: A002 - PySpark names
    """Random numbers between `min` and `max`, typed as the bounds (ints give ints)."""
    return Column(n.UnresolvedFunction("uniform", (to_expr_or_lit(min), to_expr_or_lit(max), _seed(seed))))


def randstr(length: ColumnOrName | int, seed: ColumnOrName | int | None = None) -> Column:
    """Random strings of `length` characters drawn from 0-9, a-z and A-Z."""
    return Column(n.UnresolvedFunction("randstr", (to_expr_or_lit(length), _seed(seed))))
