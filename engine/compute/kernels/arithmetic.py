"""Kernels of the arithmetic operators with Spark's ANSI and legacy overflow semantics.

Under ANSI mode integer overflow raises ARITHMETIC_OVERFLOW and a zero divisor raises
DIVIDE_BY_ZERO; in legacy mode integers wrap around and division by zero is null. The
``try_`` forms never raise: they return null instead.
"""

from __future__ import annotations

import decimal
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, decimal64, kernel
from engine.compute.kernels._util import (
    binary_overflow,
    broadcast,
    divide_by_zero,
    finish,
    fit_decimal,
    from_np,
    integral_bounds,
    np_values,
    null_where,
    overflow,
    remainder_by_zero,
    valid,
    zero,
)
from engine.compute.kernels.intervals import interval_arithmetic, negate_interval
from engine.expr.nodes import Call
from engine.expr.signatures.intervals import involves_time
from engine.expr.typing import dtype_of

_TRY_HINT = {"+": "try_add", "-": "try_subtract", "*": "try_multiply"}


def _wide_decimals(a: pa.Array, b: pa.Array, op: str) -> tuple[pa.Array, pa.Array]:
    """Both decimal operands as decimal256, narrowed so Arrow's result precision stays <= 76.
    Only the declared precision narrows (unchecked, the scale is kept): a product of two
    38-digit values has at most 76 digits, and `fit_decimal` then checks it against the
    result type (Spark's NUMERIC_VALUE_OUT_OF_RANGE, not Arrow's precision error)."""
    ta, tb = a.type, b.type
    pa_, pb = ta.precision, tb.precision
    if op == "*" and pa_ + pb + 1 > 76:
        pa_ = 75 - pb
    return a.cast(pa.decimal256(pa_, ta.scale), safe=False), b.cast(pa.decimal256(pb, tb.scale))


def _int_result(op: str, a: np.ndarray, b: np.ndarray, dtype: T.DataType) -> tuple[np.ndarray, np.ndarray]:
    """The wrapped-around result of an integral op and where it overflowed."""
    lo, hi = integral_bounds(dtype)
    if op == "*" and a.dtype.itemsize < 8:
        wide = a.astype(np.int64) * b.astype(np.int64)
        return wide.astype(a.dtype), (wide < lo) | (wide > hi)
    if op == "+":
        r = a + b
        return r, ((a >= 0) == (b >= 0)) & ((r >= 0) != (a >= 0))
    if op == "-":
        r = a - b
        return r, ((a >= 0) != (b >= 0)) & ((r >= 0) != (a >= 0))
    r = a * b
    nz = np.where(a == 0, 1, a)
    exact = (r // nz == b) & (r % nz == 0) & ~((a == -1) & (b == lo))
    return r, (a != 0) & ~exact


def binary_arithmetic(
    op: str, args: list[Value], call: Call, ctx: EvalContext, try_mode: bool = False
) -> Value:
    """``a op b`` for ``+ - *`` over numbers of `call.dtype` (decimals rescaled to it)."""
    if _timed(call):
        return interval_arithmetic(op, args, call, ctx, try_mode)
    (a, b), scalar = broadcast(args)
    dtype = call.dtype
    if isinstance(dtype, T.NullType):
        return finish(pa.nulls(len(a)), scalar)
    if isinstance(dtype, T.DecimalType):
        exact = decimal64.arithmetic(op, a, b, dtype)
        if exact is not None:
            return finish(exact, scalar)
        x, y = _wide_decimals(a, b, op)
        fn = {"+": pc.add, "-": pc.subtract, "*": pc.multiply}[op]
        return finish(fit_decimal(fn(x, y), dtype, ctx.ansi and not try_mode), scalar)
    if T.is_integral(dtype):
        ok = valid(a) & valid(b)
        r, over = _int_result(op, np_values(a), np_values(b), dtype)
        over &= ok
        if over.any():
            if try_mode:
                ok &= ~over
            elif ctx.ansi and isinstance(dtype, (T.ByteType, T.ShortType)):
                i = int(np.argmax(over))
                raise binary_overflow(np_values(a)[i], op, np_values(b)[i], _TRY_HINT[op])
            elif ctx.ansi:
                raise overflow(_TRY_HINT[op])
        return finish(from_np(r, ok, dtype), scalar)
    fn = {"+": pc.add, "-": pc.subtract, "*": pc.multiply}[op]
    return finish(fn(a, b).cast(T.to_arrow(dtype)), scalar)


def _timed(call: Call) -> bool:
    """Whether an operand is a date, timestamp or interval (date/time arithmetic)."""
    return involves_time([dtype_of(a) for a in call.args])


def _zero_divisor(a: pa.Array, b: pa.Array, ansi: bool, error: type | None = None) -> np.ndarray:
    """Rows with a non-null dividend and a zero divisor; raises under ANSI when there are any."""
    by_zero = np_values(pc.equal(b, zero(b.type)), False).astype(bool) & valid(a)
    if ansi and by_zero.any():
        raise (error or divide_by_zero)()
    return by_zero


def _safe_divisor(b: pa.Array, by_zero: np.ndarray) -> pa.Array:
    """`b` with zero divisors replaced by one (their rows become null afterwards)."""
    if not by_zero.any():
        return b
    # a decimal(p, p) cannot hold 1: its smallest unit stands in (the result type allows for it)
    unit = decimal.Decimal(1) if not pa.types.is_decimal(b.type) or b.type.precision > b.type.scale else None
    one = pa.scalar(unit or decimal.Decimal(1).scaleb(-b.type.scale) if pa.types.is_decimal(b.type) else 1, b.type)
    return pc.if_else(pa.array(by_zero), one, b)


def _tight(a: pa.Array) -> pa.Array:
    """`a` as the narrowest decimal (same scale) that holds its values.

    Sums are typed decimal(38, s) however small their values; Arrow's division widens
    both operands' declared precisions and would pass its 76-digit limit.
    """
    t = a.type
    largest = pc.max(pc.abs(a)).as_py()
    digits = len(str(int(largest))) if largest else 1
    return a.cast(pa.decimal256(max(1, min(t.precision, digits + t.scale)), t.scale))


def decimal_quotient(a: pa.Array, b: pa.Array, scale: int) -> pa.Array:
    """a / b truncated to at least `scale` + 1 digits (enough to round HALF_UP to `scale`)."""
    a, b = _tight(a), _tight(b)
    ta, tb = a.type, b.type
    # Arrow's quotient has scale max(4, s1 + p2 - s2 + 1) (truncated) and needs p1 + p2 + 1 <= 76
    # digits: give the dividend just the scale that leaves `scale` + 1 quotient digits, never
    # dropping its own digits
    new_scale = max(ta.scale, scale - (tb.precision - tb.scale))
    x = a.cast(pa.decimal256(ta.precision - ta.scale + new_scale, new_scale))
    if x.type.precision + tb.precision + 1 > 76:
        raise overflow(message="Decimal division needs more than 76 digits")
    return pc.divide(x, b)


def divide(args: list[Value], call: Call, ctx: EvalContext, try_mode: bool = False) -> Value:
    """``a / b``: double or decimal division; a zero divisor is DIVIDE_BY_ZERO or null."""
    if _timed(call):
        return interval_arithmetic("/", args, call, ctx, try_mode)
    (a, b), scalar = broadcast(args)
    dtype = call.dtype
    by_zero = _zero_divisor(a, b, ctx.ansi and not try_mode)
    safe_b = _safe_divisor(b, by_zero)
    if isinstance(dtype, T.DecimalType):
        q = decimal_quotient(a, safe_b, dtype.scale)
        out = fit_decimal(q, dtype, ctx.ansi and not try_mode)
    else:
        out = pc.divide(a.cast(pa.float64()), safe_b.cast(pa.float64()))
    return finish(null_where(out, by_zero), scalar)


def remainder(args: list[Value], call: Call, ctx: EvalContext, positive: bool = False) -> Value:
    """``a % b`` with the dividend's sign (Java semantics); `positive` gives ``pmod``."""
    (a, b), scalar = broadcast(args)
    dtype = call.dtype
    by_zero = _zero_divisor(a, b, ctx.ansi, remainder_by_zero)
    b = _safe_divisor(b, by_zero)
    if isinstance(dtype, T.DecimalType):
        out = _decimal_remainder(a, b, dtype, positive, ctx.ansi)
    else:
        x, y = np_values(a), np_values(b, 1)
        if T.is_integral(dtype):
            y = np.where(y == -1, 1, y)
        r = np.fmod(x, y)
        if positive:
            r = np.where(r < 0, np.fmod(r + y, y), r)
        out = from_np(r.astype(x.dtype), valid(a) & valid(b), dtype)
    return finish(null_where(out, by_zero), scalar)


def _decimal_remainder(
    a: pa.Array, b: pa.Array, dtype: T.DecimalType, positive: bool, ansi: bool
) -> pa.Array:
    q = pc.round(decimal_quotient(a, b, 0), ndigits=0, round_mode="towards_zero")
    x, y = _wide_decimals(_tight(a), _tight(b), "+")
    # |q| < 10^(integer digits of x + scale of y): q * y and x - q * y stay within 76 digits
    q_digits = x.type.precision - x.type.scale + y.type.scale + 1
    q_precision = max(1, min(q_digits, 76 - y.type.precision - 3))
    prod = pc.multiply(q.cast(pa.decimal256(q_precision, 0)), y)
    r = pc.subtract(x, prod)
    if positive:
        neg = pc.less(r, zero(r.type))
        again = _decimal_remainder(fit_decimal(pc.add(r, y), dtype, False), b, dtype, False, ansi)
        r = pc.if_else(
            neg, again.cast(pa.decimal256(76, dtype.scale)), r.cast(pa.decimal256(76, dtype.scale))
        )
    return fit_decimal(r, dtype, ansi)


def integral_divide(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``a div b``: the quotient truncated toward zero, as bigint."""
    (a, b), scalar = broadcast(args)
    by_zero = _zero_divisor(a, b, ctx.ansi)
    b = _safe_divisor(b, by_zero)
    if pa.types.is_decimal(a.type):
        q = pc.round(decimal_quotient(a, b, 0), ndigits=0, round_mode="towards_zero")
        try:
            out = q.cast(pa.int64())
        except pa.ArrowInvalid as e:
            raise overflow() from e
        return finish(null_where(out, by_zero), scalar)
    x, y = np_values(a), np_values(b, 1)
    lo, _ = integral_bounds(T.LongType())
    over = (x == lo) & (y == -1)
    if over.any() and ctx.ansi:
        raise overflow()
    y = np.where(over, 1, y)
    q = np.abs(x) // np.abs(y) * np.sign(x) * np.sign(y)
    return finish(null_where(from_np(q, valid(a) & valid(b), T.LongType()), by_zero), scalar)


@kernel("+")
def _add(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return binary_arithmetic("+", args, call, ctx)


@kernel("-")
def _subtract(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return binary_arithmetic("-", args, call, ctx)


@kernel("*")
def _multiply(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return binary_arithmetic("*", args, call, ctx)


@kernel("try_add")
def _try_add(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return binary_arithmetic("+", args, call, ctx, try_mode=True)


@kernel("try_subtract")
def _try_subtract(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return binary_arithmetic("-", args, call, ctx, try_mode=True)


@kernel("try_multiply")
def _try_multiply(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return binary_arithmetic("*", args, call, ctx, try_mode=True)


@kernel("/")
def _divide(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return divide(args, call, ctx)


@kernel("try_divide")
def _try_divide(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return divide(args, call, ctx, try_mode=True)


@kernel("%", "mod")
def _remainder(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return remainder(args, call, ctx)


@kernel("try_mod")
def _try_mod(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``a % b`` that is null instead of raising for a zero divisor (or a decimal overflow)."""
    return remainder(args, call, replace(ctx, ansi=False))


@kernel("pmod")
def _pmod(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return remainder(args, call, ctx, positive=True)


@kernel("div")
def _div(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return integral_divide(args, call, ctx)


@kernel("negative", "unary -")
def _negative(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Unary minus; negating the smallest integer overflows (ANSI) or wraps (legacy)."""
    if isinstance(call.dtype, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        return negate_interval(args[0])
    (a,), scalar = broadcast(args)
    if T.is_integral(call.dtype):
        x = np_values(a)
        lo, _ = integral_bounds(call.dtype)
        if ctx.ansi and ((x == lo) & valid(a)).any():
            raise overflow()
        return finish(from_np(np.negative(x), valid(a), call.dtype), scalar)
    return finish(pc.negate(a), scalar)


@kernel("positive")
def _positive(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return args[0]


@kernel("power", "pow")
def _power(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, b), scalar = broadcast(args)
    return finish(pc.power(a.cast(pa.float64()), b.cast(pa.float64())), scalar)
