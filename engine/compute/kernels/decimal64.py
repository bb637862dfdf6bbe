"""Decimal ``+ - *`` on 64-bit unscaled integers, for operands and results small enough to be exact.

Arrow computes decimal arithmetic in 128/256-bit software arithmetic and the ANSI rescale
casts add more passes; money columns (TPC-H's decimal(15, 2)) have unscaled values far
inside int64, so numpy does the same operation exactly, an order of magnitude faster.
`arithmetic` returns None whenever exactness is not proven from the operands' ranges or the
result needs rounding, and the caller takes the general path (which also raises the errors).
"""

from __future__ import annotations

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
    if not np.array_equal(hi, lo >> 63):
        return None
    return lo, ok


def _magnitude(x: np.ndarray) -> int:
    """The largest absolute value in `x` (as a Python int: no overflow at int64's minimum)."""
    return max(int(x.max()), -int(x.min()))


def arithmetic(op: str, a: pa.Array, b: pa.Array, dtype: T.DecimalType) -> pa.Array | None:
    """``a op b`` as decimal128(`dtype`), or None when the int64 path cannot prove it exact."""
    x, y = unscaled(a), unscaled(b)
    if x is None or y is None:
        return None
    (xv, xok), (yv, yok) = x, y
    sa, sb = a.type.scale, b.type.scale
    if op == "*":
        if sa + sb != dtype.scale or _magnitude(xv) * _magnitude(yv) >= _LIMIT:
            return None
        r = xv * yv
    else:
        s = max(sa, sb)
        fa, fb = 10 ** (s - sa), 10 ** (s - sb)
        if s != dtype.scale or _magnitude(xv) * fa + _magnitude(yv) * fb >= _LIMIT:
            return None
        xs = xv * fa if fa != 1 else xv
        ys = yv * fb if fb != 1 else yv
        r = xs + ys if op == "+" else xs - ys
    if dtype.precision < 19 and _magnitude(r) >= 10**dtype.precision:
        return None  # out of range: the general path raises or nulls it
    ok = xok if yok is None else yok if xok is None else xok & yok
    return from_unscaled(r, ok, dtype)


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
