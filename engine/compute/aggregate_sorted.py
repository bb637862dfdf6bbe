"""Sums, counts and integer extremes by one integer key whose equal values are adjacent,
without a hash table.

Files are often written in key order (TPC-H's lineitem by l_orderkey), and a piece of such a
file keeps it: grouping it by that key is then a matter of finding where the key changes and
adding up each run, which numpy does in one pass (`np.add.reduceat`). q18's partial sums of 6M
lineitems into 1.5M orders took most of its time in Acero's hash table.

Only what can be shown exact takes this path: sums of integers, floats, and decimals whose
unscaled values and run lengths cannot overflow 64 bits, counts, and the min and max of
integers (q21's suppliers per order); anything else returns None and goes to Acero.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.kernels.decimal64 import from_unscaled, magnitude, unscaled

Wanted = list[tuple[str, str, pc.FunctionOptions | None]]  # (column, Acero function, options)


def segmented(table: pa.Table, key: str, wanted: Wanted) -> pa.Table | None:
    """`table` grouped by `key` as Acero's ``group_by(key).aggregate(wanted)`` names its output
    (`key`, then ``<column>_<function>``), or None unless `key` is a null-free integer column in
    non-decreasing order and every aggregate is one this module computes exactly."""
    column = table.column(key)
    if not pa.types.is_integer(column.type) or column.null_count or len(column) == 0:
        return None
    if not all(fn in ("sum", "count", "min", "max") for _, fn, _ in wanted):
        return None
    whole = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    keys = np.asarray(whole.to_numpy(zero_copy_only=False))
    if (np.diff(keys[:: max(1, len(keys) // 1024)]) < 0).any():
        return None  # most keys are not in order: a sample of them tells at once
    steps = np.diff(keys)
    if (steps < 0).any():
        return None
    starts = np.concatenate(([0], np.flatnonzero(steps) + 1))
    lengths = np.diff(np.append(starts, len(keys)))
    out: dict[str, pa.Array] = {key: pa.array(keys[starts], column.type)}
    for name, fn, options in wanted:
        values = table.column(name).combine_chunks()
        if fn == "count":
            result = _count(values, starts, options)
        elif fn == "sum":
            result = _sum(values, starts, lengths)
        else:
            result = _extreme(values, starts, fn)
        if result is None:
            return None
        out[f"{name}_{fn}"] = result
    return pa.table(out)


def _count(values: pa.Array, starts: np.ndarray, options: pc.FunctionOptions | None) -> pa.Array | None:
    if options == pc.CountOptions(mode="all"):
        return pa.array(np.diff(np.append(starts, len(values))), pa.int64())
    if options is not None and options != pc.CountOptions(mode="only_valid"):
        return None
    valid = np.ones(len(values), np.int64) if not values.null_count else _valid(values).astype(np.int64)
    return pa.array(np.add.reduceat(valid, starts), pa.int64())


def _sum(values: pa.Array, starts: np.ndarray, lengths: np.ndarray) -> pa.Array | None:
    """Each run's sum, null for a run of nulls only (as Acero's ``sum``)."""
    t = values.type
    valid = _valid(values) if values.null_count else None
    if pa.types.is_decimal128(t):
        parts = unscaled(values)
        if parts is None:
            return None
        ints = parts[0]
        if magnitude(ints) * int(lengths.max()) >= 2**63:
            return None
        totals = np.add.reduceat(ints, starts)
        return from_unscaled(totals, _any_valid(valid, starts), T.DecimalType(t.precision, t.scale))
    if t == pa.int64() or pa.types.is_floating(t):
        filled = values.fill_null(0) if values.null_count else values
        x = np.asarray(filled.to_numpy(zero_copy_only=False))
        if t == pa.int64() and magnitude(x) * int(lengths.max()) >= 2**63:
            return None
        totals = np.add.reduceat(x.astype(np.float64 if pa.types.is_floating(t) else np.int64), starts)
        ok = _any_valid(valid, starts)
        return pa.array(
            totals, pa.float64() if pa.types.is_floating(t) else pa.int64(), mask=None if ok is None else ~ok
        )
    return None


def _extreme(values: pa.Array, starts: np.ndarray, fn: str) -> pa.Array | None:
    """Each run's smallest (`fn` "min") or largest integer, null for a run of nulls only."""
    t = values.type
    if not pa.types.is_integer(t):
        return None
    info = np.iinfo(t.to_pandas_dtype())
    blank = info.max if fn == "min" else info.min  # a null never wins
    x = np.asarray((values.fill_null(blank) if values.null_count else values).to_numpy(zero_copy_only=False))
    reduce = np.minimum if fn == "min" else np.maximum
    ok = _any_valid(_valid(values), starts) if values.null_count else None
    return pa.array(reduce.reduceat(x, starts), t, mask=None if ok is None else ~ok)


def _valid(values: pa.Array) -> np.ndarray:
    return np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def _any_valid(valid: np.ndarray | None, starts: np.ndarray) -> np.ndarray | None:
    """Per run, whether it holds a non-null value; None when every value is valid."""
    return None if valid is None else np.add.reduceat(valid.astype(np.int64), starts) > 0
