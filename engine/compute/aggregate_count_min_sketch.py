"""count_min_sketch(x, eps, confidence, seed): Spark's CountMinSketch of each group's values,
serialized byte for byte as Spark writes it.

The sketch is ``depth`` rows of ``width`` counters (width = ceil(2 / eps), depth =
ceil(-log2(1 - confidence))); each row has its own hash of the value, so each value adds one to
one counter per row. The row hashes are Spark's: for integers ``a_i * x`` folded modulo 2^31 - 1
(``a_i`` drawn by java.util.Random seeded with the seed), for strings and binaries
Murmur3 ``h1 + i * h2`` over the bytes. A partition's groups are one numpy matrix of counters,
filled with ``np.add.at``; partial states are such rows and merge by adding.

Serialized (big-endian): version 1 (int), total count (long), depth (int), width (int), the
depth hash multipliers (long each), then the counters row by row (long each).
"""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa

from engine.compute.aggregate_histogram import JavaRandom
from engine.compute.aggregate_support import AggFunction, Groups, literal_arg
from engine.compute.kernels._text import utf8_parts
from engine.compute.kernels.hashes import mm3_bytes
from engine.expr.nodes import AggCall

_PRIME = (1 << 31) - 1


def shape(eps: float, confidence: float) -> tuple[int, int]:
    """(depth, width) of a sketch with relative error `eps` at `confidence`, as Spark sizes it."""
    return math.ceil(-math.log(1 - confidence) / math.log(2)), math.ceil(2 / eps)


def multipliers(seed: int, depth: int) -> np.ndarray:
    """The per-row hash multipliers: java.util.Random(seed).nextInt(Integer.MAX_VALUE), depth times
    (Spark reads the seed as an int, so a long seed keeps its low 32 bits)."""
    seed32 = (seed + 2**31) % 2**32 - 2**31
    prng = JavaRandom(seed32)
    out = []
    while len(out) < depth:  # nextInt(bound) for a bound that is not a power of two
        bits = prng._next(31)
        value = bits % _PRIME
        if bits - value + (_PRIME - 1) < 2**31:
            out.append(value)
    return np.asarray(out, dtype=np.int64)


def _java_int(v: np.ndarray) -> np.ndarray:
    """int64 values wrapped to Java's 32-bit int."""
    return (v + 2**31) % 2**32 - 2**31


def buckets(values: pa.Array, hash_a: np.ndarray, width: int) -> np.ndarray:
    """(rows x depth) counter index of each non-null value in each row of the sketch."""
    depth = len(hash_a)
    if pa.types.is_string(values.type) or pa.types.is_large_string(values.type) or pa.types.is_binary(values.type):
        data, offsets = utf8_parts(values.cast(pa.binary()) if pa.types.is_binary(values.type) else values)
        starts, lengths = offsets[:-1], np.diff(offsets)
        h1 = mm3_bytes(data, starts, lengths, np.zeros(len(values), np.uint32))
        h2 = mm3_bytes(data, starts, lengths, h1.copy())
        h1, h2 = h1.astype(np.uint32).view(np.int32).astype(np.int64), h2.astype(np.uint32).view(np.int32).astype(np.int64)
        i = np.arange(depth, dtype=np.int64)
        combined = _java_int(h1[:, None] + _java_int(i[None, :] * h2[:, None]))
        return np.abs(np.fmod(combined, width))
    x = np.asarray(values.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64)
    with np.errstate(over="ignore"):
        h = x[:, None] * hash_a[None, :]  # wraps as Java's long multiply
        h = h + (h >> 32)
    return (h & _PRIME) % width


class CountMinSketch(AggFunction):
    """count_min_sketch: per group, a total count and depth x width counters (a list of longs)."""

    def _params(self, call: AggCall) -> tuple[int, int, np.ndarray]:
        depth, width = shape(float(literal_arg(call, 1)), float(literal_arg(call, 2)))  # type: ignore[arg-type]
        return depth, width, multipliers(int(literal_arg(call, 3)), depth)  # type: ignore[call-overload]

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        depth, width, hash_a = self._params(call)
        values = args[0]
        ok = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        counts = np.zeros((g.count, 1 + depth * width), dtype=np.int64)
        rows = np.flatnonzero(ok)
        np.add.at(counts[:, 0], g.gid[rows], 1)
        if len(rows):
            cells = buckets(values.take(pa.array(rows)), hash_a, width) + np.arange(depth) * width + 1
            np.add.at(counts, (np.repeat(g.gid[rows], depth), cells.ravel()), 1)
        return [_as_lists(counts)]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        depth, width, _ = self._params(call)
        parts = np.asarray(states[0].flatten().to_numpy(zero_copy_only=False), dtype=np.int64).reshape(-1, 1 + depth * width)
        counts = np.zeros((g.count, 1 + depth * width), dtype=np.int64)
        np.add.at(counts, g.gid, parts)
        return [_as_lists(counts)]

    def final(self, states: list[pa.Array], call: AggCall, ctx: object) -> pa.Array:
        depth, width, hash_a = self._params(call)
        counts = np.asarray(states[0].flatten().to_numpy(zero_copy_only=False), dtype=np.int64).reshape(-1, 1 + depth * width)
        header = np.array([1, depth, width], dtype=">i4").tobytes()
        out = []
        for row in counts:  # one bytes object per group (the groups, not the rows)
            out.append(header[:4] + row[:1].astype(">i8").tobytes() + header[4:] + hash_a.astype(">i8").tobytes() + row[1:].astype(">i8").tobytes())
        return pa.array(out, pa.binary())


def _as_lists(counts: np.ndarray) -> pa.Array:
    """Each row of a (groups x n) int64 matrix as one fixed-size list value."""
    return pa.FixedSizeListArray.from_arrays(pa.array(counts.ravel(), pa.int64()), counts.shape[1])
