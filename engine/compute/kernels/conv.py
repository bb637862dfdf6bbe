"""Kernel of conv(num, from_base, to_base): Spark's NumberConverter over whole columns.

The digits are read as an unsigned 64-bit value one character column at a time (a Python
loop over at most the longest input's length, never over rows), then written out in the
target base the same way, so every step is a numpy operation on all rows at once.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._text import codepoint_matrix, from_parts
from engine.compute.kernels._util import ANSI_HINT, broadcast, finish, np_values, valid
from engine.errors import ArithmeticException
from engine.expr.nodes import Call

_MAX = np.uint64(2**64 - 1)
_DIGITS = np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", np.uint8)


def _digit_values(cp: np.ndarray) -> np.ndarray:
    """Each code point's digit value in bases up to 36 (99 for anything else, padding included)."""
    out = np.full(cp.shape, 99, np.int64)
    for lo, hi, base in ((48, 57, 0), (65, 90, 10), (97, 122, 10)):
        hit = (cp >= lo) & (cp <= hi)
        out[hit] = cp[hit] - lo + base
    return out


def _parse(text: pa.Array, radix: np.ndarray, ansi: bool) -> tuple[np.ndarray, np.ndarray]:
    """The leading digits of each row (after an optional '-') as uint64, and the '-' flags."""
    negative = np_values(pc.starts_with(text, "-"), False).astype(bool)
    body = pc.utf8_slice_codeunits(text, 1)
    body = pc.if_else(pa.array(negative), body, text)
    digits = _digit_values(codepoint_matrix(body))
    value = np.zeros(len(text), np.uint64)
    going = np.ones(len(text), bool)
    overflowed = np.zeros(len(text), bool)
    r = radix.astype(np.uint64)
    for j in range(digits.shape[1]):
        d = digits[:, j]
        going &= d < radix
        step = going & ~overflowed
        du = np.where(step, d, 0).astype(np.uint64)
        over = step & (value > (_MAX - du) // r)
        if over.any() and ansi:
            raise ArithmeticException(
                f"[ARITHMETIC_OVERFLOW] Overflow in function conv(). {ANSI_HINT} SQLSTATE: 22003",
                "ARITHMETIC_OVERFLOW",
            )
        overflowed |= over
        ok = step & ~over
        value[ok] = value[ok] * r[ok] + du[ok]
    value[overflowed] = _MAX
    return value, negative


def _render(value: np.ndarray, radix: np.ndarray, minus: np.ndarray, ok: np.ndarray) -> pa.Array:
    """`value` (unsigned) written in `radix`, upper case, '-' first where `minus`."""
    r = radix.astype(np.uint64)
    cols: list[np.ndarray] = []
    v = value.copy()
    while True:
        cols.append(_DIGITS[(v % r).astype(np.int64)])
        v //= r
        if not v.any():
            break
    digits = np.stack(cols[::-1], axis=1)  # most significant first, zero-padded on the left
    width = np.ones(len(value), np.int64)
    for k in range(1, digits.shape[1]):  # the digits each row needs: up to its highest non-zero
        width = np.maximum(width, np.where(digits[:, digits.shape[1] - 1 - k] != ord("0"), k + 1, 0))
    keep = np.arange(digits.shape[1])[None, :] >= digits.shape[1] - width[:, None]
    sign = np.where(minus, ord("-"), 0).astype(np.uint8)[:, None]
    chars = np.concatenate([sign, digits], axis=1)
    mask = np.concatenate([minus[:, None], keep], axis=1) & ok[:, None]
    lengths = mask.sum(axis=1)
    return from_parts(chars[mask], lengths, ok)


@kernel("conv")
def _conv(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Null for a null or empty number or a base outside 2..36 (negative `to_base`: signed output)."""
    (num, from_base, to_base), scalar = broadcast(args)
    text = pc.utf8_trim(num, " ")
    fb = np_values(from_base, 0).astype(np.int64)
    tb = np_values(to_base, 0).astype(np.int64)
    ok = valid(num) & valid(from_base) & valid(to_base) & (np_values(pc.utf8_length(text), 0) > 0)
    ok &= (fb >= 2) & (fb <= 36) & (np.abs(tb) >= 2) & (np.abs(tb) <= 36)
    radix = np.where(ok, fb, 10)
    value, negative = _parse(pc.if_else(pa.array(ok), text, pa.scalar("")), radix, ctx.ansi)
    signed = value.view(np.int64)
    # Spark: a '-' number in a positive base is its two's complement (-1 when it overflowed)
    flip = negative & (tb > 0)
    value = np.where(flip, np.where(signed < 0, _MAX, (-signed).view(np.uint64)), value)
    signed = value.view(np.int64)
    to_signed = (tb < 0) & (signed < 0)
    value = np.where(to_signed, (-signed).view(np.uint64), value)
    minus = (negative | to_signed) & (tb < 0)
    out = _render(value, np.where(ok, np.abs(tb), 10), minus, ok)
    return finish(out, scalar)
