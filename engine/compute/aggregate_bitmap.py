"""bitmap_construct_agg / bitmap_or_agg / bitmap_and_agg: one 4096-byte bitmap per group.

A partition's groups are one numpy matrix (groups x 4096 bytes): bit positions are OR-ed
into it with ``np.bitwise_or.at``, and input bitmaps, padded with zero bytes to 4096 (and cut
there, as Spark ignores bytes beyond), are OR-ed or AND-ed in row blocks. Partial states are
bitmaps too, so merging is bitmap_or_agg (bitmap_and_agg for AND).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine.compute.aggregate_support import AggFunction, Groups
from engine.compute.kernels.bitmap import BITS, binary_parts
from engine.errors import ArrayIndexOutOfBoundsException
from engine.expr.nodes import AggCall

BYTES = BITS // 8
_BLOCK = 1024  # input bitmaps padded to a matrix this many rows at a time (4 MiB)


def _as_binary(matrix: np.ndarray) -> pa.Array:
    """Each row of a (groups x 4096) uint8 matrix as one binary value."""
    offsets = pa.array(np.arange(0, (len(matrix) + 1) * BYTES, BYTES, dtype=np.int32))
    return pa.BinaryArray.from_buffers(pa.binary(), len(matrix), [None, offsets.buffers()[1], pa.py_buffer(matrix.tobytes())])


def _combine(values: pa.Array, g: Groups, ufunc: np.ufunc, start: int) -> pa.Array:
    """The non-null bitmaps of each group folded with `ufunc` from a bitmap of `start` bytes."""
    out = np.full((g.count, BYTES), start, dtype=np.uint8)
    ok = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    rows = np.flatnonzero(ok)
    for lo in range(0, len(rows), _BLOCK):
        block = values.take(pa.array(rows[lo : lo + _BLOCK]))
        offsets, data = binary_parts(block)
        lengths = np.minimum(np.diff(offsets), BYTES)
        padded = np.zeros((len(block), BYTES), dtype=np.uint8)
        row_of = np.repeat(np.arange(len(block)), lengths)
        col_of = np.arange(len(row_of)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        padded[row_of, col_of] = data[np.repeat(offsets[:-1], lengths) + col_of]
        ufunc.at(out, g.gid[rows[lo : lo + _BLOCK]], padded)
    return _as_binary(out)


class BitmapConstruct(AggFunction):
    """bitmap_construct_agg: the bits at a group's non-null positions (each in 0..32767)."""

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        values = args[0]
        ok = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        pos = np.asarray(values.fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64)[ok]
        bad = (pos < 0) | (pos >= BITS)
        if bad.any():
            raise ArrayIndexOutOfBoundsException(
                f"[INVALID_BITMAP_POSITION] The 0-indexed bitmap position {pos[bad][0]} is out of bounds. "
                f"The bitmap has {BITS} bits ({BYTES} bytes).",
                "INVALID_BITMAP_POSITION",
                {"bitPosition": str(pos[bad][0]), "bitmapNumBytes": str(BYTES), "bitmapNumBits": str(BITS)},
            )
        out = np.zeros((g.count, BYTES), dtype=np.uint8)
        np.bitwise_or.at(out, (g.gid[ok], pos // 8), (1 << (pos % 8)).astype(np.uint8))
        return [_as_binary(out)]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [_combine(states[0], g, np.bitwise_or, 0)]


class BitmapFold(AggFunction):
    """bitmap_or_agg (from all zeros) or bitmap_and_agg (from all ones) of a group's bitmaps."""

    def __init__(self, ufunc: np.ufunc, start: int) -> None:
        self.ufunc, self.start = ufunc, start

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [_combine(args[0], g, self.ufunc, self.start)]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [_combine(states[0], g, self.ufunc, self.start)]


BITMAP_AGGREGATES: dict[str, AggFunction] = {
    "bitmap_construct_agg": BitmapConstruct(),
    "bitmap_or_agg": BitmapFold(np.bitwise_or, 0),
    "bitmap_and_agg": BitmapFold(np.bitwise_and, 0xFF),
}
