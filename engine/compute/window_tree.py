"""Aggregates over long window frames in O(n log n): merge the states of aligned blocks.

Expanding every frame into its rows costs the sum of the frame lengths, quadratic for a
running frame (``ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW``) over a large partition.
Instead, the aggregate's partial states are computed once per row, then merged pairwise
into states of blocks of 2, 4, 8, ... rows aligned at multiples of their size (the levels of
a segment tree). Each frame [start, end) is the union of at most 2·log2(n) such blocks, left
to right; one more merge per frame combines them, and the aggregate's final step answers.
This needs states of a fixed size (counts, sums, moments, extremes, bit folds), which every
aggregate but the collecting ones (lists, percentiles, mode) has.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine.compute.aggregate_support import AggFunction, Groups
from engine.compute.context import EvalContext
from engine.expr import nodes as n


def tree_aggregate(
    fn: AggFunction,
    call: n.AggCall,
    args: list[pa.Array],
    rows: np.ndarray,
    size: int,
    fs: np.ndarray,
    fe: np.ndarray,
    ctx: EvalContext,
) -> pa.Array:
    """`call` over rows [fs[i], fe[i]) of `size` rows for every frame i; `args` hold the
    values of the input `rows` (the rows passing the aggregate's FILTER, in order)."""
    levels = [fn.state(args, Groups(rows, size), call)]
    while (1 << len(levels)) <= size:
        previous = levels[-1]
        blocks = len(previous[0])
        levels.append(fn.merge(previous, Groups(np.arange(blocks) // 2, (blocks + 1) // 2), call))
    owner, level, index = _blocks(fs, fe)
    offsets = np.cumsum([0] + [len(states[0]) for states in levels[:-1]])
    order = np.argsort(owner, kind="stable")  # each frame's blocks stay left to right
    picked = pa.array((offsets[level] + index)[order], pa.int64())
    merged = [
        pa.concat_arrays([states[j].cast(levels[0][j].type) for states in levels]).take(picked)
        for j in range(len(levels[0]))
    ]
    return fn.final(fn.merge(merged, Groups(owner[order], len(fs)), call), call, ctx)


def _blocks(fs: np.ndarray, fe: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every frame as aligned blocks: (frame, level k, block index at level k) triples.

    From the frame's start, take the largest block that starts there (its size divides the
    start) and fits before the end; repeat. Each step runs for all frames at once.
    """
    start = fs.astype(np.int64).copy()
    owners, levels, indexes = [], [], []
    active = np.flatnonzero(start < fe)
    while len(active):
        s = start[active]
        fits = np.floor(np.log2(fe[active] - s)).astype(np.int64)
        aligned = _trailing_zeros(np.where(s > 0, s, np.int64(1) << 62))  # any block starts at 0
        k = np.minimum(fits, aligned)
        owners.append(active)
        levels.append(k)
        indexes.append(s >> k)
        start[active] = s + (np.int64(1) << k)
        active = active[start[active] < fe[active]]
    if not owners:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    return np.concatenate(owners), np.concatenate(levels), np.concatenate(indexes)


def _trailing_zeros(v: np.ndarray) -> np.ndarray:
    """The number of trailing zero bits of each positive integer."""
    low = v & -v
    return np.log2(low).astype(np.int64)
