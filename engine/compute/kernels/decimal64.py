"""Decimal ``+ - *`` on 64-bit unscaled integers, for operands and results small enough to be exact.

Arrow computes decimal arithmetic in 128/256-bit software arithmetic and the ANSI rescale
casts add more passes; money columns (TPC-H's decimal(15, 2)) have unscaled values far
inside int64, so numpy does the same operation exactly, an order of magnitude faster.
`arithmetic` returns None whenever exactness is not proven from the operands' ranges or the
result needs rounding, and the caller takes the general path (which also raises the errors).
"""

from __future__ import annotations

import operator
import weakref
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from engine import types as T

_LIMIT = 1 << 62  # |result| stays below this: no int64 overflow in +, -, * of checked ranges
_UFUNCS = {"*": np.multiply, "+": np.add, "-": np.subtract}
_EXACT = {"*": operator.mul, "+": operator.add, "-": operator.sub}


# The int64 values of the decimal128 arrays `from_unscaled` made, by the address of their data
# buffer, for as long as that buffer lives: a sum over a computed price (q01 sums two) reads
# them back instead of extracting them from the 128-bit words again.
_MADE: dict[int, tuple[np.ndarray, np.ndarray | None, int, int | None]] = {}  # values, ok, scale, bound


def _made(a: pa.Array) -> tuple[np.ndarray, np.ndarray | None, int | None] | None:
    """`a`'s values (0 at nulls), validity and bound when `from_unscaled` made its data buffer."""
    found = _MADE.get(a.buffers()[1].address)
    if found is None:
        return None
    values, ok, scale, bound = found
    if scale != a.type.scale or a.offset + len(a) > len(values):
        return None
    cut = slice(a.offset, a.offset + len(a))
    if ok is None:
        return values[cut], None, bound
    return np.where(ok[cut], values[cut], 0), ok[cut], bound


def unscaled(a: pa.Array) -> tuple[np.ndarray, np.ndarray | None] | None:
    """Unscaled int64 values of a decimal128 array (0 at nulls) and its validity; None when a value needs > 64 bits."""
    if not pa.types.is_decimal128(a.type) or len(a) == 0:
        return None
    made = _made(a)
    if made is not None:
        return made[0], made[1]
    words = np.frombuffer(a.buffers()[1], dtype=np.int64, count=2 * (a.offset + len(a)))[2 * a.offset :]
    # one copy of the low words into a contiguous array: numpy's min, max and Arrow's import of a
    # strided view cost 4x as much (a sum's range check on 1.5M values: 32 ms against 7)
    lo, hi = pooled(len(a)), words[1::2]
    np.copyto(lo, words[0::2])
    ok = None
    if a.null_count:
        ok = np.asarray(a.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        lo[~ok] = 0
    if a.type.precision > 18 and not np.array_equal(hi if ok is None else np.where(ok, hi, 0), lo >> 63):
        return None  # a decimal(<= 18) value always fits in 64 bits; wider ones may not
    return lo, ok


def pooled(count: int) -> np.ndarray:
    """An uninitialized int64 array in memory from Arrow's pool (jemalloc on huge pages, as engine
    sets it up). A large numpy array is a fresh mapping from the C library, whose every 4 kB page
    faults when first written: a task's 1.5M-row decimal column, ~6k faults."""
    return np.frombuffer(pa.allocate_buffer(8 * count), dtype=np.int64)


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
    made = _made(a) if pa.types.is_decimal128(a.type) and len(a) else None
    if made is not None and made[2] is not None:
        return Unscaled(made[0], made[1], a.type.scale, made[2])
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
        r, bound = _apply("*", x.values, y.values), x.bound * y.bound
    else:
        s = max(x.scale, y.scale)
        fa, fb = 10 ** (s - x.scale), 10 ** (s - y.scale)
        if s != dtype.scale or x.bound * fa + y.bound * fb >= _LIMIT:
            return None
        xs = _apply("*", x.values, fa) if fa != 1 else x.values
        ys = _apply("*", y.values, fb) if fb != 1 else y.values
        r, bound = _apply(op, xs, ys), x.bound * fa + y.bound * fb
    if dtype.precision < 19 and bound >= 10**dtype.precision:
        bound = magnitude(r) if isinstance(r, np.ndarray) else abs(r)
        if bound >= 10**dtype.precision:
            return None  # out of range: the general path raises or nulls it
    ok = x.ok if y.ok is None else y.ok if x.ok is None else x.ok & y.ok
    return Unscaled(r, ok, dtype.scale, bound)


def _apply(op: str, a: np.ndarray | int, b: np.ndarray | int) -> np.ndarray | int:
    """``a op b``: into pooled memory when either is an array (both bounded below 2**62), exactly
    in Python for two constants."""
    for v in (a, b):
        if isinstance(v, np.ndarray):
            return _UFUNCS[op](a, b, out=pooled(len(v)))
    return _EXACT[op](a, b)  # type: ignore[operator]


def arithmetic(op: str, a: pa.Array, b: pa.Array, dtype: T.DecimalType) -> pa.Array | None:
    """``a op b`` as decimal128(`dtype`), or None when the int64 path cannot prove it exact."""
    x, y = of_array(a), of_array(b)
    if x is None or y is None:
        return None
    r = combine(op, x, y, dtype)
    return None if r is None else from_unscaled(np.asarray(r.values), r.ok, dtype, r.bound)


def from_unscaled(
    values: np.ndarray, ok: np.ndarray | None, dtype: T.DecimalType, bound: int | None = None
) -> pa.Array:
    """int64 unscaled values as a decimal128 array (sign-extended to 128 bits), null where not `ok`;
    `bound`, when known, bounds |values| (kept with them for `of_array`)."""
    words = pooled(2 * len(values))
    words[0::2] = values
    np.right_shift(values, 63, out=words[1::2])
    validity = None
    if ok is not None and not ok.all():
        validity = pa.py_buffer(np.packbits(ok, bitorder="little"))
    if len(values):
        address = words.ctypes.data
        _MADE[address] = (values, None if validity is None else ok, dtype.scale, bound)
        weakref.finalize(words, _MADE.pop, address, None)  # the entry goes when the buffer does
    return pa.Array.from_buffers(
        pa.decimal128(dtype.precision, dtype.scale), len(values), [validity, pa.py_buffer(words)]
    )


_COMPARE = {"=": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}


def compare_constant(op: str, a: pa.Array, constant: pa.Scalar) -> pa.Array | None:
    """``a op constant`` for a decimal(<= 18) column and a non-null decimal constant of its scale,
    on the 64-bit low words of `a`'s 128-bit values (a decimal of at most 18 digits is its low
    word): 3-4x faster than Arrow's 128-bit comparison (q06's discount range, q19's quantities).
    None for other operands, which take Arrow's kernel."""
    t = a.type
    if (
        not pa.types.is_decimal128(t)
        or t.precision > 18
        or not pa.types.is_decimal(constant.type)
        or constant.type.scale != t.scale
        or not constant.is_valid
    ):
        return None
    value = int(constant.as_py().scaleb(t.scale))
    if not -(2**63) <= value < 2**63:
        return None
    words = np.frombuffer(a.buffers()[1], dtype=np.int64, count=2 * (a.offset + len(a)))[2 * a.offset :: 2]
    found = _COMPARE[op](words, value)
    validity = a.is_valid().buffers()[1] if a.null_count else None
    data = pa.py_buffer(np.packbits(found, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), len(a), [validity, data])

