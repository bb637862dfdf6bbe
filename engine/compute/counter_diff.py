"""counter_diff: a cumulative counter turned into per-row increases over a window partition.

Spark's ``counter_diff(value[, start_time]) OVER (PARTITION BY ... ORDER BY ...)`` compares each
row's counter with the last non-null counter before it in the partition (rows with a null
counter give null and are skipped). The increase is null on the first such row and where the
counter reset: it fell, or the start time moved on from the previous counter's. A negative
counter, or a start time that goes back, is an error. All of it is index arithmetic over the
rows sorted by partition and order keys.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.errors import SparkRuntimeException


def counter_diff(args: list[pa.Array], types: list[T.DataType], part_start: np.ndarray, ctx: EvalContext) -> pa.Array:
    """The increase of ``args[0]`` at each row (rows sorted, `part_start` each row's partition
    start), ``args[1]`` the optional start times."""
    value = args[0]
    size = len(value)
    has = np.asarray(value.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    _refuse_negative(value, types[0], has, ctx)
    rows = np.arange(size, dtype=np.int64)
    last = np.maximum.accumulate(np.where(has, rows, -1)) if size else rows
    prev = np.concatenate([[-1], last[:-1]]) if size else rows
    prev = np.where(prev >= part_start, prev, -1)  # none before the partition's first counter
    found = has & (prev >= 0)
    taken = pa.array(np.where(found, prev, 0), pa.int64())
    before = value.take(taken)
    fell = _spark_less(value, before)
    ok = found & ~fell
    if len(args) > 1 and not pa.types.is_null(args[1].type):
        ok &= ~_start_moved_on(args[1], types[1], taken, found, ctx)
    diff = pc.subtract(value, before)
    return pc.if_else(pa.array(ok), diff, pa.scalar(None, diff.type))


def _spark_less(a: pa.Array, b: pa.Array) -> np.ndarray:
    """``a < b`` with Spark's ordering of doubles (NaN above every number), nulls false."""
    less = pc.less(a, b)
    if pa.types.is_floating(a.type):
        a_nan, b_nan = pc.is_nan(a), pc.is_nan(b)
        less = pc.if_else(a_nan, False, pc.if_else(b_nan, True, less))
    return np.asarray(pc.fill_null(less, False).to_numpy(zero_copy_only=False), dtype=bool)


def _refuse_negative(value: pa.Array, dtype: T.DataType, has: np.ndarray, ctx: EvalContext) -> None:
    """COUNTER_DIFF_NEGATIVE_COUNTER_VALUE for the first negative counter."""
    negative = has & _spark_less(value, pa.array(np.zeros(len(value)), pa.float64()).cast(value.type))
    if negative.any():
        from engine.compute.cast import to_string

        shown = to_string(value.filter(pa.array(negative))[:1], dtype, ctx)[0].as_py()
        raise SparkRuntimeException(
            f"[COUNTER_DIFF_NEGATIVE_COUNTER_VALUE] A negative counter value {shown} was provided to function "
            "`counter_diff`. Negative counter values are not allowed.",
            "COUNTER_DIFF_NEGATIVE_COUNTER_VALUE",
            {"value": shown, "function": "`counter_diff`"},
        )


def _start_moved_on(
    start: pa.Array, dtype: T.DataType, taken: pa.Array, found: np.ndarray, ctx: EvalContext
) -> np.ndarray:
    """Rows whose start time is after the previous counter's (a reset); one before it is
    COUNTER_DIFF_START_TIME_DECREASED. A null start time on either side compares as neither."""
    before = start.take(taken)
    went_back = found & np.asarray(pc.fill_null(pc.less(start, before), False).to_numpy(zero_copy_only=False), dtype=bool)
    if went_back.any():
        from engine.compute.cast import to_string

        i = pa.array(went_back)
        was, now = (to_string(a.filter(i)[:1], dtype, ctx)[0].as_py() for a in (before, start))
        raise SparkRuntimeException(
            f"[COUNTER_DIFF_START_TIME_DECREASED] Start time provided to function `counter_diff` decreased from "
            f"{was} to {now}. Start time is required to be non-decreasing.",
            "COUNTER_DIFF_START_TIME_DECREASED",
            {"function": "`counter_diff`", "previousStartTime": was, "currentStartTime": now},
        )
    return np.asarray(pc.fill_null(pc.less(before, start), False).to_numpy(zero_copy_only=False), dtype=bool)
