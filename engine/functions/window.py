"""Window-only functions of ``F``: ranking, distribution and offset functions (use with ``.over``)."""

from __future__ import annotations

from typing import Any

from engine.api.column import Column, ColumnOrName, to_expr
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.functions._build import call

__all__ = [
    "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "nth_value",
    "counter_diff",
]  # fmt: skip


def row_number() -> Column:
    """1, 2, 3, ... within each window partition, in window order."""
    return call("row_number")


def rank() -> Column:
    """Rank with gaps: peers (equal order keys) share a rank, the next rank skips."""
    return call("rank")


def dense_rank() -> Column:
    """Rank without gaps: peers share a rank, the next distinct value is the next rank."""
    return call("dense_rank")


def percent_rank() -> Column:
    """(rank - 1) / (rows in partition - 1), 0 for a one-row partition."""
    return call("percent_rank")


def cume_dist() -> Column:
    """Fraction of the partition's rows ordered at or before the current row (peers included)."""
    return call("cume_dist")


def ntile(n: int) -> Column:  # noqa: A002 - PySpark's parameter name
    """Bucket number 1..n splitting each partition into `n` near-equal ordered buckets."""
    return Column(_fn("ntile", literal(n)))


def lag(col: ColumnOrName, offset: int = 1, default: Any | None = None) -> Column:
    """The value `offset` rows before the current row, `default` when there is no such row."""
    return Column(_fn("lag", to_expr(col), literal(offset), literal(default)))


def lead(col: ColumnOrName, offset: int = 1, default: Any | None = None) -> Column:
    """The value `offset` rows after the current row, `default` when there is no such row."""
    return Column(_fn("lead", to_expr(col), literal(offset), literal(default)))


def nth_value(col: ColumnOrName, offset: int, ignoreNulls: bool | None = False) -> Column:  # noqa: N803
    """The value of the `offset`-th row of the window frame (1-based), null if the frame is shorter."""
    return Column(
        n.UnresolvedFunction("nth_value", (to_expr(col), literal(offset)), ignore_nulls=bool(ignoreNulls))
    )


def counter_diff(value: ColumnOrName, startTime: ColumnOrName | None = None) -> Column:  # noqa: N803
    """A cumulative counter's increase since the previous row with a counter (null on the first
    row, on a null counter and where the counter reset: it fell, or `startTime` moved on)."""
    args = (to_expr(value),) + ((to_expr(startTime),) if startTime is not None else ())
    return Column(_fn("counter_diff", *args))


def _fn(name: str, *args: n.Expr) -> n.UnresolvedFunction:
    return n.UnresolvedFunction(name, args)
