"""time_bucket(size, ts, origin): the start of the `size`-long bucket, counted from `origin`,
that holds `ts` (Spark 4.2).

For a TIMESTAMP, buckets of whole days (and year-month buckets) follow the session zone's wall
clock: the value and the origin are read as local date-times, bucketed there and the start read
back as an instant (so a day bucket starts at local midnight, also across daylight-saving
changes). Other day-time sizes count real time from the origin's instant. A TIMESTAMP_NTZ is
bucketed on its own microseconds. Year-month buckets step whole months from the origin (its day
clamped to shorter months) and take the last start not after the value.
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


def _wall(micros: np.ndarray, tz: str) -> np.ndarray:
    """Instants (UTC microseconds) as local wall-clock microseconds in `tz`."""
    if tz in ("UTC", "Etc/UTC"):
        return micros
    local = pc.local_timestamp(pa.array(micros, pa.int64()).cast(pa.timestamp("us", tz=tz)))
    return np_values(local.cast(pa.int64()), 0).astype(np.int64)


def _instant(wall: np.ndarray, tz: str) -> np.ndarray:
    """Local wall-clock microseconds back to instants, as java.time resolves gaps and overlaps."""
    if tz in ("UTC", "Etc/UTC"):
        return wall
    naive = pa.array(wall, pa.int64()).cast(pa.timestamp("us"))
    return np_values(pc.cast(zoned_instant(naive, tz), pa.int64()), 0).astype(np.int64)


def _months_bucket(line: np.ndarray, origin: int, size: int) -> np.ndarray:
    """The last start origin + k * size months at or before each point (all wall-clock micros)."""
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
    start = np.array([origin.cast(pa.int64()).as_py()], np.int64)
    if pa.types.is_duration(size.type) and int(size.cast(pa.int64()).as_py()) % US_PER_DAY:
        step = int(size.cast(pa.int64()).as_py())  # real time from the origin's instant
        bucket = start + np.floor_divide(micros - start, step) * step
    else:
        wall, wall_start = _wall(micros, tz), int(_wall(start, tz)[0])
        if pa.types.is_duration(size.type):  # whole days on the local calendar
            step = int(size.cast(pa.int64()).as_py())
            bucket = _instant(wall_start + np.floor_divide(wall - wall_start, step) * step, tz)
        else:
            bucket = _instant(_months_bucket(wall, wall_start, int(size.as_py().months)), tz)
    valid = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), bool)
    return finish(pa.array(bucket, pa.int64(), mask=~valid).cast(out_type), scalar)
