"""histogram_numeric: Spark's streaming histogram (Ben-Haim & Tom-Tov) of each group's values."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.aggregate_lists import Collect
from engine.compute.aggregate_support import literal_arg
from engine.compute.context import EvalContext
from engine.expr.nodes import AggCall
from engine.expr.typing import dtype_of
from engine.types.arrow import to_arrow


class JavaRandom:
    """``java.util.Random``'s 48-bit linear congruential generator, for its ``nextDouble``: Spark
    breaks ties between equally close bins with one seeded at 31183, so the draws decide which
    pair merges and must be the same as Java's for the same bins."""

    _MULT, _ADD, _MASK = 0x5DEECE66D, 0xB, (1 << 48) - 1

    def __init__(self, seed: int) -> None:
        self.seed = (seed ^ self._MULT) & self._MASK

    def _next(self, bits: int) -> int:
        self.seed = (self.seed * self._MULT + self._ADD) & self._MASK
        return self.seed >> (48 - bits)

    def next_double(self) -> float:
        return ((self._next(26) << 27) + self._next(27)) * 2.0**-53


def _closest_pair(xs: list[float], prng: JavaRandom) -> int:
    """The left index of the two nearest neighbouring centres, ties broken as Spark's scan does:
    walking left to right, a gap equal to the smallest so far is the t-th such and takes over
    when a draw is at most 1/t (a smaller gap starts the count again at 1). Only the gaps that
    tie the running minimum draw, so the loop runs over those, the scan itself in numpy."""
    gaps = np.diff(np.asarray(xs, dtype=float))
    before = np.minimum.accumulate(gaps)[:-1]  # the smallest gap up to each position's left
    ties = np.flatnonzero(gaps[1:] == before) + 1
    drops = np.flatnonzero(gaps[1:] < before) + 1
    best, count = 0, 1
    events = sorted([(int(i), True) for i in ties] + [(int(i), False) for i in drops])
    for i, tie in events:
        if not tie:
            best, count = i, 1
            continue
        count += 1
        if prng.next_double() <= 1.0 / count:
            best = i
    return best


def histogram(values: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """The bins (centres, heights) after adding `values` in order: a value equal to a centre
    raises its bin; any other opens a bin, and while there are more than `bins` the two
    nearest neighbours merge into their weighted mean (ties between pairs broken by Spark's
    seeded draws). The order matters, as in Spark, so the values are fed as they came."""
    xs: list[float] = []
    ys: list[float] = []
    prng = JavaRandom(31183)
    for v in values.tolist():
        i = int(np.searchsorted(xs, v)) if xs else 0
        if i < len(xs) and xs[i] == v:
            ys[i] += 1.0
            continue
        xs.insert(i, v)
        ys.insert(i, 1.0)
        if len(xs) > bins:
            j = _closest_pair(xs, prng)
            height = ys[j] + ys[j + 1]
            xs[j] = xs[j] * (ys[j] / height) + xs[j + 1] / height * ys[j + 1]  # Spark's order of operations
            ys[j] = height
            del xs[j + 1], ys[j + 1]
    return np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)


class HistogramNumeric(Collect):
    """``histogram_numeric(x, nb)``: per group, at most `nb` bins of ``struct<x, y>``; null
    for a group without values. Centres take x's type (an int column's centres truncate)."""

    def __init__(self) -> None:
        super().__init__("list", as_double=True)

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        bins = int(literal_arg(call, 1, 10))  # type: ignore[call-overload]
        x_type = to_arrow(dtype_of(call.args[0]))
        lists = states[0]
        sizes = np.asarray(pc.list_value_length(lists).fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64)
        flat = np.asarray(pc.list_flatten(lists).to_numpy(zero_copy_only=False), dtype=float)
        starts = np.concatenate([[0], np.cumsum(sizes)])
        xs, ys, counts = [], [], []
        for g in range(len(sizes)):  # one small loop per group, over at most `bins` bins
            x, y = histogram(flat[starts[g] : starts[g + 1]], bins)
            xs.append(x)
            ys.append(y)
            counts.append(len(x))
        centres = pa.array(np.concatenate(xs) if xs else np.zeros(0)).cast(x_type, safe=False)
        heights = pa.array(np.concatenate(ys) if ys else np.zeros(0))
        offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
        structs = pa.StructArray.from_arrays([centres, heights], names=["x", "y"])
        return pa.ListArray.from_arrays(offsets, structs, mask=pa.array(sizes == 0))
