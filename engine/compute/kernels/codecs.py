"""Kernels of to_binary / try_to_binary, to_base32 / from_base32 and the UTF-8 validity functions.

Hex and base32 work on the flat bytes of all rows at once with numpy. Base32 follows Apache
Commons Codec, which Spark uses: decoding skips characters outside the alphabet, stops at the
first ``=``, and keeps a trailing partial group (one lone character still yields a byte).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, get_kernel, kernel
from engine.compute.kernels._text import from_parts, utf8_parts
from engine.compute.kernels._util import broadcast, finish, null_where, valid
from engine.errors import IllegalArgumentException
from engine.expr.nodes import Call
from engine.expr.signatures.codecs import BINARY_FORMATS

_HEX_VALUE = np.full(256, -1, np.int16)
for _i, _c in enumerate(b"0123456789abcdef"):
    _HEX_VALUE[_c] = _i
for _i, _c in enumerate(b"ABCDEF"):
    _HEX_VALUE[_c] = 10 + _i

_B32 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", np.uint8)
_B32_VALUE = np.full(256, -1, np.int16)  # -1: not in the alphabet (skipped), -2: padding
_B32_VALUE[_B32] = np.arange(32)
_B32_VALUE[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz", np.uint8)] = np.arange(26)
_B32_VALUE[ord("=")] = -2

# Spark's UnBase64 check: groups of four, the last may be two or three characters (unpadded)
# or padded with one or two '='; whitespace is ignored.
_BASE64_SHAPE = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$"


def _rows_of(offsets: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))


def _unhex(s: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Hex digits to bytes (an odd count reads as if led by '0'); rows with a non-hex character
    are flagged in the second result."""
    data, offsets = utf8_parts(s)
    nibbles = _HEX_VALUE[data[offsets[0] : offsets[-1]]]
    counts = np.diff(offsets)
    bad = np.zeros(len(s), bool)
    bad[_rows_of(offsets)[nibbles < 0]] = True
    odd = counts % 2 == 1
    nibbles = np.insert(np.maximum(nibbles, 0), (offsets[:-1] - offsets[0])[odd], 0)
    out = (nibbles[0::2] << 4 | nibbles[1::2]).astype(np.uint8)
    return from_parts(out, (counts + 1) // 2, valid(s), binary=True), bad & valid(s)


def _unbase64(s: pa.Array, call: Call, ctx: EvalContext) -> tuple[pa.Array, np.ndarray]:
    """Base64 to bytes, rows not shaped as Spark's UnBase64 accepts flagged."""
    compact = pc.replace_substring_regex(s, r"\s", "")
    ok = np.asarray(
        pc.fill_null(pc.match_substring_regex(compact, _BASE64_SHAPE), True).to_numpy(zero_copy_only=False)
    )
    decode = get_kernel("unbase64")
    assert decode is not None
    return decode([s], call, ctx), ~ok  # type: ignore[return-value]


def _conversion_error(value: object, fmt: str) -> IllegalArgumentException:
    return IllegalArgumentException(
        f"[CONVERSION_INVALID_INPUT] The value '{value}' ('{fmt}') cannot be converted to \"BINARY\" because it is "
        "malformed. Correct the value as per the syntax, or change its format. Use `try_to_binary` to tolerate "
        "malformed input and return NULL instead. SQLSTATE: 22018",
        "CONVERSION_INVALID_INPUT",
        {"str": f"'{value}'", "fmt": f"'{fmt}'", "targetType": '"BINARY"', "suggestion": "`try_to_binary`"},
    )


@kernel("to_binary", "try_to_binary")
def _to_binary(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """`s` read as hex (the default), UTF-8 or base64; malformed input raises
    CONVERSION_INVALID_INPUT, or is null for try_to_binary (as is an unknown format)."""
    (s,), scalar = broadcast(args[:1])
    fmt = "hex" if len(args) == 1 else args[1].as_py() if isinstance(args[1], pa.Scalar) else None
    if fmt is None or fmt.lower() not in BINARY_FORMATS:
        return finish(pa.nulls(len(s), pa.binary()), scalar)
    fmt = fmt.lower()
    if fmt in ("utf-8", "utf8"):
        return finish(s.cast(pa.binary()), scalar)
    out, bad = _unhex(s) if fmt == "hex" else _unbase64(s, call, ctx)
    if bad.any():
        if call.name == "to_binary":
            raise _conversion_error(s[int(np.argmax(bad))].as_py(), fmt.upper())
        out = null_where(out, bad)
    return finish(out, scalar)


@kernel("to_base32")
def _to_base32(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """RFC 4648 base32 with '=' padding to a multiple of eight characters."""
    (b,), scalar = broadcast(args)
    data, offsets = utf8_parts(b)
    n = np.diff(offsets)
    chars = -(-n * 8 // 5)
    bit_start = np.concatenate([[0], np.cumsum(chars * 5)])[:-1]
    bits = np.zeros(int((chars * 5).sum()), np.uint8)
    rows = np.repeat(np.arange(len(n)), n * 8)
    local = np.arange(len(rows)) - np.repeat(np.cumsum(n * 8) - n * 8, n * 8)
    bits[bit_start[rows] + local] = np.unpackbits(data[offsets[0] : offsets[-1]])
    symbols = (
        _B32[bits.reshape(-1, 5) @ np.array([16, 8, 4, 2, 1], np.int64)]
        if len(bits)
        else np.zeros(0, np.uint8)
    )
    padded = -(-n // 5) * 8
    out = np.full(int(padded.sum()), ord("="), np.uint8)
    out_start = np.concatenate([[0], np.cumsum(padded)])[:-1]
    crow = np.repeat(np.arange(len(n)), chars)
    clocal = np.arange(len(crow)) - np.repeat(np.cumsum(chars) - chars, chars)
    out[out_start[crow] + clocal] = symbols
    return finish(from_parts(out, padded, valid(b)), scalar)


@kernel("from_base32")
def _from_base32(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Base32 decoded as Commons Codec does: lenient about foreign characters and padding."""
    (s,), scalar = broadcast(args)
    data, offsets = utf8_parts(s)
    values = _B32_VALUE[data[offsets[0] : offsets[-1]]]
    rows = _rows_of(offsets)
    pads = np.cumsum(values == -2)
    pads_before_row = np.concatenate([[0], pads])[offsets[:-1] - offsets[0]]
    keep = (values >= 0) & (pads - pads_before_row[rows] == 0)
    values, rows = values[keep].astype(np.uint8), rows[keep]
    counts = np.bincount(rows, minlength=len(s))
    # A lone trailing character gives its top three bits as a byte: decode it as if led by a 0.
    lone = np.flatnonzero(counts % 8 == 1)
    at = (np.cumsum(counts) - 1)[lone]
    values, rows = np.insert(values, at, 0), np.insert(rows, at, lone)
    counts[lone] += 1
    bits = np.unpackbits(values[:, None], axis=1)[:, 3:].reshape(-1)
    out_bytes = counts * 5 // 8
    bit_rows = np.repeat(np.arange(len(s)), counts * 5)
    bit_local = np.arange(len(bit_rows)) - np.repeat(np.cumsum(counts * 5) - counts * 5, counts * 5)
    packed = np.packbits(bits[bit_local < out_bytes[bit_rows] * 8])
    return finish(from_parts(packed, out_bytes, valid(s), binary=True), scalar)


def _decoded(a: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """`a` as strings, invalid UTF-8 replaced as Java does (U+FFFD per maximal bad subpart),
    and which rows were invalid. Strings are valid by construction; binary is cast in one go,
    decoded value by value only when some value is not UTF-8."""
    if not pa.types.is_binary(a.type) and not pa.types.is_large_binary(a.type):
        return a.cast(pa.string()), np.zeros(len(a), bool)
    try:
        return a.cast(pa.string()), np.zeros(len(a), bool)
    except pa.ArrowInvalid:
        raw = a.to_pylist()
        bad = np.zeros(len(a), bool)
        out: list[str | None] = []
        for i, v in enumerate(raw):
            if v is None:
                out.append(None)
                continue
            try:
                out.append(v.decode("utf-8"))
            except UnicodeDecodeError:
                bad[i] = True
                out.append(v.decode("utf-8", "replace"))
        return pa.array(out, pa.string()), bad


@kernel("is_valid_utf8")
def _is_valid_utf8(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args)
    _, bad = _decoded(a)
    return finish(pa.array(~bad, mask=~valid(a)), scalar)


@kernel("make_valid_utf8")
def _make_valid_utf8(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args)
    return finish(_decoded(a)[0], scalar)


@kernel("validate_utf8", "try_validate_utf8")
def _validate_utf8(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The string if it is valid UTF-8; otherwise INVALID_UTF8_STRING, or null for try_."""
    (a,), scalar = broadcast(args)
    out, bad = _decoded(a)
    if bad.any() and call.name == "validate_utf8":
        shown = "".join(f"\\x{byte:02X}" for byte in a[int(np.argmax(bad))].as_py())
        raise IllegalArgumentException(
            f"[INVALID_UTF8_STRING] Invalid UTF8 byte sequence found in string: {shown}. SQLSTATE: 22029",
            "INVALID_UTF8_STRING",
            {"str": shown},
        )
    return finish(null_where(out, bad), scalar)
