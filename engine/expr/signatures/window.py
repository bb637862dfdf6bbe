"""Type rules of the window-only functions: ranking, distribution, offset and value functions."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.nodes import Literal
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, types_of, unexpected_type


def _no_args(result: T.DataType) -> Signature:
    return Signature(result, (), nullable=False)


@function("row_number", "window", max_args=0)
def _row_number(args: Sequence[object]) -> Signature:
    return _no_args(T.IntegerType())


@function("rank", "window", max_args=0)
def _rank(args: Sequence[object]) -> Signature:
    return _no_args(T.IntegerType())


@function("dense_rank", "window", max_args=0)
def _dense_rank(args: Sequence[object]) -> Signature:
    return _no_args(T.IntegerType())


@function("percent_rank", "window", max_args=0)
def _percent_rank(args: Sequence[object]) -> Signature:
    return _no_args(T.DoubleType())


@function("cume_dist", "window", max_args=0)
def _cume_dist(args: Sequence[object]) -> Signature:
    return _no_args(T.DoubleType())


@function("ntile", "window", min_args=1, max_args=1)
def _ntile(args: Sequence[object]) -> Signature:
    buckets = args[0]
    if not isinstance(buckets, Literal) or not isinstance(buckets.value, int) or buckets.value <= 0:
        value = buckets.value if isinstance(buckets, Literal) else sql_name(buckets)  # type: ignore[arg-type]
        msg = (
            f'[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "{expr_sql("ntile", args)}" due to data type '
            f"mismatch: The buckets must be between (0, 2147483647] (current value = {value})."
        )
        raise AnalysisException(msg, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE")
    return Signature(T.IntegerType(), (T.IntegerType(),), nullable=False)


def _offset_rule(name: str, args: Sequence[object]) -> Signature:
    """lag/lead(input[, offset[, default]]): the input's type; the default is cast to it.
    Without a default the rows past the partition's edge are null, so the result is nullable."""
    types = types_of(args)
    if len(args) > 1 and not (isinstance(args[1], Literal) and T.is_integral(types[1])):
        raise unexpected_type(name, args, 1, '"INT" literal')
    value = types[0]
    return Signature(value, (None, T.IntegerType(), value), nullable=True if len(args) < 3 else None)


@function("lag", "window", min_args=1, max_args=4)
def _lag(args: Sequence[object]) -> Signature:
    return _offset_rule("lag", args)


@function("lead", "window", min_args=1, max_args=4)
def _lead(args: Sequence[object]) -> Signature:
    return _offset_rule("lead", args)


@function("counter_diff", "window", min_args=1, max_args=2)
def _counter_diff(args: Sequence[object]) -> Signature:
    """counter_diff(value[, start_time]): the difference has the counter's own type (a counter
    is never negative, so a decimal's difference needs no wider type)."""
    types = types_of(args)
    if not T.is_numeric(types[0]):
        raise unexpected_type("counter_diff", args, 0, '"NUMERIC"')
    if len(args) > 1 and not isinstance(types[1], (T.TimestampType, T.TimestampNTZType, T.NullType)):
        raise unexpected_type("counter_diff", args, 1, '("TIMESTAMP" or "TIMESTAMP_NTZ")')
    return Signature(types[0], (None, None), nullable=True)


def _nth_value_pretty(name: str, args: list[str]) -> str:
    """``nth_value(x, 2) ignore nulls``: Spark shows the flag as words, and false not at all."""
    suffix = " ignore nulls" if args[2:] == ["true"] else ""
    return f"{name}({', '.join(args[:2])}){suffix}"


@function("nth_value", "window", min_args=2, max_args=3, pretty=_nth_value_pretty)
def _nth_value(args: Sequence[object]) -> Signature:
    types = types_of(args)
    if not (isinstance(args[1], Literal) and T.is_integral(types[1]) and (args[1].value or 0) > 0):
        raise unexpected_type("nth_value", args, 1, '"INT" literal > 0')
    return Signature(types[0], (None, T.LongType(), T.BooleanType()), nullable=True)


