"""Kernels of bitmap_bucket_number, bitmap_bit_position and bitmap_count, over numpy.

A bigint v lives in bucket ``1 + (v - 1) / 32768`` at bit ``(v - 1) % 32768`` when positive,
else in bucket ``v / 32768`` at bit ``-v % 32768`` (Java's truncating division), as Spark's
BitmapExpressionUtils puts it.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, from_np, np_values, valid
from engine.expr.nodes import Call

BITS = 32768  # bits per bitmap: 4096 bytes
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)


@kernel("bitmap_bucket_number")
def _bucket_number(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (v,), scalar = broadcast(args)
    x = np_values(v).astype(np.int64)
    positive = 1 + (np.maximum(x, 1) - 1) // BITS
    # Java's truncating v / 32768 for v <= 0 (floor division rounds the other way)
    q, r = np.floor_divide(x, BITS), np.mod(x, BITS)
    others = q + (r != 0)
    return finish(from_np(np.where(x > 0, positive, others), valid(v), T.LongType()), scalar)


@kernel("bitmap_bit_position")
def _bit_position(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (v,), scalar = broadcast(args)
    x = np_values(v).astype(np.int64)
    with np.errstate(over="ignore"):
        others = np.mod(np.negative(x), BITS)  # -Long.MinValue wraps to itself, a multiple of 32768
    out = np.where(x > 0, np.mod(x - 1, BITS), others)
    return finish(from_np(out, valid(v), T.LongType()), scalar)


@kernel("bitmap_count")
def _count(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (v,), scalar = broadcast(args)
    offsets, data = binary_parts(v)
    ones = np.concatenate([[0], np.cumsum(_POPCOUNT[data])])
    counts = ones[offsets[1:]] - ones[offsets[:-1]]
    return finish(from_np(counts, valid(v), T.LongType()), scalar)


def binary_parts(v: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The value offsets (n + 1, int64, from 0) and the bytes of a binary array's values."""
    if pa.types.is_large_binary(v.type):
        offset_type = np.int64
    else:
        v = v.cast(pa.binary())
        offset_type = np.int32
    buffers = v.buffers()
    offsets = np.frombuffer(buffers[1], offset_type)[v.offset : v.offset + len(v) + 1].astype(np.int64)
    data = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    data = data[offsets[0] : offsets[-1]] if len(offsets) else data[:0]
    return (offsets - offsets[0] if len(offsets) else np.zeros(1, np.int64)), data
