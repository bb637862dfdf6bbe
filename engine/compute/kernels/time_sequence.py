"""``sequence(start, stop[, step])`` over dates and timestamps (a date spine, hourly slots).

A day-time step moves by exact microseconds; a year-month step lands on ``add_months(start,
k * step)`` for k = 0, 1, ... (the day clamps to the month's length, so Jan 31 by one month
gives Feb 29, Mar 31, ...). With no step, dates and timestamps move by one day.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels._util import np_values, valid
from engine.compute.kernels.collections import lists_from
from engine.compute.kernels.datetime import US_PER_DAY
from engine.compute.kernels.intervals import _add_months_days, _micros, _timestamp_add_months, months_of
from engine.errors import IllegalArgumentException


def check_boundaries(lo: np.ndarray, hi: np.ndarray, step: np.ndarray, ok: np.ndarray, shown: np.ndarray | None = None) -> None:
    """Spark's requirement on a sequence: the step moves from start towards stop (a zero step
    only when they are equal), else ``Illegal sequence boundaries: <start> to <stop> by <step>``
    with the numbers Spark compares (days, microseconds, or the months of a year-month step)."""
    bad = ok & (((step == 0) & (lo != hi)) | ((hi - lo) * np.sign(step) < 0))
    if bad.any():
        i = int(np.argmax(bad))
        by = step if shown is None else shown
        raise IllegalArgumentException(f"requirement failed: Illegal sequence boundaries: {lo[i]} to {hi[i]} by {by[i]}")


def _granularity_error(kind: str) -> IllegalArgumentException:
    """A step that moves dates by less than a day (Spark's wording, "year to month" included)."""
    return IllegalArgumentException(
        f"sequence step must be an interval {kind} of day granularity if start and end values are dates",
        "_LEGACY_ERROR_TEMP_3242",
    )


def time_sequence(arrays: list[pa.Array], typ: pa.ListType, dtype: T.DataType, ctx: EvalContext) -> pa.Array:
    """One array per row of dates or timestamps from start to stop (inclusive) by the step."""
    start, stop = arrays[0], arrays[1]
    ok = np.logical_and.reduce([valid(x) for x in arrays])
    if len(arrays) == 3 and pa.types.is_interval(arrays[2].type):
        return _by_months(start, stop, months_of(arrays[2]), ok, typ, dtype, ctx)
    step = np_values(arrays[2].cast(pa.int64())).astype(np.int64) if len(arrays) == 3 else None
    lo, hi = _micros(start), _micros(stop)
    if step is None:
        step = np.where(hi >= lo, US_PER_DAY, -US_PER_DAY)
    elif pa.types.is_date(start.type):
        if (ok & (np.abs(step) < US_PER_DAY)).any():
            raise _granularity_error("day to second")
        whole = step % US_PER_DAY == 0  # whole days: Spark compares days, else microseconds
        check_boundaries(lo // US_PER_DAY, hi // US_PER_DAY, step // US_PER_DAY, ok & whole)
        check_boundaries(lo, hi, step, ok & ~whole)
    else:
        check_boundaries(lo, hi, step, ok)
    counts = np.where(ok, (hi - lo) // np.where(step == 0, 1, step) + 1, 0)
    rows = np.repeat(np.arange(len(lo)), counts)
    local = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    values = lo[rows] + local * step[rows]
    return lists_from(_as_type(values, typ.value_type), counts, ok, typ)


def _by_months(
    start: pa.Array, stop: pa.Array, months: np.ndarray, ok: np.ndarray, typ: pa.ListType, dtype: T.DataType,
    ctx: EvalContext,
) -> pa.Array:
    lo, hi = _micros(start), _micros(stop)
    if pa.types.is_date(start.type) and (ok & (months == 0)).any():
        raise _granularity_error("year to month")
    check_boundaries(lo, hi, months, ok)
    span = np.abs(_month_index(hi) - _month_index(lo)) // np.maximum(np.abs(months), 1) + 1
    bound = np.where(ok, np.where(months == 0, 1, span + 1), 0)  # candidates; those past stop are dropped below
    rows = np.repeat(np.arange(len(lo)), bound)
    k = np.arange(len(rows)) - np.repeat(np.cumsum(bound) - bound, bound)
    shift = k * months[rows]
    if pa.types.is_date(start.type):
        values = _add_months_days(lo[rows] // US_PER_DAY, shift) * US_PER_DAY
    else:
        values = _timestamp_add_months(start.take(pa.array(rows, pa.int64())), shift, dtype, ctx)
    keep = np.where(months[rows] > 0, values <= hi[rows], values >= hi[rows])
    counts = np.bincount(rows[keep], minlength=len(lo))
    return lists_from(_as_type(values[keep], typ.value_type), counts, ok, typ)


def _month_index(us: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of each instant (UTC calendar; only bounds the candidates)."""
    return (us // US_PER_DAY).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _as_type(micros: np.ndarray, target: pa.DataType) -> pa.Array:
    if pa.types.is_date(target):
        return pa.array(micros // US_PER_DAY, pa.int32()).cast(target)
    return pa.array(micros, pa.int64()).cast(pa.timestamp("us")).cast(target)
