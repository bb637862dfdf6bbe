"""Math functions of ``F``: abs, round, log, trigonometry, try_ arithmetic, bitwise shifts, ..."""

from __future__ import annotations

import random
from typing import Any

from engine.api.column import Column, ColumnOrName, to_expr
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.functions._build import call

__all__ = [
    "abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "atan2", "bin", "bround", "cbrt", "ceil",
    "ceiling", "cos", "cosh", "cot", "csc", "degrees", "e", "exp", "expm1", "factorial", "floor",
    "greatest", "hex", "hypot", "least", "ln", "log", "log10", "log1p", "log2", "nanvl", "negative",
    "negate", "pi", "pmod", "positive", "pow", "power", "radians", "rand", "randn", "rint", "round",
    "sec", "sign", "signum", "sin", "sinh", "sqrt", "tan", "tanh", "try_add", "try_divide", "try_mod",
    "try_multiply", "try_subtract", "unhex", "width_bucket", "shiftleft", "shiftright",
    "shiftrightunsigned", "shiftLeft", "shiftRight", "shiftRightUnsigned", "bitwise_not",
    "bitwiseNOT", "isnan", "toDegrees", "toRadians",
]  # fmt: skip


def _arg(v: Any) -> n.Expr:
    """A Column or column name as an expression; a plain number as a literal."""
    if isinstance(v, (Column, str)):
        return to_expr(v)
    return literal(v)


def _fn(name: str, *args: Any) -> Column:
    return Column(n.UnresolvedFunction(name, tuple(_arg(a) for a in args)))


def _unary(name: str) -> Any:
    def builder(col: ColumnOrName) -> Column:
        return call(name, col)

    builder.__name__ = name
    builder.__doc__ = f"``{name}(col)`` as in PySpark."
    return builder


abs = _unary("abs")  # noqa: A001 - PySpark's name
acos, acosh, asin, asinh = _unary("acos"), _unary("acosh"), _unary("asin"), _unary("asinh")
atan, atanh, cbrt, cos = _unary("atan"), _unary("atanh"), _unary("cbrt"), _unary("cos")
cosh, cot, csc, degrees = _unary("cosh"), _unary("cot"), _unary("csc"), _unary("degrees")
exp, expm1, factorial, ln = _unary("exp"), _unary("expm1"), _unary("factorial"), _unary("ln")
log10, log1p, log2, radians = _unary("log10"), _unary("log1p"), _unary("log2"), _unary("radians")
rint, sec, sign, signum = _unary("rint"), _unary("sec"), _unary("sign"), _unary("signum")
sin, sinh, sqrt, tan, tanh = _unary("sin"), _unary("sinh"), _unary("sqrt"), _unary("tan"), _unary("tanh")
bin, hex, unhex = _unary("bin"), _unary("hex"), _unary("unhex")  # noqa: A001 - PySpark's names
negative, positive, isnan = _unary("negative"), _unary("positive"), _unary("isnan")
negate = negative
toDegrees, toRadians = degrees, radians  # noqa: N816 - PySpark's names


def bitwise_not(col: ColumnOrName) -> Column:
    """``~col``: bitwise complement."""
    return call("~", col)


bitwiseNOT = bitwise_not  # noqa: N816 - PySpark's name


def atan2(col1: ColumnOrName | float, col2: ColumnOrName | float) -> Column:
    return _fn("atan2", col1, col2)


def hypot(col1: ColumnOrName | float, col2: ColumnOrName | float) -> Column:
    return _fn("hypot", col1, col2)


def pow(col1: ColumnOrName | float, col2: ColumnOrName | float) -> Column:  # noqa: A001 - PySpark's name
    """``POWER(col1, col2)`` as a double."""
    return _fn("POWER", col1, col2)


power = pow


def nanvl(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """col1 unless it is NaN, else col2."""
    return call("nanvl", col1, col2)


def pmod(dividend: ColumnOrName | float, divisor: ColumnOrName | float) -> Column:
    """The positive remainder of dividend / divisor."""
    return _fn("pmod", dividend, divisor)


def round(col: ColumnOrName, scale: Column | int | None = None) -> Column:  # noqa: A001 - PySpark's name
    """Round HALF_UP to `scale` decimal places (negative scales round left of the point)."""
    return _fn("round", col, 0 if scale is None else scale)


def bround(col: ColumnOrName, scale: Column | int | None = None) -> Column:
    """Round HALF_EVEN (banker's rounding) to `scale` decimal places."""
    return _fn("bround", col, 0 if scale is None else scale)


def ceil(col: ColumnOrName, scale: Column | int | None = None) -> Column:
    """Smallest integral value >= col (bigint for doubles, decimal(p - s + 1, 0) for decimals)."""
    return call("ceil", col) if scale is None else _fn("ceil", col, scale)


def ceiling(col: ColumnOrName, scale: Column | int | None = None) -> Column:
    return call("ceiling", col) if scale is None else _fn("ceiling", col, scale)


def floor(col: ColumnOrName, scale: Column | int | None = None) -> Column:
    """Largest integral value <= col."""
    return call("floor", col) if scale is None else _fn("floor", col, scale)


def log(arg1: ColumnOrName | float, arg2: ColumnOrName | None = None) -> Column:
    """``log(col)`` is the natural logarithm; ``log(base, col)`` takes the base first, as PySpark."""
    return _fn("ln", arg1) if arg2 is None else _fn("log", arg1, arg2)  # PySpark names log(col) ln(col)


def e() -> Column:
    return _fn("e")


def pi() -> Column:
    return _fn("pi")


def greatest(*cols: ColumnOrName) -> Column:
    """The largest value of the columns, skipping nulls."""
    return call("greatest", *cols)


def least(*cols: ColumnOrName) -> Column:
    """The smallest value of the columns, skipping nulls."""
    return call("least", *cols)


def _seeded(name: str, seed: int | None) -> Column:
    return _fn(name, random.randint(-(2**63), 2**63 - 1) if seed is None else seed)


def rand(seed: int | None = None) -> Column:
    """Uniform doubles in [0, 1); a seed makes them reproducible."""
    return _seeded("rand", seed)


def randn(seed: int | None = None) -> Column:
    """Standard normal doubles; a seed makes them reproducible."""
    return _seeded("randn", seed)


def try_add(left: ColumnOrName, right: ColumnOrName) -> Column:
    """left + right, null on overflow."""
    return call("try_add", left, right)


def try_subtract(left: ColumnOrName, right: ColumnOrName) -> Column:
    return call("try_subtract", left, right)


def try_multiply(left: ColumnOrName, right: ColumnOrName) -> Column:
    return call("try_multiply", left, right)


def try_divide(left: ColumnOrName, right: ColumnOrName) -> Column:
    """left / right, null when right is 0."""
    return call("try_divide", left, right)


def try_mod(left: ColumnOrName, right: ColumnOrName) -> Column:
    """left % right, null when right is 0."""
    return call("try_mod", left, right)


def width_bucket(
    v: ColumnOrName, min: ColumnOrName, max: ColumnOrName, numBucket: ColumnOrName | int
) -> Column:  # noqa: A002, N803
    """The bucket number of v in `numBucket` equal-width buckets over [min, max]."""
    return Column(
        n.UnresolvedFunction("width_bucket", (to_expr(v), to_expr(min), to_expr(max), _arg(numBucket)))
    )


def shiftleft(col: ColumnOrName, numBits: int) -> Column:  # noqa: N803
    return _fn("shiftleft", col, numBits)


def shiftright(col: ColumnOrName, numBits: int) -> Column:  # noqa: N803
    return _fn("shiftright", col, numBits)


def shiftrightunsigned(col: ColumnOrName, numBits: int) -> Column:  # noqa: N803
    return _fn("shiftrightunsigned", col, numBits)


shiftLeft, shiftRight, shiftRightUnsigned = shiftleft, shiftright, shiftrightunsigned  # noqa: N816
