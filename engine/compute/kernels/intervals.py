"""Kernels of date/time arithmetic and the interval constructors, over int64/int32 numpy views.

Day-time intervals are Arrow ``duration[us]``; year-month intervals are Arrow
``month_day_nano_interval`` holding whole months (read and written through a numpy view of
the 16-byte values). Adding months follows add_months (the day clamps to the target month's
last day); on timestamps it moves the session-zone wall clock, as Spark does.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
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


def _zoned(a: pa.Array) -> bool:
    """Whether `a` holds instants (TIMESTAMP), not wall-clock times, dates or durations."""
    return pa.types.is_timestamp(a.type) and a.type.tz is not None


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


_INT32 = (-(2**31), 2**31 - 1)
_TRY_NAME = {"+": "try_add", "-": "try_subtract"}


def interval_overflow(hint: str | None = None) -> ArithmeticException:
    """Spark's INTERVAL_ARITHMETIC_OVERFLOW: WITH_SUGGESTION names the try_ function that
    tolerates it (interval + interval), WITHOUT_SUGGESTION is a constructor's or negation's."""
    if hint:
        return ArithmeticException(
            "[INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION] Integer overflow while operating with intervals. "
            f"Use `{hint}` to tolerate overflow and return NULL instead.",
            "INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION",
        )
    return ArithmeticException(
        "[INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION] Integer overflow while operating with intervals. "
        "Try devising appropriate values for the interval parameters.",
        "INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION",
    )


def _months_fit(months: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Rows whose month count is outside a year-month interval's int32 range."""
    return ok & ((months < _INT32[0]) | (months > _INT32[1]))


def _micros_sum(a: np.ndarray, b: np.ndarray, sign: int, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``a + sign * b`` in int64 microseconds, wrapping, with the rows that overflowed."""
    with np.errstate(over="ignore"):
        out = a + b if sign > 0 else a - b
    flipped = ((a ^ out) & ((b if sign > 0 else ~b) ^ out)) < 0
    return out, ok & flipped


def interval_arithmetic(op: str, args: list[Value], call: Call, ctx: EvalContext, try_mode: bool = False) -> Value:
    """``left op right`` where an operand is a date, timestamp or interval (see
    engine.expr.signatures.intervals for the type rules). An interval result out of range is
    INTERVAL_ARITHMETIC_OVERFLOW (``+ -``) or Java's overflow (``*``), or null for the try_
    functions, which also give null for a zero divisor."""
    (a, b), scalar = broadcast(args)
    lt, rt = (dtype_of(x) for x in call.args)
    if op == "+" and (isinstance(lt, (T.DayTimeIntervalType, T.YearMonthIntervalType)) or T.is_integral(lt)) and not (
        isinstance(rt, (T.DayTimeIntervalType, T.YearMonthIntervalType)) or T.is_integral(rt)
    ):
        a, b, lt, rt = b, a, rt, lt
    ok = valid(a) & valid(b)
    out_t = call.dtype
    if T.is_string(out_t):  # a string plus an interval (Spark's TimeAdd): a timestamp's text
        from engine.compute.cast import to_string

        summed = interval_arithmetic(op, [a, b], replace(call, dtype=T.TimestampType()), ctx, try_mode)
        return finish(to_string(summed, T.TimestampType(), ctx), scalar)
    sign = -1 if op == "-" else 1
    if op in ("*", "/"):
        return finish(_scale(op, a, b, lt, out_t, ok, ctx, try_mode), scalar)
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
        months = months_of(a) + sign * months_of(b)
        over = _months_fit(months, ok)
        if over.any() and not try_mode:
            raise interval_overflow(_TRY_NAME[op])
        return finish(ym_array(np.where(over, 0, months), ok & ~over), scalar)
    if isinstance(out_t, T.DayTimeIntervalType):
        if _zoned(a) and _zoned(b):  # Spark's subtractTimestamps: local wall clocks, DST ignored
            a, b = wall_clock(a, ctx), wall_clock(b, ctx)
        micros, over = _micros_sum(_micros(a), _micros(b), sign, ok)
        if over.any() and not try_mode:
            raise interval_overflow(_TRY_NAME[op])
        return finish(pa.array(micros, pa.duration("us"), mask=~(ok & ~over)), scalar)
    if isinstance(rt, T.YearMonthIntervalType):
        us = _timestamp_add_months(a, sign * months_of(b), out_t, ctx)
    elif isinstance(out_t, T.TimestampType) and pa.types.is_timestamp(a.type):
        us = _timestamp_add_day_time(a, np.where(ok, sign * _micros(b), 0), ctx)
    else:
        us = _micros(a) + sign * _micros(b)
    return finish(pa.array(us, pa.int64(), mask=~ok).cast(T.to_arrow(out_t)), scalar)


def _scale(
    op: str, a: pa.Array, b: pa.Array, lt: T.DataType, out_t: T.DataType, ok: np.ndarray, ctx: EvalContext, try_mode: bool
) -> pa.Array:
    """``interval * n`` / ``interval / n``, rounded half up to whole microseconds or months. A
    result out of range raises Java's own overflow (Spark's Math.multiplyExact: ``integer
    overflow``, ``long overflow``; ``Overflow`` for a fractional factor); try_ gives null."""
    if not isinstance(lt, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        a, b = b, a
    ym = isinstance(out_t, T.YearMonthIntervalType)
    base = months_of(a) if ym else _micros(a)
    factor = np_values(b).astype(np.float64 if pa.types.is_floating(b.type) else np.int64)
    if op == "/":
        zero = (factor == 0) & ok
        if zero.any() and try_mode:
            ok = ok & ~zero
        elif zero.any():
            raise ArithmeticException(
                "[INTERVAL_DIVIDED_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 "
                "and return NULL instead.",  # Spark raises it whatever spark.sql.ansi.enabled says
                "INTERVAL_DIVIDED_BY_ZERO",
            )
        exact = base.astype(np.float64) / np.where(factor == 0, 1, factor)
    elif factor.dtype == np.int64:
        with np.errstate(over="ignore"):
            product = base * factor
        over = ok & (factor != 0) & (product // np.where(factor == 0, 1, factor) != base)
        if ym:
            over |= _months_fit(product, ok)
        if over.any() and not try_mode:
            raise ArithmeticException("integer overflow" if ym else "long overflow")
        ok = ok & ~over
        values = np.where(ok, product, 0)
        return ym_array(values, ok) if ym else pa.array(values, pa.duration("us"), mask=~ok)
    else:
        exact = base.astype(np.float64) * factor
    rounded = np.sign(exact) * np.floor(np.abs(exact) + 0.5)
    over = ok & ~(np.abs(rounded) <= (_INT32[1] if ym else 2.0**63 - 1024))
    if over.any() and not try_mode:
        raise ArithmeticException("Overflow")
    ok = ok & ~over
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
    approx = np.zeros(len(cols[0]), dtype=np.float64)  # to tell an int64 overflow
    for c, unit in zip(cols[:3], scales):
        total += np_values(c).astype(np.int64) * unit
        approx += np_values(c).astype(np.float64) * unit
    if len(cols) == 4:
        total += np_values(pc.multiply(cols[3], pa.scalar(1_000_000, pa.int64())).cast(pa.int64())).astype(np.int64)
        approx += np_values(cols[3].cast(pa.float64())) * 1e6
    if (ok & (np.abs(approx) >= 2.0**63)).any():
        raise interval_overflow()
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
    if _months_fit(months, ok).any():
        raise interval_overflow()
    return finish(ym_array(months, ok), scalar)


def negate_interval(a: Value) -> Value:
    """``-interval`` for either interval kind."""
    (x,), scalar = broadcast([a])
    if pa.types.is_interval(x.type):
        months = -months_of(x)
        if _months_fit(months, valid(x)).any():
            raise interval_overflow()
        return finish(ym_array(months, valid(x)), scalar)
    return finish(pc.negate(x), scalar)
