"""Kernels of date/time arithmetic and the interval constructors, over int64/int32 numpy views.

Day-time intervals are Arrow ``duration[us]``; year-month intervals are Arrow
``month_day_nano_interval`` holding whole months (read and written through a numpy view of
the 16-byte values). Adding months follows add_months (the day clamps to the target month's
last day); on timestamps it moves the session-zone wall clock, as Spark does.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, overflow, valid
from engine.compute.kernels.datetime import US_PER_DAY, from_wall_clock, wall_clock
from engine.errors import ArithmeticException
from engine.expr.nodes import Call
from engine.expr.typing import dtype_of

_MDN = np.dtype([("months", "<i4"), ("days", "<i4"), ("nanos", "<i8")])


def months_of(a: pa.Array) -> np.ndarray:
    """The months of a year-month interval array as int64 (0 where null)."""
    if pa.types.is_integer(a.type):
        return np_values(a).astype(np.int64)
    data = np.frombuffer(a.buffers()[1], dtype=_MDN, count=a.offset + len(a))[a.offset :]
    return np.where(valid(a), data["months"].astype(np.int64), 0)


def ym_array(months: np.ndarray, ok: np.ndarray) -> pa.Array:
    """Whole months as a year-month interval array, null where `ok` is False."""
    data = np.zeros(len(months), dtype=_MDN)
    data["months"] = months.astype(np.int32)
    validity = None if ok.all() else pa.array(ok).buffers()[1]
    return pa.Array.from_buffers(pa.month_day_nano_interval(), len(months), [validity, pa.py_buffer(data.tobytes())])


def _micros(a: pa.Array) -> np.ndarray:
    """Timestamps, durations or dates as int64 microseconds (dates at midnight UTC)."""
    if pa.types.is_date(a.type):
        return np_values(a.cast(pa.int32())).astype(np.int64) * US_PER_DAY
    return np_values(a.cast(pa.int64())).astype(np.int64)


def _add_months_days(days: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Days since epoch moved by `months`, the day of month clamped to the target month."""
    d = days.astype("datetime64[D]")
    start = d.astype("datetime64[M]")
    target = start + months.astype("timedelta64[M]")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    day = (d - start.astype("datetime64[D]")).astype(np.int64)
    return target.astype("datetime64[D]").astype(np.int64) + np.minimum(day, length - 1)


def _timestamp_add_months(ts: pa.Array, months: np.ndarray, dtype: T.DataType, ctx: EvalContext) -> np.ndarray:
    """Timestamps moved by whole months on the (session-zone) wall clock."""
    zoned = isinstance(dtype, T.TimestampType)
    naive = wall_clock(ts, ctx) if zoned else ts
    us = _micros(naive)
    days = np.floor_divide(us, US_PER_DAY)
    moved = _add_months_days(days, months) * US_PER_DAY + (us - days * US_PER_DAY)
    if not zoned:
        return moved
    back = from_wall_clock(pa.array(moved, pa.timestamp("us")), ctx)
    return _micros(back)


def _timestamp_add_day_time(ts: pa.Array, micros: np.ndarray, ctx: EvalContext) -> np.ndarray:
    """Timestamps moved by day-time intervals as Spark moves them: the whole days on the
    session-zone wall clock (a day across a DST change lasts 23 or 25 hours), the rest of the
    interval as elapsed time."""
    days = np.sign(micros) * (np.abs(micros) // US_PER_DAY)  # Java's division truncates
    rest = micros - days * US_PER_DAY
    if not days.any():
        return _micros(ts) + rest
    wall = _micros(wall_clock(ts, ctx)) + days * US_PER_DAY
    return _micros(from_wall_clock(pa.array(wall, pa.timestamp("us")), ctx)) + rest


def interval_arithmetic(op: str, args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``left op right`` where an operand is a date, timestamp or interval (see
    engine.expr.signatures.intervals for the type rules)."""
    (a, b), scalar = broadcast(args)
    lt, rt = (dtype_of(x) for x in call.args)
    if op == "+" and (isinstance(lt, (T.DayTimeIntervalType, T.YearMonthIntervalType)) or T.is_integral(lt)) and not (
        isinstance(rt, (T.DayTimeIntervalType, T.YearMonthIntervalType)) or T.is_integral(rt)
    ):
        a, b, lt, rt = b, a, rt, lt
    ok = valid(a) & valid(b)
    out_t = call.dtype
    sign = -1 if op == "-" else 1
    if op in ("*", "/"):
        return finish(_scale(op, a, b, lt, out_t, ok, ctx), scalar)
    if isinstance(out_t, T.DateType):
        days = np_values(a.cast(pa.int32())).astype(np.int64)
        if isinstance(rt, T.YearMonthIntervalType):
            days = _add_months_days(days, sign * months_of(b))
        elif isinstance(rt, T.DayTimeIntervalType):
            days = days + sign * np.floor_divide(_micros(b), US_PER_DAY)
        else:
            days = days + sign * np_values(b).astype(np.int64)
        return finish(pa.array(days.astype(np.int32), mask=~ok).cast(pa.date32()), scalar)
    if isinstance(out_t, T.YearMonthIntervalType):
        return finish(ym_array(months_of(a) + sign * months_of(b), ok), scalar)
    if isinstance(out_t, T.DayTimeIntervalType):
        return finish(pa.array(_micros(a) + sign * _micros(b), pa.duration("us"), mask=~ok), scalar)
    if isinstance(rt, T.YearMonthIntervalType):
        us = _timestamp_add_months(a, sign * months_of(b), out_t, ctx)
    elif isinstance(out_t, T.TimestampType) and pa.types.is_timestamp(a.type):
        us = _timestamp_add_day_time(a, np.where(ok, sign * _micros(b), 0), ctx)
    else:
        us = _micros(a) + sign * _micros(b)
    return finish(pa.array(us, pa.int64(), mask=~ok).cast(T.to_arrow(out_t)), scalar)


def _scale(op: str, a: pa.Array, b: pa.Array, lt: T.DataType, out_t: T.DataType, ok: np.ndarray, ctx: EvalContext) -> pa.Array:
    """``interval * n`` / ``interval / n``, rounded half up to whole microseconds or months."""
    if not isinstance(lt, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        a, b = b, a
    ym = isinstance(out_t, T.YearMonthIntervalType)
    base = months_of(a) if ym else _micros(a)
    factor = np_values(b).astype(np.float64 if pa.types.is_floating(b.type) else np.int64)
    if op == "/":
        zero = (factor == 0) & ok
        if zero.any():
            raise ArithmeticException(
                "[INTERVAL_DIVIDED_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 "
                "and return NULL instead.",  # Spark raises it whatever spark.sql.ansi.enabled says
                "INTERVAL_DIVIDED_BY_ZERO",
            )
        exact = base.astype(np.float64) / np.where(factor == 0, 1, factor)
    elif factor.dtype == np.int64:
        product = base * factor
        if ctx.ansi and (ok & (factor != 0) & (product // np.where(factor == 0, 1, factor) != base)).any():
            raise overflow()
        return ym_array(product, ok) if ym else pa.array(product, pa.duration("us"), mask=~ok)
    else:
        exact = base.astype(np.float64) * factor
    rounded = np.sign(exact) * np.floor(np.abs(exact) + 0.5)
    values = np.where(ok, rounded, 0).astype(np.int64)
    return ym_array(values, ok) if ym else pa.array(values, pa.duration("us"), mask=~ok)


@kernel("make_dt_interval")
def _make_dt_interval(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    if not args:
        return pa.scalar(0, pa.duration("us"))
    cols, scalar = broadcast(args)
    ok = np.logical_and.reduce([valid(c) for c in cols])
    scales = (US_PER_DAY, 3_600_000_000, 60_000_000)
    total = np.zeros(len(cols[0]), dtype=np.int64)
    for c, unit in zip(cols[:3], scales):
        total += np_values(c).astype(np.int64) * unit
    if len(cols) == 4:
        total += np_values(pc.multiply(cols[3], pa.scalar(1_000_000, pa.int64())).cast(pa.int64())).astype(np.int64)
    return finish(pa.array(total, pa.duration("us"), mask=~ok), scalar)


@kernel("make_ym_interval")
def _make_ym_interval(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    if not args:
        return pa.scalar(pa.MonthDayNano([0, 0, 0]), pa.month_day_nano_interval())
    cols, scalar = broadcast(args)
    ok = np.logical_and.reduce([valid(c) for c in cols])
    months = np_values(cols[0]).astype(np.int64) * 12
    if len(cols) == 2:
        months += np_values(cols[1]).astype(np.int64)
    return finish(ym_array(months, ok), scalar)


def negate_interval(a: Value) -> Value:
    """``-interval`` for either interval kind."""
    (x,), scalar = broadcast([a])
    if pa.types.is_interval(x.type):
        return finish(ym_array(-months_of(x), valid(x)), scalar)
    return finish(pc.negate(x), scalar)
