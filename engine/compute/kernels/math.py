"""Kernels of the math functions: rounding, logarithms (null outside the domain), trigonometry."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import (
    broadcast,
    finish,
    fit_decimal,
    from_np,
    integral_bounds,
    np_values,
    overflow,
    valid,
)
from engine.compute.kernels.fdlibm import strict_cosh, strict_exp, strict_expm1, strict_log
from engine.compute.xorshift import next_doubles, next_gaussians
from engine.expr.nodes import Call, Literal

_NUMPY_UNARY = {
    "sqrt": np.sqrt, "cbrt": np.cbrt, "exp": strict_exp, "expm1": strict_expm1, "sin": np.sin, "cos": np.cos,
    "tan": np.tan, "asin": np.arcsin, "acos": np.arccos, "atan": np.arctan, "sinh": np.sinh,
    "cosh": strict_cosh, "tanh": np.tanh, "asinh": np.arcsinh, "acosh": np.arccosh, "atanh": np.arctanh,
    "degrees": np.degrees, "radians": np.radians, "signum": np.sign, "sign": np.sign, "rint": np.rint,
    "cot": lambda x: 1.0 / np.tan(x), "sec": lambda x: 1.0 / np.cos(x), "csc": lambda x: 1.0 / np.sin(x),
}  # fmt: skip

# Logarithms are null at and below their asymptote, as in Spark; NaN is not below it, so NaN gives NaN.
# ln is StrictMath.log (fdlibm), and log2 is ln(x) / ln(2), as Spark computes them (numpy's log and
# exact log2 differ in the last digit).
_LN2 = float(strict_log(np.array([2.0]))[0])
_LOGS = {"ln": (strict_log, 0.0), "log10": (np.log10, 0.0), "log2": (lambda x: strict_log(x) / _LN2, 0.0),
         "log1p": (np.log1p, -1.0)}  # fmt: skip


def _doubles(args: list[Value]) -> tuple[list[np.ndarray], np.ndarray, bool]:
    arrays, scalar = broadcast(args)
    ok = np.ones(len(arrays[0]), dtype=bool)
    for a in arrays:
        ok &= valid(a)
    return [np_values(a.cast(pa.float64()), 0.0).astype(float) for a in arrays], ok, scalar


def _unary(fn: object) -> object:
    def run(args: list[Value], call: Call, ctx: EvalContext) -> Value:
        (x,), ok, scalar = _doubles(args)
        with np.errstate(all="ignore"):
            return finish(from_np(fn(x), ok, T.DoubleType()), scalar)  # type: ignore[operator]

    return run


for _name, _fn in _NUMPY_UNARY.items():
    kernel(_name)(_unary(_fn))  # type: ignore[arg-type]


def _log_kernel(fn: object, asymptote: float) -> object:
    def run(args: list[Value], call: Call, ctx: EvalContext) -> Value:
        (x,), ok, scalar = _doubles(args)
        ok &= ~(x <= asymptote)
        with np.errstate(all="ignore"):
            return finish(from_np(fn(np.where(ok, x, 1.0)), ok, T.DoubleType()), scalar)  # type: ignore[operator]

    return run


for _name, (_fn, _asym) in _LOGS.items():
    kernel(_name)(_log_kernel(_fn, _asym))  # type: ignore[arg-type]


@kernel("log")
def _log(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """log(x) is ln(x); log(base, x) is ln(x) / ln(base); null for non-positive inputs (NaN stays NaN)."""
    if len(args) == 1:
        return _log_kernel(strict_log, 0.0)(args, call, ctx)  # type: ignore[operator]
    (base, x), ok, scalar = _doubles(args)
    ok &= ~((x <= 0) | (base <= 0))
    with np.errstate(all="ignore"):
        out = strict_log(np.where(ok, x, 1.0)) / strict_log(np.where(ok, base, 2.0))
    return finish(from_np(out, ok, T.DoubleType()), scalar)


@kernel("atan2")
def _atan2(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (y, x), ok, scalar = _doubles(args)
    return finish(from_np(np.arctan2(y + 0.0, x + 0.0), ok, T.DoubleType()), scalar)


@kernel("hypot")
def _hypot(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, b), ok, scalar = _doubles(args)
    return finish(from_np(np.hypot(a, b), ok, T.DoubleType()), scalar)


@kernel("nanvl")
def _nanvl(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """nanvl(a, b): b where a is NaN, else a."""
    out = pa.float32() if call.dtype == T.FloatType() else pa.float64()
    (a, b), _ = broadcast([x.cast(out) for x in args])
    scalar = all(isinstance(x, pa.Scalar) for x in args)
    return finish(pc.if_else(pc.fill_null(pc.is_nan(a), False), b, a), scalar)


@kernel("e")
def _e(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pa.scalar(math.e)


@kernel("pi")
def _pi(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pa.scalar(math.pi)


@kernel("abs")
def _abs(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """abs; the smallest integer has no absolute value: overflow (ANSI) or itself (legacy)."""
    (a,), scalar = broadcast(args)
    if T.is_integral(call.dtype):
        x = np_values(a)
        lo, _ = integral_bounds(call.dtype)
        if ctx.ansi and ((x == lo) & valid(a)).any():
            raise overflow()
        return finish(from_np(np.abs(x), valid(a), call.dtype), scalar)
    if isinstance(call.dtype, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        from engine.compute.aggregate_functions import as_interval, interval_ints

        ints = interval_ints(a)
        assert ints is not None
        return finish(as_interval(pc.abs_checked(ints), call.dtype), scalar)
    return finish(pc.abs(a), scalar)


def _scale_of(call: Call) -> int:
    if len(call.args) < 2:
        return 0
    arg = call.args[1]
    while not isinstance(arg, Literal) and hasattr(arg, "child"):
        arg = arg.child  # type: ignore[assignment]
    return int(arg.value) if isinstance(arg, Literal) and arg.value is not None else 0


def round_floating(a: pa.Array, scale: int, mode: str) -> pa.Array:
    """Doubles rounded as Spark rounds them: the shortest decimal text of the double (floats
    widened to double first) rounded in decimal, so ``round(1.005, 2)`` is 1.01 and
    ``bround(1.005, 2)`` is 1.0. Values of 1e15 or more (no digits after the point at these
    scales), tiny values, NaN and infinities round in binary, where the result is the same."""
    x = a.cast(pa.float64())
    mag = pc.abs(x)
    exact = pc.and_(pc.less(mag, 1e15), pc.or_(pc.greater(mag, 1e-40), pc.equal(mag, 0.0)))
    exact = pc.fill_null(pc.and_(exact, pa.scalar(-16 <= scale <= 40)), False)
    dec_type = pa.decimal256(76, 60)
    text = pc.if_else(exact, x, pa.scalar(0.0)).cast(pa.string())
    rounded = pc.round(text.cast(dec_type), ndigits=scale, round_mode=mode)
    via_decimal = rounded.cast(pa.string()).cast(pa.float64())
    return pc.if_else(exact, via_decimal, pc.round(x, ndigits=scale, round_mode=mode))


def _round_kernel(mode: str) -> object:
    def run(args: list[Value], call: Call, ctx: EvalContext) -> Value:
        (a, *_), scalar = broadcast(args)
        scale = _scale_of(call)
        if isinstance(call.dtype, T.DecimalType):
            wide = a.cast(pa.decimal256(min(a.type.precision + 1, 76), a.type.scale))
            rounded = pc.round(wide, ndigits=scale, round_mode=mode)
            return finish(fit_decimal(rounded, call.dtype, ctx.ansi, mode), scalar)
        if T.is_integral(call.dtype) and scale >= 0:
            return finish(a, scalar)
        if T.is_fractional(call.dtype):
            return finish(round_floating(a, scale, mode).cast(T.to_arrow(call.dtype)), scalar)
        if scale < -19:  # beyond every bigint's digits: each value rounds to 0
            return finish(pc.if_else(a.is_null(), a, pa.scalar(0, a.type)), scalar)
        # rounded in decimal, as Spark's BigDecimal does: a power of ten wider than the integer
        # type (round(25y, -3)) is 0, not an overflow; a result out of the type's range is one
        rounded = pc.round(a.cast(pa.decimal128(38, 0)), ndigits=scale, round_mode=mode)
        try:
            return finish(rounded.cast(T.to_arrow(call.dtype)), scalar)
        except pa.ArrowInvalid as e:
            raise overflow() from e

    return run


kernel("round")(_round_kernel("half_towards_infinity"))  # type: ignore[arg-type]
kernel("bround")(_round_kernel("half_to_even"))  # type: ignore[arg-type]


def _floor_ceil(fn: object, mode: str) -> object:
    def run(args: list[Value], call: Call, ctx: EvalContext) -> Value:
        (a, *_), scalar = broadcast(args)
        if isinstance(call.dtype, T.DecimalType):
            rounded = pc.round(
                a.cast(pa.decimal256(min(a.type.precision + 1, 76), a.type.scale)), _scale_of(call), round_mode=mode
            )
            return finish(fit_decimal(rounded, call.dtype, ctx.ansi), scalar)
        if pa.types.is_integer(a.type):
            return finish(a.cast(pa.int64()), scalar)
        x, ok = np_values(a, 0.0), valid(a)
        with np.errstate(invalid="ignore"):
            r = fn(x)  # type: ignore[operator]
            clipped = np.clip(np.nan_to_num(r, nan=0.0), -(2.0**63), 2.0**63 - 1024)
        return finish(from_np(clipped.astype(np.int64), ok, T.LongType()), scalar)

    return run


kernel("floor")(_floor_ceil(np.floor, "down"))  # type: ignore[arg-type]
kernel("ceil", "ceiling")(_floor_ceil(np.ceil, "up"))  # type: ignore[arg-type]


@kernel("greatest", "least")
def _greatest_least(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The largest (smallest) non-null argument; null only when all are null."""
    from engine.compute.kernels.comparison import compare

    arrays, scalar = broadcast(args)
    op = ">" if call.name == "greatest" else "<"
    best = arrays[0]
    for a in arrays[1:]:
        take_new = pc.or_(pc.is_null(best), pc.fill_null(compare(op, a, best), False))
        best = pc.if_else(pc.and_(take_new, pc.is_valid(a)), a, best)
    return finish(best, scalar)


@kernel("factorial")
def _factorial(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """factorial(n) for 0 <= n <= 20, else null."""
    (a,), scalar = broadcast(args)
    n = np_values(a).astype(np.int64)
    ok = valid(a) & (n >= 0) & (n <= 20)
    table = np.array([math.factorial(i) for i in range(21)], dtype=np.int64)
    return finish(from_np(table[np.clip(n, 0, 20)], ok, T.LongType()), scalar)


@kernel("width_bucket")
def _width_bucket(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The 1-based bucket of v among n equal buckets over [min, max); 0 below, n + 1 above."""
    arrays, scalar = broadcast(args)
    v, lo, hi = (np_values(x.cast(pa.float64()), 0.0).astype(float) for x in arrays[:3])
    n = np_values(arrays[3]).astype(np.int64)
    ok = valid(arrays[0]) & valid(arrays[1]) & valid(arrays[2]) & valid(arrays[3]) & (n > 0) & (lo != hi)
    ok &= np.isfinite(v) & np.isfinite(lo) & np.isfinite(hi)
    with np.errstate(all="ignore"):
        up = np.where(v < lo, 0, np.where(v >= hi, n + 1, np.floor((v - lo) / (hi - lo) * n) + 1))
        down = np.where(v > lo, 0, np.where(v <= hi, n + 1, np.floor((lo - v) / (lo - hi) * n) + 1))
    out = np.where(lo < hi, up, down)
    return finish(from_np(np.where(ok, out, 0).astype(np.int64), ok, T.LongType()), scalar)


@kernel("rand", "random", "randn")
def _rand(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Uniform [0, 1) (rand) or standard normal (randn) doubles, one per row: Spark's own
    values, from its XORShiftRandom seeded with ``seed + partition index`` (so a retried or
    recomputed partition draws exactly the same values, see engine.compute.xorshift)."""
    seed = args[0].as_py() if args and isinstance(args[0], pa.Scalar) else 0
    draw = next_gaussians if call.name == "randn" else next_doubles
    values = draw(int(seed or 0) + ctx.partition_index, int(getattr(ctx, "row_offset", 0)), ctx.num_rows)
    return pa.array(values, pa.float64())
