"""Aggregate functions over window frames: each row aggregates its own [start, end) of rows.

Counts and integer/decimal sums use prefix sums (exact in int64). Float sums and min/max
over frames that start at the partition start are running accumulations that restart at
every partition (so float sums add in row order, as Spark does). Every other aggregate or
frame runs the hash aggregate's own implementation of the function (engine.compute.aggregate)
once per distinct frame, so windows answer exactly what groupBy().agg() answers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.aggregate import implementation
from engine.compute.aggregate_lists import Collect
from engine.compute.aggregate_support import Groups
from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_array
from engine.compute.kernels.decimal64 import from_unscaled, unscaled
from engine.compute.sort import key_ordinal
from engine.compute.window_tree import tree_aggregate
from engine.expr import nodes as n


def valid_mask(values: pa.Array) -> np.ndarray:
    """True where `values` is not null."""
    return np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def gather(values: pa.Array, rows: np.ndarray) -> pa.Array:
    """`values[rows]`, null where a row index is negative."""
    return values.take(pa.array(rows, type=pa.int64(), mask=rows < 0))


def frame_aggregate(
    agg: n.AggCall,
    batch: pa.RecordBatch,
    fs: np.ndarray,
    fe: np.ndarray,
    part_start: np.ndarray,
    ctx: EvalContext,
) -> pa.Array:
    """`agg` over rows [fs[i], fe[i]) for every row i of `batch` (rows sorted, partitions contiguous)."""
    name = agg.name.lower()
    size = batch.num_rows
    if agg.args:
        values = evaluate_array(agg.args[0], batch, ctx)
    else:  # count(*)
        values = pa.array(np.ones(size, dtype=np.int64))
    if agg.filter is not None:
        keep = pc.fill_null(evaluate_array(agg.filter, batch, ctx), False)
        values = pc.if_else(keep, values, pa.nulls(size, values.type))
    out_type = T.to_arrow(agg.dtype)
    valid = valid_mask(values)
    counts = _prefix_diff(valid.astype(np.int64), fs, fe)
    running = bool(np.array_equal(fs, part_start))
    vt = values.type
    if name == "count" and len(agg.args) <= 1:
        return pa.array(counts, pa.int64())
    if name in ("sum", "avg", "mean") and (pa.types.is_integer(vt) or pa.types.is_boolean(vt)):
        sums = _prefix_diff(np.where(valid, _ints(values), 0), fs, fe)
        if name == "sum":
            return pa.array(sums, pa.int64(), mask=counts == 0)
        return pa.array(sums / np.maximum(counts, 1), pa.float64(), mask=counts == 0)
    if name in ("sum", "avg", "mean") and pa.types.is_decimal128(vt):
        exact = unscaled(values)
        if exact is not None:
            sums = _prefix_diff(exact[0], fs, fe)
            total = from_unscaled(sums, counts > 0, T.DecimalType(38, vt.scale))
            if name == "sum":
                return total.cast(out_type)
            mean = _decimal_mean(sums, counts, vt.scale, out_type)
            if mean is not None:
                return mean
            return _by_frames(agg, batch, fs, fe, ctx)
    if running and name in ("sum", "avg", "mean") and pa.types.is_floating(vt):
        floats = np.where(valid, values.to_numpy(zero_copy_only=False), 0.0).astype(np.float64)
        sums = _pick(_segment_accumulate(np.add, floats, part_start), fe, fs, 0.0)
        result = sums if name == "sum" else sums / np.maximum(counts, 1)
        return pa.array(result, pa.float64(), mask=counts == 0)
    if running and name in ("min", "max"):
        return _running_extreme(name, values, valid, fs, fe, part_start)
    return _by_frames(agg, batch, fs, fe, ctx)


def _decimal_mean(sums: np.ndarray, counts: np.ndarray, scale: int, out: pa.DataType) -> pa.Array | None:
    """Unscaled decimal sums over counts at `out`'s scale, rounded half up as Spark's decimal
    division does; None when the scaled sums might not fit 64 bits (the caller takes the
    general path). Arrow's own decimal division would ask for more than 38 digits here."""
    factor = 10 ** (out.scale - scale)
    if factor < 1 or int(np.abs(sums).max(initial=0)) * factor >= 2**62:
        return None
    n = np.maximum(counts, 1)
    scaled = sums * factor
    half_up = np.sign(scaled) * ((2 * np.abs(scaled) + n) // (2 * n))
    return from_unscaled(half_up.astype(np.int64), counts > 0, T.DecimalType(out.precision, out.scale))


def _ints(values: pa.Array) -> np.ndarray:
    return np.asarray(values.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64)


def _prefix_diff(v: np.ndarray, fs: np.ndarray, fe: np.ndarray) -> np.ndarray:
    """sum(v[fs[i]:fe[i]]) for every i, through one prefix sum."""
    prefix = np.concatenate([[0], np.cumsum(v)]).astype(v.dtype if v.dtype.kind == "f" else np.int64)
    return prefix[fe] - prefix[fs]


def _pick(running: np.ndarray, fe: np.ndarray, fs: np.ndarray, empty: Any) -> np.ndarray:
    """The running value at each frame's last row (`empty` for empty frames)."""
    last = np.maximum(fe - 1, 0)
    return np.where(fe > fs, running[last] if len(running) else empty, empty)


def _segment_accumulate(ufunc: np.ufunc, v: np.ndarray, part_start: np.ndarray) -> np.ndarray:
    """`ufunc.accumulate` restarted at every partition, applied in row order.

    Python iterates min(#partitions, longest partition) times: over partitions when they
    are few, otherwise over positions within partitions (vectorized across partitions).
    """
    size = len(v)
    out = v.copy()
    if size == 0:
        return out
    starts = np.unique(part_start)
    lengths = np.diff(np.append(starts, size))
    if len(starts) <= int(lengths.max()):
        for s, length in zip(starts.tolist(), lengths.tolist()):
            out[s : s + length] = ufunc.accumulate(v[s : s + length])
        return out
    for j in range(1, int(lengths.max())):
        rows = starts[lengths > j] + j
        out[rows] = ufunc(out[rows - 1], v[rows])
    return out


def _running_extreme(
    name: str, values: pa.Array, valid: np.ndarray, fs: np.ndarray, fe: np.ndarray, part_start: np.ndarray
) -> pa.Array:
    """Running min/max of any orderable type through order-preserving ordinals."""
    ords = key_ordinal(values, True, False)
    size = len(ords)
    sentinel = np.iinfo(np.int64).max if name == "min" else -1
    ords = np.where(valid, ords, sentinel)
    ufunc = np.minimum if name == "min" else np.maximum
    best = _pick(_segment_accumulate(ufunc, ords, part_start), fe, fs, sentinel)
    # Any row holding each ordinal, to turn the best ordinal back into a value.
    holder = np.zeros(int(ords[valid].max(initial=0)) + 1, dtype=np.int64)
    holder[ords[valid]] = np.flatnonzero(valid)
    found = best != sentinel
    rows = np.where(found, holder[np.where(found, best, 0)] if size else -1, -1)
    return gather(values, rows)


# Above this many expanded (frame, row) pairs, fixed-size-state aggregates merge block
# states instead (engine.compute.window_tree).
EXPANSION_LIMIT = 1 << 20


def _by_frames(
    agg: n.AggCall, batch: pa.RecordBatch, fs: np.ndarray, fe: np.ndarray, ctx: EvalContext
) -> pa.Array:
    """Any aggregate of engine's hash aggregate, computed once per distinct frame.

    Rows sharing a frame (a whole partition, peers of a RANGE frame) share one result, so a
    partition-only window aggregates each partition once. The distinct frames are expanded into
    their rows, in row order (collect_list and string_agg keep it), with the frame as group id;
    when that would make too many rows, aggregates with fixed-size states merge block states.
    """
    fn = implementation(agg)
    size = len(fs)
    frames, first, owner_of = np.unique(fs * (size + 1) + fe, return_index=True, return_inverse=True)
    ufs, ufe = fs[first], fe[first]
    lengths = ufe - ufs
    if int(lengths.sum()) > EXPANSION_LIMIT and not isinstance(fn, Collect):
        rows = np.arange(size, dtype=np.int64)
        args = [evaluate_array(a, batch, ctx) for a in agg.args]
        if agg.filter is not None:
            keep = pc.fill_null(evaluate_array(agg.filter, batch, ctx), False)
            rows = rows[np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)]
            args = [a.filter(keep) for a in args]
        result = tree_aggregate(fn, agg, args, rows, size, ufs, ufe, ctx)
    else:
        owner = np.repeat(np.arange(len(frames), dtype=np.int64), lengths)
        offsets = np.arange(len(owner), dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        src = pa.array(np.repeat(ufs, lengths) + offsets, type=pa.int64())
        args = [evaluate_array(a, batch, ctx).take(src) for a in agg.args]
        if agg.filter is not None:
            keep = pc.fill_null(evaluate_array(agg.filter, batch, ctx).take(src), False)
            owner = owner[np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)]
            args = [a.filter(keep) for a in args]
        result = fn.final(fn.state(args, Groups(owner, len(frames)), agg), agg, ctx)
    return result.take(pa.array(owner_of.reshape(-1), type=pa.int64())).cast(T.to_arrow(agg.dtype))
