"""The order Spark's ``OpenHashMap`` iterates its keys, which decides ``mode``'s ties.

Spark's ``mode(x)`` counts values in an ``OpenHashMap`` and returns the first key of largest
count it meets when it walks the table slot by slot. A key's slot is Guava's Murmur3 (seed 0)
of the key's Java ``hashCode``, masked by the table's capacity: 64 slots, doubled whenever
the keys outnumber 70% of them. Two keys of one slot probe onward; the first one inserted
keeps the slot, which the caller's tie-break on first appearance stands in for.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine.compute.kernels._text import utf8_parts
from engine.compute.kernels.hashes import U32, mm3_bytes, mm3_int

_INITIAL_CAPACITY = 64
_LOAD_FACTOR = 0.7


def java_hash_codes(values: pa.Array) -> np.ndarray | None:
    """Each value's Java ``hashCode`` as Spark holds it (Integer, Long, Double, UTF8String, ...)
    as uint32, or None for a type whose hash is not modelled here (decimals, nested types)."""
    t = values.type
    if pa.types.is_boolean(t):
        flags = np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)
        return np.where(flags, 1231, 1237).astype(U32)
    if pa.types.is_integer(t) and t.bit_width <= 32 or pa.types.is_date32(t):
        return np.asarray(values.cast(pa.int32()).to_numpy(zero_copy_only=False)).astype(np.int64).astype(U32)
    if pa.types.is_int64(t) or pa.types.is_timestamp(t) or pa.types.is_uint32(t):
        bits = np.asarray(values.cast(pa.int64()).to_numpy(zero_copy_only=False)).view(np.uint64)
        return ((bits ^ (bits >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(U32)
    if pa.types.is_float64(t):
        x = np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64)
        bits = np.where(np.isnan(x), np.float64("nan"), x).view(np.uint64)  # doubleToLongBits: one NaN
        return ((bits ^ (bits >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(U32)
    if pa.types.is_float32(t):
        x = np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float32)
        return np.where(np.isnan(x), np.float32("nan"), x).view(U32)
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_binary(t):
        data, offsets = utf8_parts(values)
        return mm3_bytes(data, offsets[:-1], offsets[1:] - offsets[:-1], np.full(len(values), 42, U32))
    return None


def open_hash_slots(values: pa.Array, table_sizes: np.ndarray) -> np.ndarray | None:
    """The slot of each value in an ``OpenHashMap`` holding `table_sizes` distinct keys (one
    size per value: the size of the table it was counted in), or None where
    :func:`java_hash_codes` has no hash for the type."""
    codes = java_hash_codes(values)
    if codes is None:
        return None
    capacity = np.full(len(values), _INITIAL_CAPACITY, np.int64)
    while True:
        grow = table_sizes > np.floor(_LOAD_FACTOR * capacity).astype(np.int64)
        if not grow.any():
            break
        capacity = np.where(grow, capacity * 2, capacity)
    rehashed = mm3_int(codes.astype(np.int64), np.zeros(len(values), U32)).astype(np.int64)
    return rehashed & (capacity - 1)
