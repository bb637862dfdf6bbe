"""Spark's ``hash`` (Murmur3 x86_32) and ``xxhash64`` (XXH64), seed 42, bit-for-bit, in numpy.

Each column's hash seeds the next column's; a null leaves the running hash unchanged.
Strings and binaries are hashed over their bytes, word by word across all rows at once
(the loop runs over word positions, never over rows); arrays element by element, structs
field by field, maps key then value.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._text import utf8_parts
from engine.compute.kernels._util import broadcast, finish, valid
from engine.errors import UnsupportedOperationException
from engine.expr.nodes import Call

U32 = np.uint32
U64 = np.uint64
SEED = 42

# ------------------------------------------------------------------ Murmur3 x86_32


def _rotl32(x: np.ndarray, r: int) -> np.ndarray:
    return (x << U32(r)) | (x >> U32(32 - r))


def _mix_k1(k: np.ndarray) -> np.ndarray:
    return _rotl32(k * U32(0xCC9E2D51), 15) * U32(0x1B873593)


def _mix_h1(h: np.ndarray, k: np.ndarray) -> np.ndarray:
    return _rotl32(h ^ k, 13) * U32(5) + U32(0xE6546B64)


def _fmix32(h: np.ndarray, length: np.ndarray | int) -> np.ndarray:
    h = h ^ np.asarray(length).astype(U32)
    h ^= h >> U32(16)
    h *= U32(0x85EBCA6B)
    h ^= h >> U32(13)
    h *= U32(0xC2B2AE35)
    return h ^ (h >> U32(16))


def mm3_int(v: np.ndarray, seed: np.ndarray) -> np.ndarray:
    return _fmix32(_mix_h1(seed, _mix_k1(v.astype(np.int64).astype(U32))), 4)


def mm3_long(v: np.ndarray, seed: np.ndarray) -> np.ndarray:
    u = v.astype(np.int64).view(U64)
    h = _mix_h1(seed, _mix_k1((u & U64(0xFFFFFFFF)).astype(U32)))
    h = _mix_h1(h, _mix_k1((u >> U64(32)).astype(U32)))
    return _fmix32(h, 8)


def _read_le(data: np.ndarray, pos: np.ndarray, nbytes: int) -> np.ndarray:
    out = np.zeros(len(pos), U64)
    for j in range(nbytes):
        out |= data[pos + j].astype(U64) << U64(8 * j)
    return out


def mm3_bytes(data: np.ndarray, start: np.ndarray, length: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """Spark's ``hashUnsafeBytes``: 4-byte little-endian words, then each tail byte (sign-extended)
    mixed in as a whole word."""
    h = seed.copy()
    words = length // 4
    for k in range(int(words.max(initial=0))):
        rows = np.nonzero(words > k)[0]
        w = _read_le(data, start[rows] + 4 * k, 4).astype(U32)
        h[rows] = _mix_h1(h[rows], _mix_k1(w))
    for k in range(3):
        rows = np.nonzero(length % 4 > k)[0]
        b = data[start[rows] + words[rows] * 4 + k].astype(np.int8).astype(np.int64).astype(U32)
        h[rows] = _mix_h1(h[rows], _mix_k1(b))
    return _fmix32(h, length)


# ------------------------------------------------------------------ XXH64

P1, P2, P3, P4, P5 = (U64(x) for x in (
    0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5,
))  # fmt: skip


def _rotl64(x: np.ndarray, r: int) -> np.ndarray:
    return (x << U64(r)) | (x >> U64(64 - r))


def _fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> U64(33))
    h = h * P2
    h = h ^ (h >> U64(29))
    h = h * P3
    return h ^ (h >> U64(32))


def xx_int(v: np.ndarray, seed: np.ndarray) -> np.ndarray:
    h = seed + P5 + U64(4)
    h ^= (v.astype(np.int64).view(U64) & U64(0xFFFFFFFF)) * P1
    return _fmix64(_rotl64(h, 23) * P2 + P3)


def _xx_round(h: np.ndarray, k: np.ndarray) -> np.ndarray:
    h = h ^ (_rotl64(k * P2, 31) * P1)
    return _rotl64(h, 27) * P1 + P4


def xx_long(v: np.ndarray, seed: np.ndarray) -> np.ndarray:
    return _fmix64(_xx_round(seed + P5 + U64(8), v.astype(np.int64).view(U64)))


def xx_bytes(data: np.ndarray, start: np.ndarray, length: np.ndarray, seed: np.ndarray) -> np.ndarray:
    """Spark's XXH64 ``hashUnsafeBytes``: 32-byte stripes, 8-byte words, a 4-byte word, bytes."""
    length = length.astype(np.int64)
    h = seed + P5
    stripes = length // 32
    long_rows = np.nonzero(stripes > 0)[0]
    if len(long_rows):
        s = seed[long_rows]
        v = [s + P1 + P2, s + P2, s.copy(), s - P1]
        for k in range(int(stripes.max())):
            live = stripes[long_rows] > k
            for lane in range(4):
                w = _read_le(data, start[long_rows][live] + 32 * k + 8 * lane, 8)
                v[lane][live] = _rotl64(v[lane][live] + w * P2, 31) * P1
        acc = _rotl64(v[0], 1) + _rotl64(v[1], 7) + _rotl64(v[2], 12) + _rotl64(v[3], 18)
        for lane in range(4):
            acc = (acc ^ (_rotl64(v[lane] * P2, 31) * P1)) * P1 + P4
        h[long_rows] = acc
    h = h + length.astype(U64)
    pos = start + stripes * 32
    words = (length - stripes * 32) // 8
    for k in range(int(words.max(initial=0))):
        rows = np.nonzero(words > k)[0]
        h[rows] = _xx_round(h[rows], _read_le(data, pos[rows] + 8 * k, 8))
    pos = pos + words * 8
    rest = start + length - pos
    rows = np.nonzero(rest >= 4)[0]
    h[rows] = _rotl64(h[rows] ^ (_read_le(data, pos[rows], 4) * P1), 23) * P2 + P3
    pos[rows] += 4
    rest = start + length - pos
    for k in range(3):
        rows = np.nonzero(rest > k)[0]
        h[rows] = _rotl64(h[rows] ^ (data[pos[rows] + k].astype(U64) * P5), 11) * P1
    return _fmix64(h)


# ------------------------------------------------------------------ by type

IntFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
BytesFn = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]


def hash_column(a: pa.Array, seed: np.ndarray, fns: tuple[IntFn, IntFn, BytesFn]) -> np.ndarray:
    """The running hashes after hashing `a` into `seed` (rows where `a` is null keep `seed`)."""
    hint, hlong, hbytes = fns
    t = a.type
    ok = valid(a)
    out = seed.copy()
    if pa.types.is_null(t) or not ok.any():
        return out
    if pa.types.is_boolean(t) or pa.types.is_integer(t) or pa.types.is_date32(t):
        vals = np.asarray(pc.fill_null(a.cast(pa.int64()), 0).to_numpy(zero_copy_only=False))
        fn = hlong if pa.types.is_int64(t) else hint
        return np.where(ok, fn(vals, seed), seed)
    if pa.types.is_timestamp(t):
        return hash_column(a.cast(pa.int64()), seed, fns)
    if pa.types.is_floating(t):
        as_f = np.asarray(pc.fill_null(a, 0).to_numpy(zero_copy_only=False))
        as_f = np.where(as_f == 0, 0, as_f).astype(as_f.dtype)  # -0.0 hashes as 0.0
        if pa.types.is_float32(t):
            bits = np.where(np.isnan(as_f), np.int32(0x7FC00000), as_f.view(np.int32))
            return np.where(ok, hint(bits, seed), seed)
        bits64 = np.where(np.isnan(as_f), np.int64(0x7FF8000000000000), as_f.view(np.int64))
        return np.where(ok, hlong(bits64, seed), seed)
    if pa.types.is_decimal(t) and t.precision <= 18:
        # A decimal128 is a 16-byte little-endian integer; the low 8 bytes are the unscaled value.
        words = np.frombuffer(a.buffers()[1], dtype=np.int64, count=2 * (len(a) + a.offset))
        unscaled = words[2 * a.offset :: 2]
        return np.where(ok, hlong(unscaled, seed), seed)
    if pa.types.is_string(t) or pa.types.is_binary(t):
        data, offsets = utf8_parts(a)
        h = hbytes(data, offsets[:-1], np.diff(offsets), seed)
        return np.where(ok, h, seed)
    if pa.types.is_struct(t):
        for i in range(t.num_fields):
            out = hash_column(a.field(i), out, fns)
        return np.where(ok, out, seed)
    if pa.types.is_list(t) or pa.types.is_map(t):
        offsets = a.offsets.to_numpy()
        lengths = np.where(ok, np.diff(offsets), 0)
        flat = a.values
        children = [flat.field(0), flat.field(1)] if pa.types.is_map(t) else [flat]
        for k in range(int(lengths.max(initial=0))):
            rows = np.nonzero(lengths > k)[0]
            idx = pa.array(offsets[rows] + k)
            for child in children:
                out[rows] = hash_column(child.take(idx), out[rows], fns)
        return out
    raise UnsupportedOperationException(f"hash of a column of Arrow type {t} is not supported yet.")


def _run(args: list[Value], fns: tuple[IntFn, IntFn, BytesFn], dtype: type) -> tuple[np.ndarray, bool]:
    arrays, scalar = broadcast(args)
    seed = np.full(len(arrays[0]), SEED, dtype)
    for a in arrays:
        seed = hash_column(a, seed, fns)
    return seed, scalar


@kernel("hash")
def _hash(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    h, scalar = _run(args, (mm3_int, mm3_long, mm3_bytes), U32)
    return finish(pa.array(h.view(np.int32)), scalar)


@kernel("xxhash64")
def _xxhash64(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    h, scalar = _run(args, (xx_int, xx_long, xx_bytes), U64)
    return finish(pa.array(h.view(np.int64)), scalar)
