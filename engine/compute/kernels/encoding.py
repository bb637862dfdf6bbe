"""Kernels of the byte-level string functions: ascii, chr, base64, encode/decode, digests, uuid."""

from __future__ import annotations

import hashlib
import zlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, charsets, kernel
from engine.compute.kernels._text import from_parts, slice_chars, utf8_parts
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.expr.nodes import Call

_B64 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", np.uint8)
_LATIN1 = pa.array([chr(i) for i in range(256)])


def _array(v: Value) -> tuple[pa.Array, bool]:
    (a,), scalar = broadcast([v])
    return a, scalar


@kernel("ascii")
def _ascii(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The code point of the first character (0 for '')."""
    s, scalar = _array(args[0])
    first = slice_chars(s, np.zeros(len(s), np.int64), np.ones(len(s), np.int64))
    data, offsets = utf8_parts(first)
    n = np.diff(offsets)
    b = np.zeros((len(s), 4), np.int64)
    for k in range(4):
        has = n > k
        b[has, k] = data[offsets[:-1][has] + k]
    cp = np.select(
        [n == 1, n == 2, n == 3, n == 4],
        [b[:, 0], (b[:, 0] & 0x1F) << 6 | (b[:, 1] & 0x3F),
         (b[:, 0] & 0x0F) << 12 | (b[:, 1] & 0x3F) << 6 | (b[:, 2] & 0x3F),
         (b[:, 0] & 0x07) << 18 | (b[:, 1] & 0x3F) << 12 | (b[:, 2] & 0x3F) << 6 | (b[:, 3] & 0x3F)],
        0,
    )  # fmt: skip
    return finish(pa.array(cp.astype(np.int32), mask=~valid(s)), scalar)


@kernel("chr", "char")
def _chr(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The character of code ``n % 256``; '' for negative `n`."""
    n, scalar = _array(args[0])
    codes = np_values(n).astype(np.int64)
    out = _LATIN1.take(pa.array(codes & 0xFF))
    out = pc.if_else(pa.array(codes < 0), pa.scalar(""), out)
    return finish(pc.if_else(n.is_null(), pa.nulls(len(n), pa.string()), out), scalar)


@kernel("base64")
def _base64(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """MIME base64 (padded, lines of 76), computed over all rows' bytes at once."""
    b, scalar = _array(args[0])
    data, offsets = utf8_parts(b)
    n = np.diff(offsets)
    groups = -(-n // 3)
    padded = np.zeros(int(groups.sum()) * 3, np.uint8)
    row = np.repeat(np.arange(len(n)), n)
    local = np.arange(len(row)) - np.repeat(offsets[:-1] - offsets[0], n)
    group_start = np.concatenate([[0], np.cumsum(groups)])[:-1] * 3
    padded[group_start[row] + local] = data[offsets[0] : offsets[-1]]
    tri = padded.reshape(-1, 3).astype(np.uint32)
    word = tri[:, 0] << 16 | tri[:, 1] << 8 | tri[:, 2]
    chars = _B64[np.stack([(word >> s) & 0x3F for s in (18, 12, 6, 0)], axis=1)].reshape(-1).copy()
    out_row = np.repeat(np.arange(len(n)), groups * 4)
    out_local = np.arange(len(out_row)) - np.repeat(group_start // 3 * 4, groups * 4)
    pad_from = (n + 2) // 3 * 4 - (-n % 3)
    chars[out_local >= pad_from[out_row]] = ord("=")
    encoded = from_parts(chars, groups * 4, valid(b))
    # Spark 4 emits MIME base64: a CRLF after every 76 characters (none at the end).
    lines = pc.utf8_rtrim(pc.replace_substring_regex(encoded, "(.{76})", "\\1\r\n"), "\r\n")
    return finish(lines, scalar)


@kernel("unbase64")
def _unbase64(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Base64 decoded (whitespace ignored, padding optional)."""
    s, scalar = _array(args[0])
    s = pc.replace_substring_regex(s, r"[\s=]", "")
    data, offsets = utf8_parts(s)
    lookup = np.full(256, 0, np.uint32)
    lookup[_B64] = np.arange(64, dtype=np.uint32)
    n = np.diff(offsets)
    quads = -(-n // 4)
    padded = np.zeros(int(quads.sum()) * 4, np.uint32)
    row = np.repeat(np.arange(len(n)), n)
    local = np.arange(len(row)) - np.repeat(offsets[:-1] - offsets[0], n)
    quad_start = np.concatenate([[0], np.cumsum(quads)])[:-1] * 4
    padded[quad_start[row] + local] = lookup[data[offsets[0] : offsets[-1]]]
    q = padded.reshape(-1, 4)
    word = q[:, 0] << 18 | q[:, 1] << 12 | q[:, 2] << 6 | q[:, 3]
    raw = np.stack([(word >> s) & 0xFF for s in (16, 8, 0)], axis=1).astype(np.uint8).reshape(-1)
    out_len = n * 3 // 4
    out_row = np.repeat(np.arange(len(n)), quads * 3)
    out_local = np.arange(len(out_row)) - np.repeat(quad_start // 4 * 3, quads * 3)
    keep = out_local < out_len[out_row]
    return finish(from_parts(raw[keep], out_len, valid(s), binary=True), scalar)


@kernel("encode")
def _encode(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return charsets.encode(args[0], charsets.charset_of(args[1], "encode"))


@kernel("decode")
def _decode(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The charset decoding, or (three or more arguments) the first matching search's result."""
    if len(args) > 2:
        return _decode_case(args)
    return charsets.decode(args[0], charsets.charset_of(args[1], "decode"))


def _decode_case(args: list[Value]) -> Value:
    """``decode(x, s1, r1, s2, r2, default)``: built from the last pair back, so the first
    search equal to x (null equals null) wins."""
    x = args[0]
    has_default = len(args) % 2 == 0
    pairs = list(zip(args[1 : len(args) - has_default : 2], args[2::2]))
    result: Value = args[-1] if has_default else pa.scalar(None, pairs[0][1].type)
    for search, value in reversed(pairs):
        nulls = pa.types.is_null(x.type) or pa.types.is_null(search.type)
        equal = pa.scalar(False) if nulls else pc.fill_null(pc.equal(x, search), False)
        both_null = pc.and_(pc.is_null(x), pc.is_null(search))
        result = pc.if_else(pc.or_(equal, both_null), value, result)
    return result


def _digest(v: Value, fn: object, out: pa.DataType | None = None) -> Value:
    """A digest per row. hashlib has no vectorized form, so this is the documented exception:
    one C-level digest call per value, no Python arithmetic per row."""
    b, scalar = _array(v)
    result = pa.array([None if x is None else fn(x) for x in b.to_pylist()], out or pa.string())  # type: ignore[operator]
    return finish(result, scalar)


@kernel("md5")
def _md5(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _digest(args[0], lambda x: hashlib.md5(x).hexdigest())


@kernel("sha1", "sha")
def _sha1(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _digest(args[0], lambda x: hashlib.sha1(x).hexdigest())


@kernel("sha2")
def _sha2(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """SHA-2 of 224, 256 (also 0), 384 or 512 bits; null for any other bit length."""
    bits = args[1].as_py() if isinstance(args[1], pa.Scalar) else None
    algo = {0: "sha256", 224: "sha224", 256: "sha256", 384: "sha384", 512: "sha512"}.get(bits)  # type: ignore[arg-type]
    if algo is None:
        b, scalar = _array(args[0])
        return finish(pa.nulls(len(b), pa.string()), scalar)
    return _digest(args[0], lambda x: hashlib.new(algo, x).hexdigest())


@kernel("crc32")
def _crc32(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _digest(args[0], zlib.crc32, pa.int64())


def _seeded_uuid_bytes(seed: int, offset: int, n: int) -> np.ndarray:
    """Spark's UUIDs for a seed (its RandomUUIDGenerator): commons-math's MersenneTwister seeded
    with the long's two halves (numpy's RandomState seeds MT19937 by the same init_by_array),
    two nextLong()s (four 32-bit draws) per UUID, `offset` UUIDs into the sequence."""
    key = np.array([(seed >> 32) & 0xFFFFFFFF, seed & 0xFFFFFFFF], dtype=np.uint32)
    draws = np.random.RandomState(key).randint(0, 2**32, size=4 * (offset + n), dtype=np.uint64)[4 * offset :]
    return draws.astype(">u4").view(np.uint8).reshape(n, 16)  # big-endian words: the UUID's bytes


@kernel("uuid")
def _uuid(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Version-4 UUIDs, formatted from their bytes with numpy: random ones, or with a seed
    Spark's own sequence for ``seed + partition index``."""
    n = ctx.num_rows or max((len(a) for a in args if isinstance(a, pa.Array)), default=1)
    if args and isinstance(args[0], pa.Scalar) and args[0].is_valid:
        seed = (int(args[0].as_py()) + ctx.partition_index + 2**63) % 2**64 - 2**63
        raw = _seeded_uuid_bytes(seed, int(getattr(ctx, "row_offset", 0)), n)
    else:
        raw = np.random.default_rng().integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    hexdigits = np.frombuffer(b"0123456789abcdef", np.uint8)
    nibbles = np.stack([raw >> 4, raw & 0x0F], axis=2).reshape(n, 32)
    text = hexdigits[nibbles]
    dash = np.full((n, 1), ord("-"), np.uint8)
    parts = [text[:, :8], dash, text[:, 8:12], dash, text[:, 12:16], dash, text[:, 16:20], dash, text[:, 20:]]
    out = from_parts(np.concatenate(parts, axis=1).reshape(-1), np.full(n, 36), None)
    return out
