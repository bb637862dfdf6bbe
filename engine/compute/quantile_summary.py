"""Spark's Greenwald-Khanna quantile summary (``QuantileSummaries``), answer for answer.

``percentile_approx(x, p, accuracy)`` and ``approxQuantile(col, p, relativeError)`` answer
from a summary of (value, g, delta) samples with relative error ``eps = 1 / accuracy``. Even
before any sample is merged away, a sample's rank is only known within ``delta``, and the
query returns the first sample whose rank range holds ``ceil(p * n)`` within half the largest
``g + delta``, so with ``eps = 0.01`` the 10% point of 1..1000 is not always 100.

A group of at most ``accuracy`` values never merges samples (the merge threshold
``2 * eps * n`` stays at or below 2), and is answered for all groups at once by
:func:`unmerged_positions`. A larger group replays Spark's buffer: values arrive in batches of
50,000, each sorted into the samples, which are compressed once they number 10,000 and at the
end (:func:`summary`); these few groups loop over samples, never over rows.
"""

from __future__ import annotations

import math

import numpy as np

HEAD_SIZE = 50_000  # QuantileSummaries.defaultHeadSize
COMPRESS_THRESHOLD = 10_000  # QuantileSummaries.defaultCompressThreshold


def unmerged_positions(sizes: np.ndarray, eps: float, q: float) -> np.ndarray:
    """Per group of `sizes` sorted values (each at most ``1 / eps``), the position of the value
    Spark's summary answers for quantile `q` (0 for an empty group)."""
    n = sizes.astype(np.int64)
    if q <= eps:
        return np.zeros(len(n), np.int64)
    if q >= 1 - eps:
        return np.maximum(n - 1, 0)
    rank = np.ceil(q * n).astype(np.int64)
    # samples k = 0..n-1 have g = 1 and delta = floor(2 eps (k + 1)), but 0 for the first and
    # the last; the largest g + delta is that of the last-but-one sample (or 1)
    widest = np.where(n > 2, 1 + np.floor(2 * eps * (n - 1)).astype(np.int64), 1)
    target = widest // 2
    # first k < n-1 with k + 1 + delta_k - target <= rank <= k + 1 + target: the upper bound
    # holds from k = rank - target - 1 on; the lower one fails once k + 1 + delta_k > rank + target
    first = np.maximum(rank - target - 1, 0)
    ok = first < n - 1
    lower = first + 1 + np.where(first == 0, 0, np.floor(2 * eps * (first + 1)).astype(np.int64))
    ok &= lower - target <= rank
    return np.where(ok, first, np.maximum(n - 1, 0))


def summary(values: np.ndarray, eps: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Spark's compressed summary of `values` inserted in this order: each sample's index into
    `values`, its g and its delta."""
    idx = np.zeros(0, np.int64)
    g = np.zeros(0, np.int64)
    delta = np.zeros(0, np.int64)
    count = 0
    for start in range(0, len(values), HEAD_SIZE):
        batch = np.arange(start, min(start + HEAD_SIZE, len(values)))
        idx, g, delta, count = _insert_sorted(values, idx, g, delta, count, batch, eps)
        if start + HEAD_SIZE < len(values) and len(idx) >= COMPRESS_THRESHOLD:
            idx, g, delta = _compress(values, idx, g, delta, 2 * eps * count)
    return _compress(values, idx, g, delta, 2 * eps * count)


def query(values: np.ndarray, idx: np.ndarray, g: np.ndarray, delta: np.ndarray, eps: float, q: float) -> int:
    """The index into `values` of the answer a summary gives for quantile `q`."""
    if q <= eps:
        return int(idx[0])
    if q >= 1 - eps:
        return int(idx[-1])
    rank = math.ceil(q * int(g.sum()))
    target = int((g + delta).max()) // 2
    min_rank = np.cumsum(g)[:-1]
    hit = np.flatnonzero((min_rank + delta[:-1] - target <= rank) & (rank <= min_rank + target))
    return int(idx[hit[0]]) if len(hit) else int(idx[-1])


def _insert_sorted(
    values: np.ndarray, idx: np.ndarray, g: np.ndarray, delta: np.ndarray, count: int, batch: np.ndarray, eps: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """``withHeadBufferInserted``: the batch sorted, each placed after the samples not above it."""
    batch = batch[np.argsort(values[batch], kind="stable")]
    at = np.searchsorted(values[idx], values[batch], side="right")
    counts = count + 1 + np.arange(len(batch), dtype=np.int64)
    new_delta = np.floor(2 * eps * counts).astype(np.int64)
    first = (at == 0) & (np.arange(len(batch)) == 0)
    last = (at == len(idx)) & (np.arange(len(batch)) == len(batch) - 1)
    new_delta[first | last] = 0
    return (
        np.insert(idx, at, batch), np.insert(g, at, np.ones(len(batch), np.int64)),
        np.insert(delta, at, new_delta), count + len(batch),
    )  # fmt: skip


def _compress(
    values: np.ndarray, idx: np.ndarray, g: np.ndarray, delta: np.ndarray, threshold: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``compressImmut``: from the last sample down, merge a sample into the one above it while
    their g plus the upper one's delta stays under `threshold`; the first sample is kept."""
    if len(idx) <= 2 or threshold <= 2:  # g >= 1 on both sides: nothing can merge
        return idx, g, delta
    gs, ds = g.tolist(), delta.tolist()
    kept: list[int] = []
    kept_g: list[int] = []
    head, head_g = len(idx) - 1, gs[-1]
    for i in range(len(idx) - 2, 0, -1):
        if gs[i] + head_g + ds[head] < threshold:
            head_g += gs[i]
        else:
            kept.append(head)
            kept_g.append(head_g)
            head, head_g = i, gs[i]
    kept += [head, 0]
    kept_g += [head_g, gs[0]]
    order = np.array(kept[::-1], np.int64)
    return idx[order], np.array(kept_g[::-1], np.int64), delta[order]
