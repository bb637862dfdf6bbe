"""The Java static methods ``reflect`` / ``java_method`` / ``try_reflect`` can call without a JVM.

engine has no JVM, so it carries Python versions of the static methods people call through
``reflect`` in practice (``java.util.UUID.randomUUID``, ``java.lang.Math``, number parsing
and printing, URL coding), each under its exact Java signature: Spark picks a method by its
parameter types exactly as the SQL types map to Java's (INT is int, BIGINT long, STRING
String; no widening), so ``reflect('java.lang.Math', 'max', 3, 7L)`` finds no method there
and none here. Results print as Java's ``String.valueOf`` does.

Parameter and result types are one letter each, as in JVM descriptors: Z boolean, B byte,
S short, I int, J long, F float, D double, T String (Spark's STRING).
"""

from __future__ import annotations

import math
import random
import re
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine import types as T
from engine.types.java_text import java_double


class JavaException(Exception):
    """A Java exception a method threw: `java_class` and `message` as Java prints them."""

    def __init__(self, java_class: str, message: str) -> None:
        super().__init__(f"{java_class}: {message}")
        self.java_class = java_class


@dataclass(frozen=True)
class JavaMethod:
    """One static method: its result type letter and a Python body over Python values;
    `varying` when each call gives a new value (random numbers, clocks)."""

    result: str
    body: Callable[..., object]
    varying: bool = False


# The Java parameter type letter of each SQL type reflect accepts.
TYPE_LETTERS: dict[type, str] = {
    T.BooleanType: "Z", T.ByteType: "B", T.ShortType: "S", T.IntegerType: "I", T.LongType: "J",
    T.FloatType: "F", T.DoubleType: "D", T.StringType: "T",
}  # fmt: skip

_INT = (-(2**31), 2**31 - 1)
_LONG = (-(2**63), 2**63 - 1)


def _wrap(v: int, bits: int) -> int:
    """`v` wrapped to a signed `bits`-bit int, as Java's arithmetic wraps."""
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def _exact(bits: int) -> Callable[[int], int]:
    lo, hi = _INT if bits == 32 else _LONG

    def check(v: int) -> int:
        if not lo <= v <= hi:
            raise JavaException("java.lang.ArithmeticException", "integer overflow" if bits == 32 else "long overflow")
        return v

    return check


def _floor_div(a: int, b: int, bits: int) -> int:
    if b == 0:
        raise JavaException("java.lang.ArithmeticException", "/ by zero")
    return _wrap(a // b, bits)


def _floor_mod(a: int, b: int) -> int:
    if b == 0:
        raise JavaException("java.lang.ArithmeticException", "/ by zero")
    return a % b


def _parse_integral(s: str | None, bits: int) -> int:
    lo, hi = _INT if bits == 32 else _LONG
    if s is None:
        raise JavaException("java.lang.NumberFormatException", "Cannot parse null string: null")
    if not re.fullmatch(r"[+-]?[0-9]+", s) or not lo <= int(s) <= hi:
        raise JavaException("java.lang.NumberFormatException", f'For input string: "{s}"')
    return int(s)


def _parse_double(s: str | None) -> float:
    if s is None:
        raise JavaException("java.lang.NullPointerException", "Cannot parse null string")
    text = s.strip()
    if not re.fullmatch(r"[+-]?(NaN|Infinity|([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?)", text):
        raise JavaException("java.lang.NumberFormatException", f'For input string: "{s}"')
    return float(text.rstrip("fFdD").replace("Infinity", "inf"))


def _round(v: float, bits: int) -> int:
    """Java's Math.round: floor(v + 0.5), NaN to 0, clamped to the int or long range."""
    if math.isnan(v):
        return 0
    lo, hi = _INT if bits == 32 else _LONG
    if math.isinf(v):
        return hi if v > 0 else lo
    return max(lo, min(hi, math.floor(v + 0.5)))


def _unsigned_text(v: int, bits: int, base: str) -> str:
    u = v & ((1 << bits) - 1)
    return {"x": format(u, "x"), "b": format(u, "b"), "o": format(u, "o")}[base]


def _url_encode(s: str, charset: str) -> str:
    """Java's URLEncoder: letters, digits and ``.-*_`` kept, space as ``+``, the rest %XX."""
    return urllib.parse.quote_plus(s, safe="*", encoding=charset).replace("~", "%7E")


def _uuid_from_string(s: str | None) -> str:
    """java.util.UUID.fromString: the canonical text of a UUID, else IllegalArgumentException."""
    try:
        return str(uuid.UUID(s))  # type: ignore[arg-type]
    except (TypeError, ValueError, AttributeError):
        raise JavaException("java.lang.IllegalArgumentException", f"Invalid UUID string: {s}") from None


def _require(ok: bool) -> None:
    if not ok:
        raise JavaException("java.lang.IllegalArgumentException", "requirement failed")


def _double_fn(fn: Callable[..., float]) -> Callable[..., float]:
    def call(*args: float) -> float:
        with np.errstate(all="ignore"):
            return float(fn(*(np.float64(a) for a in args)))

    return call


_M = "java.lang.Math"
METHODS: dict[tuple[str, str, str], JavaMethod] = {
    ("java.util.UUID", "randomUUID", ""): JavaMethod("T", lambda: str(uuid.uuid4()), varying=True),
    ("java.util.UUID", "fromString", "T"): JavaMethod("T", lambda s: _uuid_from_string(s)),
    # Scala's require: nothing (void, printed "null") when true, IllegalArgumentException when false
    ("scala.Predef", "require", "Z"): JavaMethod("V", lambda ok: _require(ok)),
    (_M, "random", ""): JavaMethod("D", random.random, varying=True),
    (_M, "abs", "I"): JavaMethod("I", lambda a: _wrap(abs(a), 32)),
    (_M, "abs", "J"): JavaMethod("J", lambda a: _wrap(abs(a), 64)),
    (_M, "abs", "F"): JavaMethod("F", abs),
    (_M, "abs", "D"): JavaMethod("D", abs),
    (_M, "round", "D"): JavaMethod("J", lambda a: _round(a, 64)),
    (_M, "round", "F"): JavaMethod("I", lambda a: _round(a, 32)),
    (_M, "floorDiv", "II"): JavaMethod("I", lambda a, b: _floor_div(a, b, 32)),
    (_M, "floorDiv", "JJ"): JavaMethod("J", lambda a, b: _floor_div(a, b, 64)),
    (_M, "floorMod", "II"): JavaMethod("I", _floor_mod),
    (_M, "floorMod", "JJ"): JavaMethod("J", _floor_mod),
    (_M, "addExact", "II"): JavaMethod("I", lambda a, b: _exact(32)(a + b)),
    (_M, "addExact", "JJ"): JavaMethod("J", lambda a, b: _exact(64)(a + b)),
    (_M, "subtractExact", "II"): JavaMethod("I", lambda a, b: _exact(32)(a - b)),
    (_M, "subtractExact", "JJ"): JavaMethod("J", lambda a, b: _exact(64)(a - b)),
    (_M, "multiplyExact", "II"): JavaMethod("I", lambda a, b: _exact(32)(a * b)),
    (_M, "multiplyExact", "JJ"): JavaMethod("J", lambda a, b: _exact(64)(a * b)),
    (_M, "negateExact", "I"): JavaMethod("I", lambda a: _exact(32)(-a)),
    (_M, "negateExact", "J"): JavaMethod("J", lambda a: _exact(64)(-a)),
    (_M, "toIntExact", "J"): JavaMethod("I", lambda a: _exact(32)(a)),
    (_M, "pow", "DD"): JavaMethod("D", _double_fn(np.power)),
    (_M, "atan2", "DD"): JavaMethod("D", _double_fn(np.arctan2)),
    (_M, "hypot", "DD"): JavaMethod("D", _double_fn(np.hypot)),
    ("java.lang.System", "currentTimeMillis", ""): JavaMethod("J", lambda: time.time_ns() // 1_000_000, varying=True),
    ("java.lang.System", "nanoTime", ""): JavaMethod("J", time.monotonic_ns, varying=True),
    ("java.lang.Integer", "parseInt", "T"): JavaMethod("I", lambda s: _parse_integral(s, 32)),
    ("java.lang.Integer", "valueOf", "T"): JavaMethod("I", lambda s: _parse_integral(s, 32)),
    ("java.lang.Integer", "toString", "I"): JavaMethod("T", str),
    ("java.lang.Integer", "toHexString", "I"): JavaMethod("T", lambda v: _unsigned_text(v, 32, "x")),
    ("java.lang.Integer", "toBinaryString", "I"): JavaMethod("T", lambda v: _unsigned_text(v, 32, "b")),
    ("java.lang.Integer", "toOctalString", "I"): JavaMethod("T", lambda v: _unsigned_text(v, 32, "o")),
    ("java.lang.Long", "parseLong", "T"): JavaMethod("J", lambda s: _parse_integral(s, 64)),
    ("java.lang.Long", "valueOf", "T"): JavaMethod("J", lambda s: _parse_integral(s, 64)),
    ("java.lang.Long", "toString", "J"): JavaMethod("T", str),
    ("java.lang.Long", "toHexString", "J"): JavaMethod("T", lambda v: _unsigned_text(v, 64, "x")),
    ("java.lang.Long", "toBinaryString", "J"): JavaMethod("T", lambda v: _unsigned_text(v, 64, "b")),
    ("java.lang.Long", "toOctalString", "J"): JavaMethod("T", lambda v: _unsigned_text(v, 64, "o")),
    ("java.lang.Double", "parseDouble", "T"): JavaMethod("D", _parse_double),
    ("java.lang.Double", "valueOf", "T"): JavaMethod("D", _parse_double),
    ("java.lang.Boolean", "parseBoolean", "T"): JavaMethod("Z", lambda s: s is not None and s.lower() == "true"),
    ("java.lang.Boolean", "valueOf", "T"): JavaMethod("Z", lambda s: s is not None and s.lower() == "true"),
    ("java.net.URLDecoder", "decode", "TT"): JavaMethod("T", lambda s, c: urllib.parse.unquote_plus(s, encoding=c)),
    ("java.net.URLEncoder", "encode", "TT"): JavaMethod("T", _url_encode),
}
for _kind in "ZIJFDT":
    METHODS[("java.lang.String", "valueOf", _kind)] = JavaMethod("T", lambda v, _k=_kind: java_text(v, _k))
for _kind in "IJ":
    METHODS[(_M, "max", _kind * 2)] = JavaMethod(_kind, max)
    METHODS[(_M, "min", _kind * 2)] = JavaMethod(_kind, min)
for _kind in "FD":
    METHODS[(_M, "max", _kind * 2)] = JavaMethod(_kind, _double_fn(np.maximum))
    METHODS[(_M, "min", _kind * 2)] = JavaMethod(_kind, _double_fn(np.minimum))
for _name, _fn in {
    "sqrt": np.sqrt, "cbrt": np.cbrt, "exp": np.exp, "expm1": np.expm1, "log": np.log, "log10": np.log10,
    "log1p": np.log1p, "sin": np.sin, "cos": np.cos, "tan": np.tan, "asin": np.arcsin, "acos": np.arccos,
    "atan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh, "floor": np.floor, "ceil": np.ceil,
    "rint": np.rint, "signum": np.sign, "toDegrees": np.degrees, "toRadians": np.radians,
}.items():  # fmt: skip
    METHODS[(_M, _name, "D")] = JavaMethod("D", _double_fn(_fn))

CLASSES = frozenset(cls for cls, _, _ in METHODS)


def java_text(value: object, kind: str) -> str:
    """`value` of Java type `kind` as ``String.valueOf`` prints it (a void method's null as "null")."""
    if value is None:
        return "null"
    if kind == "Z" or isinstance(value, bool):
        return "true" if value else "false"
    if kind in "FD" and isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return java_double(float(str(np.float32(value))) if kind == "F" else value)
    return str(value)
