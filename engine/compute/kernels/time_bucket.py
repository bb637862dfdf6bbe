"""time_bucket(size, ts, origin): the start of the `size`-long bucket, counted from `origin`,
that holds `ts` (Spark 4.2).

A TIMESTAMP is bucketed on the session zone's calendar: each instant is read as its local day
(days since the epoch) times a day, plus the time actually elapsed since that local midnight;
buckets are cut on that line and their starts read back the same way. So a day bucket starts at
local midnight, also on a daylight-saving day, and sub-day buckets count real time from it.
A TIMESTAMP_NTZ is bucketed the same way in UTC (its plain microseconds). Year-month buckets
step whole months from the origin (its day clamped to shorter months) and take the last start
not after the value.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values
from engine.compute.kernels.datetime import US_PER_DAY, _month_length, _month_start, zoned_instant
from engine.expr.nodes import Call


def _local_line(micros: np.ndarray, tz: str) -> np.ndarray:
    """Instants (UTC microseconds) as local day * one day + microseconds since local midnight."""
    if tz in ("UTC", "Etc/UTC"):
        return micros
    wall = pc.local_timestamp(pa.array(micros, pa.int64()).cast(pa.timestamp("us", tz=tz)))
    day = np.floor_divide(np_values(wall.cast(pa.int64()), 0).astype(np.int64), US_PER_DAY)
    return day * US_PER_DAY + micros - _midnights(day, tz)


def _from_local_line(line: np.ndarray, tz: str) -> np.ndarray:
    """Points on the local line back to UTC microseconds."""
    if tz in ("UTC", "Etc/UTC"):
        return line
    day = np.floor_divide(line, US_PER_DAY)
    return _midnights(day, tz) + line - day * US_PER_DAY


def _midnights(day: np.ndarray, tz: str) -> np.ndarray:
    """The instant (UTC microseconds) of each local day's midnight in `tz`."""
    naive = pa.array(day * US_PER_DAY, pa.int64()).cast(pa.timestamp("us"))
    return np_values(pc.cast(zoned_instant(naive, tz), pa.int64()), 0).astype(np.int64)


def _months_bucket(line: np.ndarray, origin: int, size: int) -> np.ndarray:
    """The last start origin + k * size months at or before each point (all on the local line)."""
    def parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        day = np.floor_divide(x, US_PER_DAY)
        dates = pa.array(day.astype(np.int32), pa.int32()).cast(pa.date32())
        fields = (np_values(f(dates), 0).astype(np.int64) for f in (pc.year, pc.month, pc.day))
        return (*fields, x - day * US_PER_DAY)  # type: ignore[return-value]

    y, m, _, _ = parts(line)
    oy, om, od, orem = (int(v[0]) for v in parts(np.array([origin], np.int64)))

    def start(k: np.ndarray) -> np.ndarray:
        months = om - 1 + k * size
        year, month = oy + np.floor_divide(months, 12), np.mod(months, 12) + 1
        day = np.minimum(od, _month_length(year, month))
        return (_month_start(year, month) + day - 1) * US_PER_DAY + orem

    k = np.floor_divide((y - oy) * 12 + (m - om), size)
    first = start(k)
    return np.where(first > line, start(k - 1), first)


@kernel("time_bucket")
def _time_bucket(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    size, ts, origin = args
    out_type = T.to_arrow(call.dtype)
    (values,), scalar = broadcast([ts])
    if not origin.is_valid or not size.is_valid:
        return finish(pa.nulls(len(values), out_type), scalar)
    tz = "UTC" if isinstance(call.dtype, T.TimestampNTZType) else ctx.timezone
    micros = np_values(values.cast(pa.int64()), 0).astype(np.int64)
    line = _local_line(micros, tz)
    start = int(_local_line(np.array([origin.cast(pa.int64()).as_py()], np.int64), tz)[0])
    if pa.types.is_duration(size.type):
        step = int(size.cast(pa.int64()).as_py())
        bucket = start + np.floor_divide(line - start, step) * step
    else:
        bucket = _months_bucket(line, start, int(size.as_py().months))
    out = pa.array(_from_local_line(bucket, tz), pa.int64(), mask=~np.asarray(values.is_valid().to_numpy(zero_copy_only=False), bool))
    return finish(out.cast(out_type), scalar)
