"""``F.window``: the tumbling event-time window (start, end) a timestamp falls in."""

from __future__ import annotations

import re

from engine.api.column import Column, ColumnOrName, to_expr
from engine.errors import IllegalArgumentException, PySparkNotImplementedError
from engine.expr import nodes as n
from engine.functions import datetime as dt
from engine.functions import math as m
from engine.functions.collections import array, struct
from engine.functions.core import lit, when

__all__ = ["session_window", "session_windows", "sliding_windows", "window", "window_time"]

_UNIT_MICROS = {
    "microsecond": 1, "millisecond": 1_000, "second": 1_000_000, "minute": 60_000_000,
    "hour": 3_600_000_000, "day": 86_400_000_000, "week": 7 * 86_400_000_000,
}  # fmt: skip


def _micros(text: str | int) -> int:
    """``"10 minutes"`` / ``"1 hour 30 minutes"`` as microseconds (Spark's interval strings);
    a number is microseconds already."""
    if isinstance(text, int):
        return text
    parts = re.findall(r"(-?\d+)\s*([a-zA-Z]+)", text)
    if not parts or re.sub(r"(-?\d+)\s*([a-zA-Z]+)|\s|interval", "", text, flags=re.I):
        raise IllegalArgumentException(f"The provided interval ({text}) did not correspond to a valid interval string.")
    total = 0
    for num, unit in parts:
        u = unit.lower().rstrip("s")
        if u not in _UNIT_MICROS:
            raise IllegalArgumentException(
                f"Intervals greater than a month is not supported ({text}).", "_LEGACY_ERROR_TEMP_3231"
            )
        total += int(num) * _UNIT_MICROS[u]
    return total


TIME_WINDOW = "__time_window"  # window(ts, size, slide, start in microseconds); see engine/api/time_windows.py


def window(
    timeColumn: ColumnOrName,  # noqa: N803 - PySpark's names
    windowDuration: str,  # noqa: N803
    slideDuration: str | None = None,  # noqa: N803
    startTime: str | None = None,  # noqa: N803
) -> Column:
    """``window(ts, "10 minutes"[, slide[, start]])``: the event-time window(s) (struct<start,
    end>) holding `ts`, named ``window``. A select, withColumn or groupBy computes it below
    itself, as Spark does: rows with a null time are dropped, and a sliding window (a
    `slideDuration` shorter than the window) gives one row per window holding the time.

    Example: 10:07 with ``"5 minutes"`` is ``{start: 10:05, end: 10:10}``.
    """
    durations = [_micros(d) for d in (windowDuration, slideDuration or windowDuration, startTime or "0 seconds")]
    args = (to_expr(timeColumn), *(lit(d).expr for d in durations))
    return Column(n.Alias(n.UnresolvedFunction(TIME_WINDOW, args), "window"))  # Spark's name, not an alias


def tumbling_window(timeColumn: ColumnOrName, windowDuration: str, startTime: str | None = None) -> Column:  # noqa: N803
    """The tumbling window (struct<start, end>) holding the time, null for a null time (SQL's
    ``window(ts, '5 minutes')``, which its GROUP BY filters).

    Example: 10:07 with ``"5 minutes"`` is ``{start: 10:05, end: 10:10}``.
    """
    ts = Column(to_expr(timeColumn)).cast("timestamp")
    return Column(n.Alias(when(ts.isNotNull(), tumbling_bounds(ts, windowDuration, startTime)).expr, "window"))


def tumbling_bounds(ts: Column, windowDuration: str | int, startTime: str | int | None = None) -> Column:  # noqa: N803
    """The non-null struct<start, end> of the tumbling window holding timestamp `ts`."""
    size = _micros(windowDuration)
    if size <= 0:
        raise IllegalArgumentException(f"The window duration ({windowDuration}) must be greater than 0.")
    offset = _micros(startTime) if startTime else 0
    us = dt.unix_micros(ts)
    start = us - m.pmod(us - lit(offset), lit(size))
    return struct(dt.timestamp_micros(start).alias("start"), dt.timestamp_micros(start + lit(size)).alias("end"))


def session_window(timeColumn: ColumnOrName, gapDuration: str) -> Column:  # noqa: N803
    """``session_window(ts, "5 minutes")``: in a groupBy, the session (struct<start, end>) of
    each row: times of one group at most a gap apart, from the first to the last plus the gap.

    Example: 10:00, 10:03 and 10:30 with ``"5 minutes"`` are sessions 10:00-10:08 and 10:30-10:35.
    """
    if not isinstance(gapDuration, str):
        raise PySparkNotImplementedError("session_window() with a gap that is a column: give a duration string.")
    if _micros(gapDuration) <= 0:
        raise IllegalArgumentException(f"The session window gap ({gapDuration}) must be greater than 0.")
    call = n.UnresolvedFunction("session_window", (to_expr(timeColumn), lit(gapDuration).expr))
    return Column(n.Alias(call, "session_window"))


def window_time(windowColumn: ColumnOrName) -> Column:  # noqa: N803
    """``window_time(window)``: the event time of a window, its end less one microsecond
    (a time inside the window), named ``window_time(window)`` as Spark names it."""
    col = Column(to_expr(windowColumn))
    name = windowColumn if isinstance(windowColumn, str) else getattr(col.expr, "name", "window")
    last = dt.timestamp_micros(dt.unix_micros(col.getField("end")) - lit(1))
    return Column(n.Alias(last.expr, f"window_time({name})"))


def sliding_windows(
    timeColumn: ColumnOrName,  # noqa: N803
    windowDuration: str | int,  # noqa: N803
    slideDuration: str | int,  # noqa: N803
    startTime: str | int | None = None,  # noqa: N803
) -> Column:
    """Every sliding window (struct<start, end>) that may hold the time, latest start first:
    ``ceil(window / slide)`` candidates, null for a null time. Spark expands a row into the
    windows that hold its time; exploding this array and keeping ``time < window.end`` does.

    Example: 10:40 with ``"1 hour"`` sliding ``"30 minutes"`` gives 10:30-11:30 and 10:00-11:00.
    """
    size, slide = _micros(windowDuration), _micros(slideDuration)
    if size <= 0 or slide <= 0:
        raise IllegalArgumentException(f"The window duration ({windowDuration}) and the slide ({slideDuration}) must be greater than 0.")
    if slide > size:
        raise IllegalArgumentException(f"The slide duration ({slideDuration}) must be less than or equal to the windowDuration ({windowDuration}).")
    offset = _micros(startTime) if startTime else 0
    ts = Column(to_expr(timeColumn)).cast("timestamp")
    us = dt.unix_micros(ts)
    last = us - m.pmod(us - lit(offset), lit(slide))
    count = -(-size // slide)
    bounds = [
        struct(dt.timestamp_micros(last - lit(i * slide)).alias("start"), dt.timestamp_micros(last - lit(i * slide - size)).alias("end"))
        for i in range(count)
    ]
    return when(ts.isNotNull(), array(*bounds))


def session_windows(timeColumn: ColumnOrName, gapDuration: str, keys: list[Column]) -> list[tuple[str, Column]]:  # noqa: N803
    """The columns, each over the previous, that put every row's session window (struct<start,
    end>) in ``session_window``: rows of one key whose times are at most `gapDuration` apart
    are one session, from its first time to its last time plus the gap (Spark's session_window).

    Example: 10:00, 10:30 and 12:00 with a gap of ``"1 hour"`` are sessions 10:00-11:30 and
    12:00-13:00. Computed by window functions: a row starts a session when the previous time
    of its key is more than a gap before it (a time at the end of a session joins it, as in
    Spark); a running count of starts numbers the sessions.
    """
    from engine.functions.aggregate import max as max_
    from engine.functions.aggregate import min as min_
    from engine.functions.aggregate import sum as sum_
    from engine.functions.window import lag
    from engine.window import Window

    gap = _micros(gapDuration)
    if gap <= 0:
        raise IllegalArgumentException(f"The session window gap ({gapDuration}) must be greater than 0.")
    us = Column(to_expr(timeColumn)).cast("timestamp")
    t = Column(to_expr("__session_time"))
    by_time = Window.partitionBy(*keys).orderBy(t)
    prev = Column(to_expr("__session_prev"))
    starts = when(prev.isNull() | (dt.unix_micros(t) - dt.unix_micros(prev) > lit(gap)), lit(1)).otherwise(lit(0))
    session = Window.partitionBy(*keys, Column(to_expr("__session_id")))
    bounds = struct(
        min_(t).over(session).alias("start"),
        dt.timestamp_micros(dt.unix_micros(max_(t).over(session)) + lit(gap)).alias("end"),
    )
    return [
        ("__session_time", us),
        ("__session_prev", lag(t).over(by_time)),
        ("__session_id", sum_(starts).over(by_time.rowsBetween(Window.unboundedPreceding, Window.currentRow))),
        ("session_window", bounds),
    ]
