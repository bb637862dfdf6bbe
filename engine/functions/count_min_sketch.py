"""``F.count_min_sketch``: Spark's count-min sketch aggregate (a BINARY, see
engine.compute.aggregate_count_min_sketch)."""

from __future__ import annotations

import random

from engine.api.column import Column, ColumnOrName
from engine.expr.literals import literal
from engine.functions._build import call

__all__ = ["count_min_sketch"]


def count_min_sketch(
    col: ColumnOrName, eps: Column | float, confidence: Column | float, seed: Column | int | None = None
) -> Column:
    """A count-min sketch of `col` with relative error `eps` at `confidence`; its hashes are drawn
    from `seed` (a random one when None, which the column's name then shows, as in Spark)."""
    if seed is None:
        seed = random.randint(0, 2**31 - 1)
    args = [a if isinstance(a, Column) else Column(literal(a)) for a in (eps, confidence, seed)]
    return call("count_min_sketch", col, *args)
