"""INTERSECT / EXCEPT (distinct or ALL) and duplicate removal, comparing rows with nulls equal.

Rows are compared through one int64 code per row: every column is dictionary-encoded (the
two inputs together, so equal values share a code; null is its own value, NaN equals NaN,
-0.0 equals 0.0, as in Spark's grouping), and the per-column codes are combined into a
dense rank. Everything after that is numpy over int64.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.aggregate_support import normalized_float
from engine.compute.context import EvalContext
from engine.compute.sort import composite_rank
from engine.physical.nodes import SetOpExec


def row_codes(columns: Sequence[pa.Array | pa.ChunkedArray], length: int) -> np.ndarray:
    """A dense int64 code per row: equal rows (nulls equal) get equal codes."""
    codes: list[np.ndarray] = []
    for col in columns:
        arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if pa.types.is_struct(arr.type):  # a struct compares field by field; a null struct is its own value
            codes.append(row_codes([*arr.flatten(), arr.is_valid()], length))
            continue
        arr = normalized_float(arr)  # -0.0 is 0.0, every NaN one value
        enc = pc.dictionary_encode(arr).indices
        codes.append(np.asarray(pc.fill_null(enc, -1).to_numpy(zero_copy_only=False), dtype=np.int64))
    if not codes:
        return np.zeros(length, dtype=np.int64)
    return composite_rank(codes, length)


def occurrence(codes: np.ndarray) -> np.ndarray:
    """For each row, how many earlier rows have the same code (0 for the first occurrence)."""
    size = len(codes)
    perm = np.argsort(codes, kind="stable")
    sorted_codes = codes[perm]
    starts = np.concatenate([[True], sorted_codes[1:] != sorted_codes[:-1]]) if size else np.zeros(0, bool)
    group_start = (
        np.maximum.accumulate(np.where(starts, np.arange(size), 0)) if size else starts.astype(np.int64)
    )
    out = np.empty(size, dtype=np.int64)
    out[perm] = np.arange(size) - group_start
    return out


def distinct_rows(table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
    """The first row of every distinct combination of `keys` (nulls equal), all columns kept."""
    codes = row_codes([table.column(k) for k in keys], table.num_rows)
    rows = np.flatnonzero(occurrence(codes) == 0)
    return table.take(pa.array(rows, type=pa.int64()))


def set_op(left: pa.Table, right: pa.Table, op: SetOpExec, ctx: EvalContext) -> pa.Table:
    """``left INTERSECT|EXCEPT [ALL] right``, by column position; output columns `op.left_keys`.

    Distinct: one row per qualifying distinct row. ALL: a row occurring l times on the left
    and r times on the right appears min(l, r) times (INTERSECT ALL) or max(l - r, 0) times
    (EXCEPT ALL). Left order is kept.
    """
    del ctx
    nl, nr = left.num_rows, right.num_rows
    merged = []
    for lk, rk in zip(op.left_keys, op.right_keys):
        lcol = left.column(lk).combine_chunks()
        rcol = right.column(rk).combine_chunks()
        merged.append(pa.concat_arrays([lcol, rcol.cast(lcol.type) if rcol.type != lcol.type else rcol]))
    codes = row_codes(merged, nl + nr)
    lcodes, rcodes = codes[:nl], codes[nl:]
    right_counts = np.bincount(rcodes, minlength=int(codes.max(initial=-1)) + 1)[lcodes] if nl else lcodes
    occ = occurrence(lcodes)
    kind = op.kind.lower()
    if kind == "intersect":
        keep = (occ < right_counts) if op.all else ((occ == 0) & (right_counts > 0))
    elif kind in ("except", "subtract", "minus"):
        keep = (occ >= right_counts) if op.all else ((occ == 0) & (right_counts == 0))
    else:
        raise ValueError(f"unknown set operation {op.kind!r}")
    return left.select(list(op.left_keys)).take(pa.array(np.flatnonzero(keep), type=pa.int64()))
