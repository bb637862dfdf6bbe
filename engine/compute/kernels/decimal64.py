"""Decimal ``+ - *`` on 64-bit unscaled integers, for operands and results small enough to be exact.

Arrow computes decimal arithmetic in 128/256-bit software arithmetic and the ANSI rescale
casts add more passes; money columns (TPC-H's decimal(15, 2)) have unscaled values far
inside int64, so numpy does the same operation exactly, an order of magnitude faster.
`arithmetic` returns None whenever exactness is not proven from the operands' ranges or the
result needs rounding, and the caller takes the general path (which also raises the errors).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from engine import types as T

_LIMIT = 1 << 62  # |result| stays below this: no int64 overflow in +, -, * of checked ranges


def unscaled(a: pa.Array) -> tuple[np.ndarray, np.ndarray | None] | None:
    """Unscaled int64 values of a decimal128 array (0 at nulls) and its validity; None when a value needs > 64 bits."""
    if not pa.types.is_decimal128(a.type) or len(a) == 0:
        return None
    words = np.frombuffer(a.buffers()[1], dtype=np.int64, count=2 * (a.offset + len(a)))[2 * a.offset :]
    lo, hi = words[0::2], words[1::2]
    ok = None
    if a.null_count:
        ok = np.asarray(a.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        lo, hi = np.where(ok, lo, 0), np.where(ok, hi, 0)
    if a.type.precision > 18 and not np.array_equal(hi, lo >> 63):
        return None  # a decimal(<= 18) value always fits in 64 bits; wider ones may not
    return lo, ok


def magnitude(x: np.ndarray) -> int:
    """The largest absolute value in `x` (as a Python int: no overflow at int64's minimum)."""
    return max(int(x.max()), -int(x.min())) if len(x) else 0


@dataclass(frozen=True)
class Unscaled:
    """A decimal operand as int64 unscaled values: `values` (an int when every row has the
    same value), validity `ok` (None: all valid), its `scale`, and a bound on |values|."""

    values: np.ndarray | int
    ok: np.ndarray | None
    scale: int
    bound: int


def of_array(a: pa.Array) -> Unscaled | None:
    """`a` (decimal128) as an `Unscaled`; None when a value needs more than 64 bits."""
    x = unscaled(a)
    if x is None:
        return None
    values, ok = x
    return Unscaled(values, ok, a.type.scale, magnitude(values))


def of_scalar(s: pa.Scalar) -> Unscaled | None:
    """A non-null decimal scalar as an `Unscaled` constant; None for a null or a non-decimal."""
    if not pa.types.is_decimal(s.type) or not s.is_valid:
        return None
    value = int(s.as_py().scaleb(s.type.scale))
    return Unscaled(value, None, s.type.scale, abs(value)) if abs(value) < _LIMIT else None


def combine(op: str, x: Unscaled, y: Unscaled, dtype: T.DecimalType) -> Unscaled | None:
    """``x op y`` with result type `dtype`, or None when exactness (or range) is not proven."""
    if op == "*":
        if x.scale + y.scale != dtype.scale or x.bound * y.bound >= _LIMIT:
            return None
        r, bound = x.values * y.values, x.bound * y.bound
    else:
        s = max(x.scale, y.scale)
        fa, fb = 10 ** (s - x.scale), 10 ** (s - y.scale)
        if s != dtype.scale or x.bound * fa + y.bound * fb >= _LIMIT:
            return None
        xs = x.values * fa if fa != 1 else x.values
        ys = y.values * fb if fb != 1 else y.values
        r, bound = (xs + ys if op == "+" else xs - ys), x.bound * fa + y.bound * fb
    if dtype.precision < 19 and bound >= 10**dtype.precision:
        bound = magnitude(r) if isinstance(r, np.ndarray) else abs(r)
        if bound >= 10**dtype.precision:
            return None  # out of range: the general path raises or nulls it
    ok = x.ok if y.ok is None else y.ok if x.ok is None else x.ok & y.ok
    return Unscaled(r, ok, dtype.scale, bound)


def arithmetic(op: str, a: pa.Array, b: pa.Array, dtype: T.DecimalType) -> pa.Array | None:
    """``a op b`` as decimal128(`dtype`), or None when the int64 path cannot prove it exact."""
    x, y = of_array(a), of_array(b)
    if x is None or y is None:
        return None
    r = combine(op, x, y, dtype)
    return None if r is None else from_unscaled(np.asarray(r.values), r.ok, dtype)


def from_unscaled(values: np.ndarray, ok: np.ndarray | None, dtype: T.DecimalType) -> pa.Array:
    """int64 unscaled values as a decimal128 array (sign-extended to 128 bits), null where not `ok`."""
    words = np.empty(2 * len(values), dtype=np.int64)
    words[0::2] = values
    words[1::2] = values >> 63
    validity = None
    if ok is not None and not ok.all():
        validity = pa.py_buffer(np.packbits(ok, bitorder="little"))
    return pa.Array.from_buffers(
        pa.decimal128(dtype.precision, dtype.scale), len(values), [validity, pa.py_buffer(words)]
    )
