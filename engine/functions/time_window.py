"""``F.window``: the tumbling event-time window (start, end) a timestamp falls in."""

from __future__ import annotations

import re

from engine.api.column import Column, ColumnOrName, to_expr
from engine.errors import IllegalArgumentException, PySparkNotImplementedError
from engine.functions import datetime as dt
from engine.functions import math as m
from engine.functions.collections import array, struct
from engine.functions.core import lit, when

__all__ = ["session_windows", "sliding_windows", "window"]

_UNIT_MICROS = {
    "microsecond": 1, "millisecond": 1_000, "second": 1_000_000, "minute": 60_000_000,
    "hour": 3_600_000_000, "day": 86_400_000_000, "week": 7 * 86_400_000_000,
}  # fmt: skip


def _micros(text: str) -> int:
    """``"10 minutes"`` / ``"1 hour 30 minutes"`` as microseconds (Spark's interval strings)."""
    parts = re.findall(r"(-?\d+)\s*([a-zA-Z]+)", text)
    if not parts or re.sub(r"(-?\d+)\s*([a-zA-Z]+)|\s|interval", "", text, flags=re.I):
        raise IllegalArgumentException(f"The provided interval ({text}) did not correspond to a valid interval string.")
    total = 0
    for num, unit in parts:
        u = unit.lower().rstrip("s")
        if u not in _UNIT_MICROS:
            raise IllegalArgumentException(f"Intervals greater than days are not supported ({text}).")
        total += int(num) * _UNIT_MICROS[u]
    return total


def window(
    timeColumn: ColumnOrName,  # noqa: N803 - PySpark's names
    windowDuration: str,  # noqa: N803
    slideDuration: str | None = None,  # noqa: N803
    startTime: str | None = None,  # noqa: N803
) -> Column:
    """``window(ts, "10 minutes")``: struct<start, end> of the tumbling window holding `ts`.

    Example: 10:07 with ``"5 minutes"`` is ``{start: 10:05, end: 10:10}``. Sliding windows
    (a `slideDuration` shorter than the window) are not supported.
    """
    size = _micros(windowDuration)
    if size <= 0:
        raise IllegalArgumentException(f"The window duration ({windowDuration}) must be greater than 0.")
    if slideDuration is not None and _micros(slideDuration) != size:
        raise PySparkNotImplementedError("window() with a slideDuration other than the window: sliding windows.")
    offset = _micros(startTime) if startTime else 0
    ts = Column(to_expr(timeColumn)).cast("timestamp")
    us = dt.unix_micros(ts)
    start = us - m.pmod(us - lit(offset), lit(size))
    bounds = struct(dt.timestamp_micros(start).alias("start"), dt.timestamp_micros(start + lit(size)).alias("end"))
    # Spark drops rows whose time is null; here their window is null
    return when(ts.isNotNull(), bounds).alias("window")


def sliding_windows(timeColumn: ColumnOrName, windowDuration: str, slideDuration: str, startTime: str | None = None) -> Column:  # noqa: N803
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
