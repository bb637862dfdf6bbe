"""Kernels of timestampadd / timestampdiff (Spark's DateTimeUtils.timestampAdd / timestampDiff).

Units up to HOUR add exact microseconds; DAY, WEEK and DAYOFYEAR add calendar days and
MONTH, QUARTER, YEAR calendar months (clamped to the month's end) to the session-zone
wall-clock time. Differences are taken between wall-clock times, as java.time's
``ChronoUnit.between(LocalDateTime, LocalDateTime)`` counts them (truncated toward zero).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.compute.kernels.datetime import TS, US_PER_DAY, _month_length, _month_start, _ymd
from engine.errors import ArithmeticException, IllegalArgumentException
from engine.expr.nodes import Call

_MICROS = {"MICROSECOND": 1, "MILLISECOND": 1_000, "SECOND": 1_000_000, "MINUTE": 60_000_000, "HOUR": 3_600_000_000}
_DAYS = {"DAY": 1, "DAYOFYEAR": 1, "WEEK": 7}
_MONTHS = {"MONTH": 1, "QUARTER": 3, "YEAR": 12}
_UNITS = "YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND"


def _unit(v: Value, fn: str) -> str:
    text = v.as_py() if isinstance(v, pa.Scalar) else None
    unit = str(text).upper()
    if text is None or unit not in (*_MICROS, *_DAYS, *_MONTHS) or (fn == "TIMESTAMPDIFF" and unit == "DAYOFYEAR"):
        raise IllegalArgumentException(
            f"[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) `unit` in `{fn}` is invalid: "
            f"expects one of the units without quotes {_UNITS}, but got the string literal '{text}'. SQLSTATE: 22023",
            "INVALID_PARAMETER_VALUE.DATETIME_UNIT",
        )
    return unit


def _wall(ts: pa.Array, zone: str | None) -> np.ndarray:
    """Wall-clock microseconds of each value (the value itself for timestamp_ntz)."""
    if zone is not None:
        ts = pc.local_timestamp(pc.cast(ts, pa.timestamp("us", tz=zone)))
    return np_values(pc.cast(ts, pa.int64())).astype(np.int64)


def _instant(wall: np.ndarray, ok: np.ndarray, zone: str | None) -> pa.Array:
    """Wall-clock microseconds back to values; a time in a DST gap moves forward by the gap,
    as java.time resolves it."""
    naive = pa.array(np.where(ok, wall, 0), pa.int64(), mask=~ok).cast(pa.timestamp("us"))
    if zone is None:
        return naive
    inst = pc.assume_timezone(naive, zone, ambiguous="earliest", nonexistent="earliest")
    got = _wall(pc.cast(inst, TS), zone)
    at = np_values(pc.cast(inst, pa.int64())).astype(np.int64)
    fixed = np.where(got != wall, wall - (got - at), at)
    return pa.array(fixed, pa.int64(), mask=~ok).cast(TS)


def _overflow(q: int, unit: str, wall: int) -> ArithmeticException:
    import datetime as dt

    shown = (dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=wall)).isoformat(sep=" ")
    return ArithmeticException(
        f"[DATETIME_OVERFLOW] Datetime operation overflow: add {q}L {unit} to TIMESTAMP '{shown}'. SQLSTATE: 22008",
        "DATETIME_OVERFLOW",
    )


def _check(step: np.ndarray, qty: np.ndarray, ok: np.ndarray, limit: int, unit: str, wall: np.ndarray) -> None:
    """DATETIME_OVERFLOW for the first row whose step leaves the representable range."""
    far = ok & (np.abs(step) > limit)
    if far.any():
        i = int(np.argmax(far))
        raise _overflow(int(qty[i]), unit, int(wall[i]))


def _zone(ts: pa.Array, ctx: EvalContext) -> str | None:
    """The session time zone whose wall clock a TIMESTAMP (with time zone) is counted in; None
    for TIMESTAMP_NTZ, whose values are wall-clock times already."""
    return ctx.timezone if pa.types.is_timestamp(ts.type) and ts.type.tz is not None else None


@kernel("timestampadd")
def _timestampadd(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    unit = _unit(args[0], "TIMESTAMPADD")
    (q, ts), scalar = broadcast(args[1:])
    zone = _zone(ts, ctx)
    ok = valid(q) & valid(ts)
    qty = np_values(q.cast(pa.int64())).astype(np.int64)
    wall = _wall(ts, zone)
    with np.errstate(over="ignore"):
        if unit in _MICROS:
            _check(qty, qty, ok, 2**63 // _MICROS[unit] // 2, unit, wall)
            at = np_values(pc.cast(ts, pa.int64())).astype(np.int64) + qty * _MICROS[unit]
            out = pa.array(at, pa.int64(), mask=~ok).cast(ts.type)
            return finish(out, scalar)
        days, tod = np.divmod(wall, US_PER_DAY)
        if unit in _DAYS:
            step = qty * _DAYS[unit]
            _check(step, qty, ok, 100_000_000, unit, wall)
            new = (days + step) * US_PER_DAY + tod
        else:
            step = qty * _MONTHS[unit]
            _check(step, qty, ok, 3_000_000, unit, wall)
            y, m, d = _ymd(days)
            months = y * 12 + (m - 1) + np.where(ok, step, 0)
            ny, nm = np.divmod(months, 12)
            nm = nm + 1
            nd = np.minimum(d, _month_length(ny, nm))
            new = (_month_start(ny, nm) + nd - 1) * US_PER_DAY + tod
    return finish(_instant(new, ok, zone), scalar)


def _months_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """java.time's LocalDate.until(MONTHS): whole months, truncated toward zero."""
    ya, ma, da = _ymd(a)
    yb, mb, db = _ymd(b)
    packed = (yb * 12 + mb) * 32 + db - ((ya * 12 + ma) * 32 + da)
    return np.trunc(packed / 32).astype(np.int64)


@kernel("timestampdiff")
def _timestampdiff(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    unit = _unit(args[0], "TIMESTAMPDIFF")
    (start, end), scalar = broadcast(args[1:])
    zone = _zone(start, ctx)
    ok = valid(start) & valid(end)
    s, e = _wall(start, zone), _wall(end, zone)
    if unit in _MICROS:
        diff = e - s
        out = np.sign(diff) * (np.abs(diff) // _MICROS[unit])
    else:
        sd, st = np.divmod(s, US_PER_DAY)
        ed, et = np.divmod(e, US_PER_DAY)
        ed = np.where((ed > sd) & (et < st), ed - 1, np.where((ed < sd) & (et > st), ed + 1, ed))
        if unit in _DAYS:
            d = ed - sd
            out = np.sign(d) * (np.abs(d) // _DAYS[unit])
        else:
            m = _months_between(sd, ed)
            out = np.sign(m) * (np.abs(m) // _MONTHS[unit])
    return finish(pa.array(out.astype(np.int64), pa.int64(), mask=~ok), scalar)
