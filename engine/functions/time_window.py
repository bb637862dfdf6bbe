"""``F.window``: the tumbling event-time window (start, end) a timestamp falls in."""

from __future__ import annotations

import re

from engine.api.column import Column, ColumnOrName, to_expr
from engine.errors import IllegalArgumentException, PySparkNotImplementedError
from engine.functions import datetime as dt
from engine.functions import math as m
from engine.functions.collections import struct
from engine.functions.core import lit, when

__all__ = ["window"]

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
