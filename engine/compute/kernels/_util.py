"""Shared helpers of the numeric kernels: scalar/array broadcasting, numpy views, ANSI errors."""

from __future__ import annotations

import decimal
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.kernels import Value
from engine.compute.kernels.decimal64 import magnitude, unscaled
from engine.errors import ArithmeticException

ANSI_HINT = 'If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.'


def broadcast(args: Sequence[Value]) -> tuple[list[pa.Array], bool]:
    """Every argument as an array of one common length; True when all were scalars."""
    lengths = [len(a) for a in args if not isinstance(a, pa.Scalar)]
    n = lengths[0] if lengths else 1
    out = []
    for a in args:
        if isinstance(a, pa.Scalar):
            out.append(pa.repeat(a, n))
        elif isinstance(a, pa.ChunkedArray):
            out.append(a.combine_chunks())
        else:
            out.append(a)
    return out, not lengths


def finish(result: pa.Array, scalar: bool) -> Value:
    """`result` back as a scalar when every input was a scalar."""
    return result[0] if scalar else result


def as_array(v: Value) -> pa.Array:
    if isinstance(v, pa.Scalar):
        return pa.repeat(v, 1)
    if isinstance(v, pa.ChunkedArray):
        return v.combine_chunks()
    return v


def own_offsets(a: pa.Array) -> pa.Array:
    """The offsets of list or map array `a`, starting a buffer of their own: Arrow refuses to
    rebuild a list from a sliced array's offsets (a partition of a table) with a null mask."""
    return a.offsets if a.offsets.offset == 0 else pa.concat_arrays([a.offsets])


def np_values(a: pa.Array, fill: object = 0) -> np.ndarray:
    """The values of a numeric/boolean array as numpy, nulls replaced by `fill`."""
    if a.null_count:
        a = pc.fill_null(a, pa.scalar(fill, a.type) if not pa.types.is_null(a.type) else None)
    return np.asarray(a.to_numpy(zero_copy_only=False))


def valid(a: pa.Array) -> np.ndarray:
    """True where `a` is not null."""
    if a.null_count == 0:
        return np.ones(len(a), dtype=bool)
    return np.asarray(a.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def from_np(values: np.ndarray, ok: np.ndarray | None, dtype: T.DataType) -> pa.Array:
    """A numpy result as an Arrow array of `dtype`, null where `ok` is False."""
    mask = None if ok is None or ok.all() else ~ok
    return pa.array(values, type=T.to_arrow(dtype), mask=mask, from_pandas=False)


def null_where(a: pa.Array, mask: np.ndarray) -> pa.Array:
    """`a` with the rows where `mask` holds set to null."""
    if not mask.any():
        return a
    return pc.if_else(pa.array(mask), pa.nulls(len(a), a.type), a)


def overflow(hint: str | None = None, message: str = "overflow") -> ArithmeticException:
    """Spark's ARITHMETIC_OVERFLOW error, suggesting the try_ function when there is one."""
    suggestion = f"Use '{hint}' to tolerate overflow and return NULL instead. " if hint else ""
    return ArithmeticException(
        f"[ARITHMETIC_OVERFLOW] {message}. {suggestion}{ANSI_HINT}",
        "ARITHMETIC_OVERFLOW",
        {"message": message, "alternative": hint or "", "config": '"spark.sql.ansi.enabled"'},
    )


def binary_overflow(left: object, op: str, right: object, hint: str) -> ArithmeticException:
    """Spark's BINARY_ARITHMETIC_OVERFLOW, which a TINYINT or SMALLINT ``+ - *`` raises naming
    its operands (Spark writes both types' values with the suffix S: ``127S + 1S``)."""
    return ArithmeticException(
        f"[BINARY_ARITHMETIC_OVERFLOW] {left}S {op} {right}S caused overflow. Use `{hint}` to ignore "
        "overflow problem and return NULL.",
        "BINARY_ARITHMETIC_OVERFLOW",
        {"value1": f"{left}S", "symbol": op, "value2": f"{right}S", "functionName": f"`{hint}`"},
    )


def divide_by_zero() -> ArithmeticException:
    return ArithmeticException(
        "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and "
        f"return NULL instead. {ANSI_HINT}",
        "DIVIDE_BY_ZERO",
        {"config": '"spark.sql.ansi.enabled"'},
    )


def remainder_by_zero() -> ArithmeticException:
    return ArithmeticException(
        "[REMAINDER_BY_ZERO] Remainder by zero. Use `try_mod` to tolerate divisor being 0 and "
        f"return NULL instead. {ANSI_HINT}",
        "REMAINDER_BY_ZERO",
        {"config": '"spark.sql.ansi.enabled"'},
    )


def decimal_out_of_range(value: object, dtype: T.DecimalType) -> ArithmeticException:
    return ArithmeticException(
        f"[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  {value} cannot be represented as "
        f'Decimal({dtype.precision}, {dtype.scale}). If necessary set "spark.sql.ansi.enabled" '
        'to "false" to bypass this error, and return NULL instead.',
        "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
        {"value": str(value), "precision": str(dtype.precision), "scale": str(dtype.scale)},
    )


def fit_decimal(
    a: pa.Array, to: T.DecimalType, ansi: bool, round_mode: str = "half_towards_infinity"
) -> pa.Array:
    """A decimal array rounded (HALF_UP by default) to `to`'s scale; values too large for its
    precision raise NUMERIC_VALUE_OUT_OF_RANGE under ANSI, else become null."""
    src = a.type
    relabelled = _same_scale_in_range(a, to)
    if relabelled is not None:
        return relabelled
    if src.scale > to.scale:  # one more digit first: rounding 999.999 up to 1000.00 needs it
        a = pc.round(
            a.cast(pa.decimal256(min(src.precision + 1, 76), src.scale)),
            ndigits=to.scale,
            round_mode=round_mode,
        )
    wide_p = max(src.precision - src.scale + to.scale, to.precision) + 1
    wide = pa.decimal256(min(wide_p, 76), to.scale)
    a = a.cast(wide)
    limit = pa.scalar(
        decimal.Decimal(10) ** (to.precision - to.scale), pa.decimal256(min(wide_p, 76), 0)
    ).cast(wide)
    too_big = np_values(pc.greater_equal(pc.abs(a), limit), False).astype(bool)
    if too_big.any():
        if ansi:
            raise decimal_out_of_range(a.filter(pa.array(too_big))[0].as_py(), to)
        a = null_where(a, too_big)
    return a.cast(T.to_arrow(to))


def _same_scale_in_range(a: pa.Array, to: T.DecimalType) -> pa.Array | None:
    """`a` as `to` without a copy, when its scale is `to`'s and its values (unscaled, all within
    64 bits) fit `to`'s precision: a sum's decimal(38, s) state as the decimal(p + 10, s) Spark
    types it, checked by numpy instead of cast through decimal256 (13% of q18)."""
    if not pa.types.is_decimal128(a.type) or a.type.scale != to.scale or to.precision > 38:
        return None
    x = unscaled(a)
    if x is None:
        return None
    if to.precision < 19 and magnitude(x[0]) >= 10**to.precision:
        return None  # some value needs the general path's null or error
    return pa.Array.from_buffers(
        T.to_arrow(to), len(a), a.buffers(), null_count=a.null_count, offset=a.offset
    )


def zero(t: pa.DataType) -> pa.Scalar:
    """A zero of Arrow type `t` (decimals included)."""
    return pa.scalar(decimal.Decimal(0) if pa.types.is_decimal(t) else 0, type=t)


def integral_bounds(dtype: T.DataType) -> tuple[int, int]:
    """The smallest and largest value of an integral type."""
    bits = {T.ByteType: 8, T.ShortType: 16, T.IntegerType: 32, T.LongType: 64}[type(dtype)]
    return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
