"""Kernels of the Spark 4 date/timestamp builders (see engine.expr.signatures.timestamps)."""

from __future__ import annotations

import calendar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.compute.kernels.datetime import (
    TS,
    US_PER_DAY,
    _month_length,
    _month_start,
    checked_zone,
    from_wall_clock,
    zoned_instant,
)
from engine.compute.kernels.datetime_format import _pattern, parse_local
from engine.compute.kernels.per_constant import constant_args
from engine.errors import DateTimeException
from engine.expr.nodes import Call
from engine.expr.typing import dtype_of

NAIVE = pa.timestamp("us")


@kernel("date_from_unix_date")
def _date_from_unix_date(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The date `days` after 1970-01-01."""
    return args[0].cast(pa.int32()).cast(pa.date32())


@kernel("try_to_date")
@constant_args(1, null_gives_null=True)
def _try_to_date(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """to_date, null where the text does not parse (an invalid pattern still raises)."""
    (s,), scalar = broadcast(args[:1])
    if len(args) == 1:
        from engine.compute.cast import cast_value

        return finish(cast_value(s, T.StringType(), T.DateType(), ctx, safe=True), scalar)
    parsed = parse_local(s, _pattern(args[1], "yyyy-MM-dd"), False, "DATE")
    return finish(pc.cast(parsed, pa.date32()), scalar)


def _to_timestamp(args: list[Value], call: Call, ctx: EvalContext, out: T.DataType) -> Value:
    from engine.compute.cast import cast_value

    (v,), scalar = broadcast(args[:1])
    src = dtype_of(call.args[0])
    if len(args) == 1:
        return finish(cast_value(v, src, out, ctx, safe=not ctx.ansi), scalar)
    naive = parse_local(v, _pattern(args[1], "yyyy-MM-dd HH:mm:ss"), ctx.ansi, "TIMESTAMP")
    return finish(naive if isinstance(out, T.TimestampNTZType) else from_wall_clock(naive, ctx), scalar)


@kernel("to_timestamp_ntz")
@constant_args(1, null_gives_null=True)
def _to_timestamp_ntz(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _to_timestamp(args, call, ctx, T.TimestampNTZType())


@kernel("to_timestamp_ltz")
@constant_args(1, null_gives_null=True)
def _to_timestamp_ltz(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _to_timestamp(args, call, ctx, T.TimestampType())


def field_error(y: int, mo: int, d: int, h: int, mi: int, sec: float) -> DateTimeException:
    """java.time's message for the first field out of range, as Spark 4 reports it."""
    if not 1 <= mo <= 12:
        why = f"Invalid value for MonthOfYear (valid values 1 - 12): {mo}"
    elif not 1 <= d <= 31:
        why = f"Invalid value for DayOfMonth (valid values 1 - 28/31): {d}"
    elif mo == 2 and d == 29:
        why = f"Invalid date 'February 29' as '{y}' is not a leap year"
    elif d > calendar.monthrange(2000, mo)[1]:
        why = f"Invalid date '{calendar.month_name[mo].upper()} {d}'"
    elif not 0 <= h <= 23:
        why = f"Invalid value for HourOfDay (valid values 0 - 23): {h}"
    elif not 0 <= mi <= 59:
        why = f"Invalid value for MinuteOfHour (valid values 0 - 59): {mi}"
    elif 60 < sec < 61:
        shown = f"{sec:.6f}".rstrip("0")  # the decimal as Spark prints it: 60.007, not 60.007000
        return DateTimeException(
            "[INVALID_FRACTION_OF_SECOND] Valid range for seconds is [0, 60] (inclusive), but the provided value "
            f"is {shown}. To avoid this error, use `try_make_timestamp`, which returns NULL on error.\nIf you do not "
            "want to use the session default timestamp version of this function, use `try_make_timestamp_ntz` or "
            "`try_make_timestamp_ltz`. SQLSTATE: 22023",
            "INVALID_FRACTION_OF_SECOND",
        )
    else:
        why = f"Invalid value for SecondOfMinute (valid values 0 - 59): {int(sec)}"
    return DateTimeException(
        f"[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] {why}.  SQLSTATE: 22023",
        "DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION",
        {"rangeMessage": why},
    )


def wall_clock_fields(args: list[Value], fail: bool) -> tuple[pa.Array, bool]:
    """A naive timestamp from (year, month, day, hour, minute, decimal seconds); seconds may be
    60 only without a fraction (it carries into the next minute). Out-of-range fields raise
    (`fail`) or give null."""
    arrays, scalar = broadcast(args[:6])
    y, mo, d, h, mi = (np_values(a).astype(np.int64) for a in arrays[:5])
    micros = np_values(pc.multiply(arrays[5], pa.scalar(1_000_000, pa.decimal128(7, 0))).cast(pa.decimal128(38, 0)).cast(pa.int64())).astype(np.int64)
    ok = np.logical_and.reduce([valid(a) for a in arrays])
    good = (mo >= 1) & (mo <= 12) & (d >= 1) & (h >= 0) & (h < 24) & (mi >= 0) & (mi < 60)
    good &= (micros >= 0) & ((micros < 60_000_000) | (micros == 60_000_000))
    good &= d <= _month_length(y, np.clip(mo, 1, 12))
    bad = ok & ~good
    if fail and bad.any():
        i = int(np.argmax(bad))
        sec = arrays[5][i].as_py()
        raise field_error(int(y[i]), int(mo[i]), int(d[i]), int(h[i]), int(mi[i]), sec.normalize() if sec is not None else sec)
    days = _month_start(y, np.clip(mo, 1, 12)) + d - 1
    us = days * US_PER_DAY + (h * 3600 + mi * 60) * 1_000_000 + micros
    return pa.array(np.where(ok & good, us, 0), pa.int64(), mask=~(ok & good)).cast(NAIVE), scalar


def date_and_time(args: list[Value]) -> tuple[pa.Array, bool]:
    """A naive timestamp from a date and a time of day (Spark 4.1's ``make_timestamp(date, time)``)."""
    (day, clock), scalar = broadcast(args[:2])
    days = np_values(day.cast(pa.int32()), 0).astype(np.int64)
    micros = np_values(clock.cast(pa.time64("us")).cast(pa.int64()), 0).astype(np.int64)
    ok = np.asarray(pc.and_(day.is_valid(), clock.is_valid()).to_numpy(zero_copy_only=False), dtype=bool)
    return pa.array(days * US_PER_DAY + micros, pa.int64(), mask=~ok).cast(NAIVE), scalar


@kernel("make_timestamp_ntz", "try_make_timestamp_ntz")
def _make_timestamp_ntz(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    if len(args) == 2:
        return finish(*date_and_time(args))
    naive, scalar = wall_clock_fields(args, fail=call.name == "make_timestamp_ntz" and ctx.ansi)
    return finish(naive, scalar)


@kernel("make_timestamp", "make_timestamp_ltz", "try_make_timestamp_ltz", "try_make_timestamp")
def _make_timestamp_ltz(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The wall-clock fields (or a date and a time) read in the time zone argument (the
    session's when absent). ``make_timestamp`` is the session's default timestamp type,
    TIMESTAMP_LTZ, so it is this function."""
    if len(args) <= 3:
        return _zoned_date_and_time(args, call, ctx)
    return _zoned_fields(args, call, ctx)


@constant_args(6)
def _zoned_fields(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """(years, months, days, hours, mins, secs[, zone]); a column of zones is read once per
    distinct zone."""
    naive, scalar = wall_clock_fields(args, fail=not call.name.startswith("try_") and ctx.ansi)
    return _in_zone(naive, scalar, args[6] if len(args) == 7 else None, ctx)


@constant_args(2)
def _zoned_date_and_time(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """(date, time[, zone]); a column of zones is read once per distinct zone."""
    naive, scalar = date_and_time(args)
    return _in_zone(naive, scalar, args[2] if len(args) == 3 else None, ctx)


def _in_zone(naive: pa.Array, scalar: bool, tz: Value | None, ctx: EvalContext) -> Value:
    """Wall-clock times as instants in zone `tz` (a scalar; null gives null), else the session's."""
    if tz is None:
        return finish(from_wall_clock(naive, ctx), scalar)
    if not tz.is_valid:
        return finish(pa.nulls(len(naive), TS), scalar)
    return finish(_assume(naive, tz.as_py()), scalar)


def _assume(naive: pa.Array, tz: str) -> pa.Array:
    """Naive wall-clock times in zone `tz` as UTC instants."""
    return zoned_instant(naive, checked_zone(tz))


@kernel("convert_timezone")
def _convert_timezone(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    *zones, ts = args
    if any(not isinstance(z, pa.Scalar) for z in zones):
        from engine.errors import UnsupportedOperationException

        raise UnsupportedOperationException("convert_timezone with a per-row time zone is not supported yet.")
    (naive,), scalar = broadcast([ts])
    names = [z.as_py() for z in zones]
    source, target = (ctx.timezone, names[0]) if len(names) == 1 else (names[0], names[1])
    if source is None or target is None:
        return finish(pa.nulls(len(naive), NAIVE), scalar)
    instant = _assume(naive, source)
    shown = pc.local_timestamp(pc.cast(instant, pa.timestamp("us", tz=checked_zone(target))))
    return finish(pc.cast(shown, NAIVE), scalar)

