"""Kernels of the number/text conversions bin, hex and unhex (vectorized over byte matrices)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.expr.nodes import Call

_HEX_DIGITS = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8)


def _digits(values: np.ndarray, bits_per_digit: int, ok: np.ndarray) -> pa.Array:
    """Unsigned 64-bit values written in base 2**bits_per_digit, no leading zeros."""
    width = 64 // bits_per_digit
    shifts = np.arange(width - 1, -1, -1, dtype=np.uint64) * np.uint64(bits_per_digit)
    mask = np.uint64(2**bits_per_digit - 1)
    digits = (values.astype(np.uint64)[:, None] >> shifts[None, :]) & mask
    chars = np.ascontiguousarray(_HEX_DIGITS[digits.astype(np.intp)])
    fixed = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(width), len(values), [None, pa.py_buffer(chars.tobytes())]
    )
    text = fixed.cast(pa.binary()).cast(pa.string())
    trimmed = pc.utf8_ltrim(text, characters="0")
    out = pc.if_else(pc.equal(trimmed, ""), pa.scalar("0"), trimmed)
    return pc.if_else(pa.array(ok), out, pa.scalar(None, pa.string()))


def _offsets(data: pa.Array) -> np.ndarray:
    """The value offsets of a binary array (respecting a slice offset)."""
    raw = np.frombuffer(data.buffers()[1], dtype=np.int32)
    return raw[data.offset : data.offset + len(data) + 1].astype(np.int64)


@kernel("bin")
def _bin(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """bin(n): two's-complement binary digits of a bigint."""
    (a,), scalar = broadcast(args)
    return finish(_digits(np_values(a).astype(np.int64).view(np.uint64), 1, valid(a)), scalar)


@kernel("hex")
def _hex(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """hex(n) of a bigint (two's complement), or the upper-case hex of a string's bytes."""
    (a,), scalar = broadcast(args)
    if pa.types.is_integer(a.type):
        return finish(_digits(np_values(a).astype(np.int64).view(np.uint64), 4, valid(a)), scalar)
    data = a.cast(pa.binary())
    offsets = _offsets(data)
    raw = (
        np.frombuffer(data.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        if len(data)
        else np.zeros(0, np.uint8)
    )
    pairs = np.stack([_HEX_DIGITS[raw >> 4], _HEX_DIGITS[raw & 15]], axis=1).ravel()
    new_offsets = pa.array(((offsets - offsets[0]) * 2).astype(np.int32))
    out = pa.StringArray.from_buffers(len(data), new_offsets.buffers()[1], pa.py_buffer(pairs.tobytes()))
    return finish(pc.if_else(data.is_valid(), out, pa.scalar(None, pa.string())), scalar)


@kernel("unhex")
def _unhex(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """unhex(s): the bytes a hex string spells (odd length: a leading 0 is implied); null if invalid."""
    (a,), scalar = broadcast(args)
    ok = pc.fill_null(pc.match_substring_regex(a, r"^[0-9a-fA-F]*$"), False)
    s = pc.if_else(ok, a, pa.scalar(""))
    odd = pc.equal(pc.bit_wise_and(pc.utf8_length(s), 1), 1)
    s = pc.utf8_upper(pc.if_else(odd, pc.binary_join_element_wise("0", s, ""), s))
    data = s.cast(pa.binary())
    offsets = _offsets(data)
    raw = (
        np.frombuffer(data.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
        if len(data)
        else np.zeros(0, np.uint8)
    )
    nibbles = np.where(raw >= ord("A"), raw - ord("A") + 10, raw - ord("0")).astype(np.uint8)
    decoded = (nibbles[0::2] << 4) | nibbles[1::2]
    new_offsets = pa.array(((offsets - offsets[0]) // 2).astype(np.int32))
    out = pa.BinaryArray.from_buffers(
        pa.binary(), len(data), [None, new_offsets.buffers()[1], pa.py_buffer(decoded.tobytes())]
    )
    return finish(pc.if_else(ok, out, pa.scalar(None, pa.binary())), scalar)
