"""Partition transform functions of ``F`` for ``df.writeTo(t).partitionedBy(...)``: years,
months, days, hours and bucket. They are not SQL functions and compute nothing on their own;
partitionedBy reads them (bucket is accepted, the others rejected as by Spark's session
catalog, see engine.api.writer_v2)."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName, to_expr
from engine.errors import PySparkTypeError
from engine.expr import nodes as n
from engine.expr.literals import literal

__all__ = ["bucket", "days", "hours", "months", "years"]


def _transform(name: str, col: ColumnOrName) -> Column:
    return Column(n.UnresolvedFunction(name, (to_expr(col),)))


def years(col: ColumnOrName) -> Column:
    """Partition by the year of a date or timestamp."""
    return _transform("years", col)


def months(col: ColumnOrName) -> Column:
    """Partition by the month of a date or timestamp."""
    return _transform("months", col)


def days(col: ColumnOrName) -> Column:
    """Partition by the day of a date or timestamp."""
    return _transform("days", col)


def hours(col: ColumnOrName) -> Column:
    """Partition by the hour of a timestamp."""
    return _transform("hours", col)


def bucket(numBuckets: Column | int, col: ColumnOrName) -> Column:  # noqa: N803 - PySpark name
    """Partition by a hash of `col` into `numBuckets` buckets."""
    if isinstance(numBuckets, bool) or not isinstance(numBuckets, (int, Column)):
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `numBuckets` should be Column or int, got {type(numBuckets).__name__}.",
            "NOT_EXPECTED_TYPE",
            {"arg_name": "numBuckets", "arg_type": type(numBuckets).__name__},
        )
    count = numBuckets.expr if isinstance(numBuckets, Column) else literal(numBuckets)
    return Column(n.UnresolvedFunction("bucket", (count, to_expr(col))))
