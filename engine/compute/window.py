"""Window functions over whole window partitions: ranking, offsets, and framed aggregates.

The input holds every row of each window partition it contains, in no order. Rows are
sorted by (partition keys, order keys); from then on everything is index arithmetic over
numpy arrays: each row knows its partition's [start, end), its peer group's [start, end)
(rows with equal order keys) and, per expression, its frame's [start, end).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_array
from engine.compute.sort import key_ordinal, lexsort, order_ordinals
from engine.compute.window_agg import frame_aggregate, gather, valid_mask
from engine.expr import nodes as n
from engine.expr.nodes import column_key
from engine.expr.typing import dtype_of
from engine.physical.nodes import WindowExec


@dataclass(frozen=True)
class Segments:
    """Per-row bounds (global indices into the sorted rows, end exclusive)."""

    part_start: np.ndarray
    part_end: np.ndarray
    peer_start: np.ndarray
    peer_end: np.ndarray


def window(table: pa.Table, op: WindowExec, ctx: EvalContext) -> pa.Table:
    """`table` sorted by partition and order keys, plus one column per `op.exprs` (by alias key)."""
    size = table.num_rows
    batch = _batch(table)
    pkeys = [evaluate_array(e, batch, ctx) for e in op.partition_by]
    okeys = [evaluate_array(o.child, batch, ctx) for o in op.order_by]
    pords = [key_ordinal(a, True, True) for a in pkeys]
    oords = order_ordinals(okeys, op.order_by)
    perm = lexsort(pords + oords, size)
    idx = pa.array(perm, type=pa.int64())
    out = table.take(idx)
    sorted_batch = _batch(out)
    seg = _segments([o[perm] for o in pords], [o[perm] for o in oords], size)
    sorted_okeys = [k.take(idx) for k in okeys]
    for alias in op.exprs:
        col = _compute(alias.child, sorted_batch, seg, op.order_by, sorted_okeys, ctx)
        out = out.append_column(column_key(alias.name, alias.id), col.cast(T.to_arrow(dtype_of(alias.child))))
    return out


def _batch(table: pa.Table) -> pa.RecordBatch:
    batches = table.combine_chunks().to_batches()
    return batches[0] if batches else pa.RecordBatch.from_pylist([], schema=table.schema)


def _bounds(
    ordinals: list[np.ndarray], size: int, within: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each row, [start, end) of the run of equal key tuples (runs never cross `within` starts)."""
    new = np.zeros(size, dtype=bool)
    if size:
        new[0] = True
    for o in ordinals:
        new[1:] |= o[1:] != o[:-1]
    if within is not None:
        new |= within
    starts = np.flatnonzero(new)
    run = np.cumsum(new) - 1
    ends = np.append(starts[1:], size)
    return starts[run], ends[run]


def _segments(pords: list[np.ndarray], oords: list[np.ndarray], size: int) -> Segments:
    part_start, part_end = _bounds(pords, size)
    is_start = np.zeros(size, dtype=bool)
    is_start[part_start] = True
    peer_start, peer_end = _bounds(oords, size, is_start)
    return Segments(part_start, part_end, peer_start, peer_end)


def _compute(
    e: n.Expr,
    batch: pa.RecordBatch,
    seg: Segments,
    order_by: tuple[n.SortOrder, ...],
    okeys: list[pa.Array],
    ctx: EvalContext,
) -> pa.Array:
    spec = e.spec if isinstance(e, n.WindowExpr) else n.WindowSpecDef()
    fn = e.function if isinstance(e, n.WindowExpr) else e
    size = batch.num_rows
    row = np.arange(size, dtype=np.int64)
    part_size = seg.part_end - seg.part_start
    name = getattr(fn, "name", "").lower()
    args: tuple[n.Expr, ...] = getattr(fn, "args", ())
    if name == "row_number":
        return pa.array(row - seg.part_start + 1, pa.int32())
    if name == "rank":
        return pa.array(seg.peer_start - seg.part_start + 1, pa.int32())
    if name == "dense_rank":
        return pa.array(_dense_rank(seg), pa.int32())
    if name == "percent_rank":
        rank = (seg.peer_start - seg.part_start).astype(np.float64)
        return pa.array(np.where(part_size > 1, rank / np.maximum(part_size - 1, 1), 0.0))
    if name == "cume_dist":
        return pa.array((seg.peer_end - seg.part_start) / part_size.astype(np.float64))
    if name == "ntile":
        return pa.array(_ntile(row - seg.part_start, part_size, _int_literal(args[0])), pa.int32())
    if name in ("lag", "lead"):
        return _lag_lead(name, args, batch, seg, ctx)
    if name == "counter_diff":
        from engine.compute.counter_diff import counter_diff

        return counter_diff([evaluate_array(a, batch, ctx) for a in args], [dtype_of(a) for a in args], seg.part_start, ctx)
    frame = spec.frame or (n.Frame("range", None, 0) if order_by else n.Frame("rows", None, None))
    fs, fe = _frame(frame, seg, order_by, okeys)
    if name in ("first_value", "last_value", "first", "last", "nth_value"):
        return _positional(name, fn, batch, fs, fe, ctx)
    if isinstance(fn, n.AggCall):
        return frame_aggregate(fn, batch, fs, fe, seg.part_start, ctx)
    udf = fn.child if isinstance(fn, n.Alias) else fn  # pandas_udf(...)(col) is named by an alias
    if isinstance(udf, n.UDFCall) and udf.kind == "pandas_agg" and isinstance(udf.args[0], n.AggCall):
        return _pandas_agg_over_frames(udf, batch, fs, fe, seg, ctx)
    raise ValueError(f"unsupported window function {name or fn!r}")


def _pandas_agg_over_frames(
    fn: n.UDFCall, batch: pa.RecordBatch, fs: np.ndarray, fe: np.ndarray, seg: Segments, ctx: EvalContext
) -> pa.Array:
    """A ``Series -> scalar`` pandas UDF over a window: it runs once per distinct frame, on the
    frame's rows (collected as its argument says), and each row takes its frame's answer."""
    from engine.compute.udf import run_udf

    _, first, inverse = np.unique(np.stack([fs, fe], axis=1), axis=0, return_index=True, return_inverse=True)
    rows = fn.args[0]
    assert isinstance(rows, n.AggCall)
    collected = frame_aggregate(rows, batch, fs[first], fe[first], seg.part_start[first], ctx)
    return run_udf(fn, [collected]).take(pa.array(inverse.ravel(), pa.int64()))


def _literal(e: n.Expr) -> object:
    """The value of a literal argument (possibly wrapped in an implicit cast)."""
    if isinstance(e, n.Cast) and isinstance(e.child, n.Literal):
        e = e.child
    if not isinstance(e, n.Literal):
        raise ValueError(f"expected a literal argument, got {e!r}")
    return e.value


def _int_literal(e: n.Expr) -> int:
    value = _literal(e)
    if not isinstance(value, int):
        raise ValueError(f"expected an integer literal, got {value!r}")
    return value


def _dense_rank(seg: Segments) -> np.ndarray:
    size = len(seg.part_start)
    is_peer_start = np.zeros(size, dtype=bool)
    is_peer_start[seg.peer_start] = True
    groups = np.cumsum(is_peer_start)
    return groups - groups[seg.part_start] + 1


def _ntile(pos: np.ndarray, count: np.ndarray, buckets: int) -> np.ndarray:
    """Spark's NTILE: the first count % buckets tiles hold one extra row."""
    base = count // buckets
    rem = count % buckets
    big = rem * (base + 1)
    first = pos // (base + 1)
    second = rem + (pos - big) // np.maximum(base, 1)
    return np.where(pos < big, first, second) + 1


def _lag_lead(
    name: str, args: tuple[n.Expr, ...], batch: pa.RecordBatch, seg: Segments, ctx: EvalContext
) -> pa.Array:
    values = evaluate_array(args[0], batch, ctx)
    ignore_nulls = _has_ignore_flag(args, values.type)
    if ignore_nulls:
        args = args[:-1]
    offset = _int_literal(args[1]) if len(args) > 1 else 1
    default = args[2] if len(args) > 2 else None
    if name == "lead":
        offset = -offset
    row = np.arange(batch.num_rows, dtype=np.int64)
    if ignore_nulls and offset != 0:
        valid_rows = np.flatnonzero(valid_mask(values))
        if offset > 0:  # the offset-th non-null row before this one
            k = np.searchsorted(valid_rows, row, side="left") - offset
        else:  # the |offset|-th non-null row after this one
            k = np.searchsorted(valid_rows, row, side="right") - offset - 1
        ok = (k >= 0) & (k < len(valid_rows))
        target = np.where(
            ok, valid_rows[np.clip(k, 0, max(len(valid_rows) - 1, 0))] if len(valid_rows) else -1, -1
        )
    else:
        target = row - offset
    inside = (target >= seg.part_start) & (target < seg.part_end)
    result = gather(values, np.where(inside, target, -1))
    if default is None or (isinstance(default, n.Literal) and default.value is None):
        return result
    fallback = evaluate_array(default, batch, ctx).cast(result.type)
    return pc.if_else(pa.array(inside), result, fallback)


def _has_ignore_flag(args: tuple[n.Expr, ...], value_type: pa.DataType) -> bool:
    """Whether lag/lead's last argument is the IGNORE NULLS flag the resolver appends.

    Four arguments always end with it; with two the flag is the only boolean; with three
    a boolean ``true`` is the flag unless the input itself is boolean (then it is the default).
    """
    last = args[-1]
    is_true = isinstance(last, n.Literal) and last.value is True
    if len(args) == 4:
        return True
    if len(args) == 2:
        return is_true
    return len(args) == 3 and is_true and not pa.types.is_boolean(value_type)


def _positional(
    name: str, fn: n.Expr, batch: pa.RecordBatch, fs: np.ndarray, fe: np.ndarray, ctx: EvalContext
) -> pa.Array:
    """first/last/nth value of each row's frame [fs, fe), optionally skipping nulls."""
    args: tuple[n.Expr, ...] = getattr(fn, "args", ())
    values = evaluate_array(args[0], batch, ctx)
    nth = _int_literal(args[1]) if name == "nth_value" else 1
    flag_at = 2 if name == "nth_value" else 1
    ignore = bool(getattr(fn, "ignore_nulls", False)) or (
        len(args) > flag_at and _literal(args[flag_at]) is True
    )
    last = name in ("last_value", "last")
    if ignore:
        valid_rows = np.flatnonzero(valid_mask(values))
        before_start = np.searchsorted(valid_rows, fs, side="left")
        before_end = np.searchsorted(valid_rows, fe, side="left")
        k = before_end - 1 if last else before_start + nth - 1
        ok = (k >= before_start) & (k < before_end)
        safe = np.clip(k, 0, max(len(valid_rows) - 1, 0))
        target = np.where(ok, valid_rows[safe] if len(valid_rows) else -1, -1)
    else:
        target = fe - 1 if last else fs + nth - 1
        target = np.where((target >= fs) & (target < fe), target, -1)
    return gather(values, target)


def _frame(
    frame: n.Frame, seg: Segments, order_by: tuple[n.SortOrder, ...], okeys: list[pa.Array]
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's frame as [start, end) row indices, clipped to its partition."""
    size = len(seg.part_start)
    row = np.arange(size, dtype=np.int64)
    if frame.kind == "rows":
        fs = (
            seg.part_start
            if frame.start is None
            else np.clip(row + int(frame.start), seg.part_start, seg.part_end)
        )
        fe = (
            seg.part_end
            if frame.end is None
            else np.clip(row + int(frame.end) + 1, seg.part_start, seg.part_end)
        )
    else:
        fs = _range_bound(frame.start, seg, order_by, okeys, True)
        fe = _range_bound(frame.end, seg, order_by, okeys, False)
    return fs, np.maximum(fe, fs)


def _range_bound(
    offset: float | n.Literal | None,
    seg: Segments,
    order_by: tuple[n.SortOrder, ...],
    okeys: list[pa.Array],
    lower: bool,
) -> np.ndarray:
    """Start (lower) or end (upper, exclusive) of a RANGE frame bound for every row."""
    if offset is None:
        return seg.part_start if lower else seg.part_end
    if not isinstance(offset, n.Literal) and offset == 0:
        return seg.peer_start if lower else seg.peer_end
    if len(order_by) != 1:
        raise ValueError("a RANGE frame with an offset needs exactly one ORDER BY key")
    key = okeys[0]
    ascending = order_by[0].ascending
    nulls = ~valid_mask(key)
    w = _key_numbers(key)
    special = nulls | np.isnan(w)
    bound = _shifted(key, w, offset if ascending else _negated(offset))
    if not ascending:
        w, bound = -w, -bound
    # Null and NaN rows sit at one end of the partition; they only frame their peers.
    w = np.where(nulls, -np.inf if order_by[0].nulls_are_first else np.inf, w)
    w = np.where(~nulls & np.isnan(w), np.inf if ascending else -np.inf, w)
    pos = _segment_search(seg.part_start, w, bound, "left" if lower else "right")
    peers = seg.peer_start if lower else seg.peer_end
    return np.where(special, peers, np.clip(pos, seg.part_start, seg.part_end))


_MICROS_PER_DAY = 86_400_000_000


def _key_numbers(key: pa.Array) -> np.ndarray:
    """An ORDER BY key as float64 on the scale its offsets use: numbers as they are, dates in
    days and timestamps in microseconds since the epoch (nulls are 0, masked by the caller)."""
    if pa.types.is_date(key.type):
        key = key.cast(pa.date32()).cast(pa.int32())
    elif pa.types.is_timestamp(key.type):
        key = key.cast(pa.timestamp("us", key.type.tz)).cast(pa.int64())
    # a BIGINT beyond 2**53 rounds to the nearest double (an unsafe cast), as its bound does
    as_double = pc.cast(key, pa.float64(), safe=False).fill_null(0.0)
    return np.asarray(as_double.to_numpy(zero_copy_only=False), dtype=np.float64)


def _negated(offset: float | n.Literal) -> float | n.Literal:
    return n.Literal(-offset.value, offset.dtype) if isinstance(offset, n.Literal) else -offset


def _shifted(key: pa.Array, w: np.ndarray, offset: float | n.Literal) -> np.ndarray:
    """Each key plus `offset` on the scale of `w`: a number, a day-time interval (days for a
    date key, microseconds for a timestamp) or a year-month interval (calendar months, the day
    clamped to the month's last day as add_months does)."""
    if not isinstance(offset, n.Literal):
        if pa.types.is_integer(key.type) or pa.types.is_float32(key.type):
            return _shifted_in_key_type(key, offset)
        return w + float(offset)
    if isinstance(offset.dtype, T.YearMonthIntervalType):
        if pa.types.is_date(key.type):
            return _add_months(w, int(offset.value))
        days = np.floor(w / _MICROS_PER_DAY)
        return _add_months(days, int(offset.value)) * _MICROS_PER_DAY + (w - days * _MICROS_PER_DAY)
    micros = offset.value // dt.timedelta(microseconds=1)
    return w + (micros / _MICROS_PER_DAY if pa.types.is_date(key.type) else float(micros))


def _shifted_in_key_type(key: pa.Array, offset: float) -> np.ndarray:
    """Each key plus `offset` added in the key's own type, as Spark casts a RANGE frame's offset
    to the ORDER BY type before adding: over an INT key 1.1 is 1, over a FLOAT key the bound is
    the float sum (0.0f + 1.1f reaches a row of 1.1f, which a double 1.1 would not), and a
    bound beyond BIGINT is ARITHMETIC_OVERFLOW."""
    valid = valid_mask(key)
    if pa.types.is_float32(key.type):
        values = key.fill_null(0.0).to_numpy(zero_copy_only=False).astype(np.float32)
        return (values + np.float32(offset)).astype(np.float64)
    if not np.isfinite(offset):  # 'inf' / 'NaN' as an integral key's offset: Spark's cast of it fails
        from engine.compute.cast import invalid_input

        text = pa.array(["NaN" if np.isnan(offset) else ("-" if offset < 0 else "") + "Infinity"])
        raise invalid_input(text, np.array([True]), T.StringType(), T.from_arrow(key.type))
    step = int(offset)  # Spark's cast of the offset to the key type truncates toward zero
    values = key.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    info = np.iinfo(np.int64)  # a narrower key's bound does not overflow in Spark (an INT at 2**31 - 1 plus 2)
    over = values > info.max - step if step > 0 else values < info.min - step
    if bool(np.any(over & valid)):
        from engine.compute.kernels._util import overflow

        raise overflow("try_add")
    return (values + step).astype(np.float64)


def _add_months(days: np.ndarray, months: int) -> np.ndarray:
    """Days since the epoch moved by whole calendar months (Jan 31 + 1 month = Feb 28/29)."""
    day = days.astype("int64").astype("datetime64[D]")
    month_start = day.astype("datetime64[M]")
    target = month_start + np.timedelta64(months, "M")
    last = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    moved = np.minimum(target.astype("datetime64[D]") + (day - month_start.astype("datetime64[D]")), last)
    return moved.astype("int64").astype(np.float64)


def _segment_search(part_start: np.ndarray, w: np.ndarray, q: np.ndarray, side: str) -> np.ndarray:
    """`np.searchsorted(w[part], q[i], side)` within each row's own partition, as a global index."""
    size = len(w)
    part = np.cumsum(np.r_[False, part_start[1:] != part_start[:-1]]) if size else np.zeros(0, np.int64)
    flag_q = 0 if side == "left" else 2
    keys_part = np.concatenate([part, part])
    keys_val = np.concatenate([w, q])
    keys_flag = np.concatenate([np.ones(size, np.int8), np.full(size, flag_q, np.int8)])
    order = np.lexsort((keys_flag, keys_val, keys_part))
    is_data = order < size
    data_before: np.ndarray = np.cumsum(is_data) - is_data
    result = np.empty(size, dtype=np.int64)
    result[order[~is_data] - size] = data_before[~is_data]
    return result
