"""Kernels of the date and timestamp functions: fields, arithmetic, truncation, zone shifts.

Timestamps are UTC instants (``timestamp[us, UTC]``); fields and formats are read in the
session time zone (``ctx.timezone``), as Spark does.
"""

from __future__ import annotations

import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.compute.kernels.per_constant import constant_args
from engine.errors import DateTimeException
from engine.expr.nodes import Call

TS = pa.timestamp("us", tz="UTC")
US_PER_DAY = 86_400_000_000


def local(ts: Value, ctx: EvalContext) -> Value:
    """An instant seen in the session zone (field extraction reads local wall-clock time)."""
    return pc.cast(ts, pa.timestamp("us", tz=ctx.timezone))


def wall_clock(ts: Value, ctx: EvalContext) -> Value:
    """The session-zone wall-clock time of an instant, as a naive timestamp."""
    return pc.local_timestamp(local(ts, ctx))


def from_wall_clock(naive: Value, ctx: EvalContext) -> Value:
    """A naive session-zone wall-clock time as a UTC instant."""
    return zoned_instant(naive, ctx.timezone)


# Java's ZoneId.SHORT_IDS, which Spark accepts wherever it reads a zone id ('PST', 'CTT', 'EST')
SHORT_IDS = {
    "ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
    "ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo", "BST": "Asia/Dhaka",
    "CAT": "Africa/Harare", "CNT": "America/St_Johns", "CST": "America/Chicago", "CTT": "Asia/Shanghai",
    "EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris", "IET": "America/Indiana/Indianapolis",
    "IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan",
    "NST": "Pacific/Auckland", "PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico",
    "PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
    "EST": "-05:00", "MST": "-07:00", "HST": "-10:00", "Z": "UTC",
}  # fmt: skip


def checked_zone(tz: str) -> str:
    """A Spark zone id as Arrow reads it (Java's short ids mapped); an unknown one is INVALID_TIMEZONE."""
    name = SHORT_IDS.get(tz, tz)
    try:
        pa.scalar(0, pa.timestamp("us", tz=name)).cast(pa.timestamp("us", tz="UTC"))
        pc.local_timestamp(pa.array([0], pa.timestamp("us", tz=name)))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as e:
        raise DateTimeException(
            f"[INVALID_TIMEZONE] The timezone: {tz} is invalid. The timezone must be either a region-based zone ID "
            "or a zone offset. Region IDs must have the form 'area/city', such as 'America/Los_Angeles'. Zone "
            "offsets must be in the format '(+|-)HH', '(+|-)HH:mm’ or '(+|-)HH:mm:ss', e.g '-08' , '+01:00' or "
            "'-13:33:33', and must be in the range from -18:00 to +18:00. 'Z' and 'UTC' are accepted as synonyms "
            "for '+00:00'. SQLSTATE: 22009",
            "INVALID_TIMEZONE",
            {"timeZone": tz},
        ) from e
    return name


def zoned_instant(naive: Value, tz: str) -> Value:
    """Naive wall-clock times in zone `tz` as UTC instants, resolved as java.time resolves them:
    an ambiguous time (clocks set back) takes the earlier offset, and a time in a gap (clocks
    set forward) moves forward by the gap's length, so 02:30 on a spring-forward night in
    America/Los_Angeles is 03:30 PDT, not the instant before the gap."""
    earliest = pc.assume_timezone(naive, tz, ambiguous="earliest", nonexistent="earliest")
    if tz in ("UTC", "Etc/UTC"):
        return pc.cast(earliest, TS)
    # off the gap, the earliest instant reads back as the wall-clock time asked for; in it,
    # the reading falls short of it by what the instant must move forward
    short = pc.subtract(pc.cast(naive, pa.int64()), pc.cast(pc.local_timestamp(earliest), pa.int64()))
    return pc.cast(pc.add(pc.cast(earliest, pa.int64()), short), TS)


def _int32(v: Value) -> Value:
    return pc.cast(v, pa.int32())


_FIELDS = {
    "year": pc.year, "quarter": pc.quarter, "month": pc.month, "day": pc.day, "dayofmonth": pc.day,
    "dayofyear": pc.day_of_year, "weekofyear": pc.iso_week,
    "dayofweek": lambda v: pc.day_of_week(v, count_from_zero=False, week_start=7),
    "weekday": pc.day_of_week,
}  # fmt: skip


@kernel(*_FIELDS)
def _date_field(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _int32(_FIELDS[call.name](args[0]))


@kernel("hour", "minute", "second")
def _time_field(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _int32(getattr(pc, call.name)(local(args[0], ctx)))


def _now(ctx: EvalContext) -> pa.Scalar:
    """The job's start instant (one value for the whole query, as Spark's ComputeCurrentTime)."""
    micros = ctx.now_micros or time.time_ns() // 1000
    return pa.scalar(micros, pa.int64()).cast(TS)


@kernel("current_date", "curdate")
def _current_date(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.cast(wall_clock(_now(ctx), ctx), pa.date32())


@kernel("current_timestamp", "now")
def _current_timestamp(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _now(ctx)


@kernel("localtimestamp")
def _localtimestamp(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The session zone's wall-clock time now, as a TIMESTAMP_NTZ."""
    return wall_clock(_now(ctx), ctx)


@kernel("current_timezone")
def _current_timezone(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pa.scalar(ctx.timezone)


def _days(v: Value) -> np.ndarray:
    return np_values(pc.cast(pc.cast(v, pa.date32()), pa.int32())).astype(np.int64)


def _from_days(days: np.ndarray, ok: np.ndarray) -> pa.Array:
    return pa.array(days.astype(np.int32), mask=~ok).cast(pa.date32())


@kernel("date_add", "dateadd", "date_sub")
def _date_add(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (d, n), scalar = broadcast(args)
    k = np_values(n).astype(np.int64) * (-1 if call.name == "date_sub" else 1)
    return finish(_from_days(_days(d) + k, valid(d) & valid(n)), scalar)


@kernel("datediff", "date_diff")
def _datediff(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, b), scalar = broadcast(args)
    return finish(pa.array((_days(a) - _days(b)).astype(np.int32), mask=~(valid(a) & valid(b))), scalar)


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]")
    m = d.astype("datetime64[M]")
    return y.astype(np.int64) + 1970, (m - y).astype(np.int64) + 1, (d - m).astype(np.int64) + 1


def _month_start(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Days since epoch of the first of (year, month); month may be out of 1..12."""
    months = (year - 1970) * 12 + (month - 1)
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _month_length(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    return _month_start(year, month + 1) - _month_start(year, month)


@kernel("last_day")
def _last_day(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (d,), scalar = broadcast(args)
    y, m, _ = _ymd(_days(d))
    return finish(_from_days(_month_start(y, m + 1) - 1, valid(d)), scalar)


@kernel("add_months")
def _add_months(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Same day of the target month, clamped to its last day."""
    (d, n), scalar = broadcast(args)
    y, m, day = _ymd(_days(d))
    target_m = m + np_values(n).astype(np.int64)
    start = _month_start(y, target_m)
    length = _month_length(y, target_m)
    return finish(_from_days(start + np.minimum(day, length) - 1, valid(d) & valid(n)), scalar)


@kernel("months_between")
def _months_between(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Whole months when both days match or both are month ends; otherwise a 31-day-month fraction,
    rounded to 8 digits unless roundOff is false."""
    round_off = True if len(args) < 3 else bool(args[2].as_py())
    (a, b), scalar = broadcast(args[:2])
    wa, wb = wall_clock(a, ctx), wall_clock(b, ctx)
    ua = np_values(pc.cast(wa, pa.int64())).astype(np.int64)
    ub = np_values(pc.cast(wb, pa.int64())).astype(np.int64)
    da, db = ua // US_PER_DAY, ub // US_PER_DAY
    ya, ma, xa = _ymd(da)
    yb, mb, xb = _ymd(db)
    months = (ya - yb) * 12 + (ma - mb)
    last_a = xa == _month_length(ya, ma)
    last_b = xb == _month_length(yb, mb)
    whole = (xa == xb) | (last_a & last_b)
    # Spark counts whole seconds of the day (the microseconds are dropped) and rounds half up.
    secs_a = (ua - da * US_PER_DAY) // 1_000_000 + xa * 86400
    secs_b = (ub - db * US_PER_DAY) // 1_000_000 + xb * 86400
    frac = months + (secs_a - secs_b) / (31 * 86400.0)
    out = np.where(whole, months.astype(np.float64), frac)
    if round_off:
        out = np.floor(out * 1e8 + 0.5) / 1e8
    return finish(pa.array(out, mask=~(valid(a) & valid(b))), scalar)


_TRUNC_UNITS = {
    "YEAR": "year", "YYYY": "year", "YY": "year", "QUARTER": "quarter", "MONTH": "month", "MM": "month",
    "MON": "month", "WEEK": "week", "DAY": "day", "DD": "day", "HOUR": "hour", "MINUTE": "minute",
    "SECOND": "second", "MILLISECOND": "millisecond", "MICROSECOND": "microsecond",
}  # fmt: skip


def _unit(v: Value) -> str | None:
    return _TRUNC_UNITS.get(str(v.as_py()).upper()) if isinstance(v, pa.Scalar) and v.is_valid else None


@kernel("date_trunc")
def _date_trunc(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """A timestamp truncated in the session zone; an unknown unit gives null."""
    unit = _unit(args[0])
    if unit is None:
        return pa.nulls(len(args[1]), TS) if isinstance(args[1], pa.Array) else pa.scalar(None, TS)
    naive = wall_clock(args[1], ctx)
    return from_wall_clock(pc.floor_temporal(naive, unit=unit, week_starts_monday=True), ctx)


@kernel("trunc")
def _trunc(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """A date truncated to year, quarter, month or week; other units give null."""
    unit = _unit(args[1])
    if unit not in ("year", "quarter", "month", "week"):
        return pa.nulls(len(args[0]), pa.date32()) if isinstance(args[0], pa.Array) else pa.scalar(None, pa.date32())
    return pc.floor_temporal(args[0], unit=unit, week_starts_monday=True)


# The spellings next_day accepts, three per weekday from Monday: ``MO``, ``MON``, ``MONDAY``.
_DAY_NAMES = [
    spelling
    for day in ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
    for spelling in (day[:2], day[:3], day)
]


@kernel("next_day")
def _next_day(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The first date after `date` falling on the named weekday (``'Mon'``, ``'monday'``, ``'MO'``);
    any other name is ILLEGAL_DAY_OF_WEEK under ANSI (else null), as in Spark."""
    (d, name), scalar = broadcast(args)
    target = pc.index_in(pc.utf8_upper(pc.utf8_trim_whitespace(name)), value_set=pa.array(_DAY_NAMES))
    unknown = valid(name) & ~valid(target)
    if ctx.ansi and unknown.any():
        from engine.errors import IllegalArgumentException

        bad = name[int(np.argmax(unknown))].as_py()
        raise IllegalArgumentException(
            f"[ILLEGAL_DAY_OF_WEEK] Illegal input for day of week: {bad}. SQLSTATE: 22009", "ILLEGAL_DAY_OF_WEEK"
        )
    days = _days(d)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday (Monday = 0)
    t = np_values(target, 0).astype(np.int64) // 3
    delta = (t - weekday - 1) % 7 + 1
    return finish(_from_days(days + delta, valid(d) & valid(target)), scalar)


@kernel("make_date")
def _make_date(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (y, m, d), scalar = broadcast(args)
    yy, mm, dd = (np_values(x).astype(np.int64) for x in (y, m, d))
    ok = valid(y) & valid(m) & valid(d)
    good = ok & (mm >= 1) & (mm <= 12) & (dd >= 1) & (dd <= _month_length(yy, np.clip(mm, 1, 12)))
    if ctx.ansi and (ok & ~good).any():
        from engine.compute.kernels.timestamps import field_error

        i = int(np.argmax(ok & ~good))
        raise field_error(int(yy[i]), int(mm[i]), int(dd[i]), 0, 0, 0.0)
    return finish(_from_days(_month_start(yy, np.clip(mm, 1, 12)) + dd - 1, good), scalar)


@kernel("timestamp_seconds", "timestamp_millis", "timestamp_micros")
def _timestamp_from(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    scale = {"timestamp_seconds": 1_000_000, "timestamp_millis": 1000, "timestamp_micros": 1}[call.name]
    (v,), scalar = broadcast(args)
    if pa.types.is_floating(v.type) or pa.types.is_decimal(v.type):
        us = np.round(np_values(pc.cast(v, pa.float64())) * scale).astype(np.int64)
    else:
        us = np_values(pc.cast(v, pa.int64())).astype(np.int64) * scale
    return finish(pa.array(us, mask=~valid(v)).cast(TS), scalar)


@kernel("unix_date")
def _unix_date(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.cast(args[0], pa.int32())


@kernel("unix_seconds", "unix_millis", "unix_micros")
def _unix_units(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    scale = {"unix_seconds": 1_000_000, "unix_millis": 1000, "unix_micros": 1}[call.name]
    (v,), scalar = broadcast(args)
    us = np_values(pc.cast(v, pa.int64())).astype(np.int64)
    return finish(pa.array(np.floor_divide(us, scale), mask=~valid(v)), scalar)


@kernel("from_utc_timestamp", "to_utc_timestamp")
@constant_args(1)
def _zone_shift(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Reinterpret wall-clock time: UTC -> `tz` (from_utc) or `tz` -> UTC (to_utc); a column of
    zones is read once per distinct zone."""
    tz = args[1].as_py()
    if tz is None:
        return pa.nulls(len(args[0]), TS) if isinstance(args[0], pa.Array) else pa.scalar(None, TS)
    tz = checked_zone(tz)
    if call.name == "from_utc_timestamp":
        shown = pc.local_timestamp(pc.cast(args[0], pa.timestamp("us", tz=tz)))
        return pc.cast(pc.cast(shown, pa.int64()), TS)
    naive = pc.cast(pc.cast(args[0], pa.int64()), pa.timestamp("us"))
    return zoned_instant(naive, tz)
