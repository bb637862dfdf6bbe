"""Type rules of the math functions (abs, round, floor/ceil, logarithms, trigonometry, ...)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine import types as T
from engine.expr.coercion import common_type
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import data_diff_types, literal_value, types_of, unexpected_type
from engine.expr.signatures.operators import _bitwise_signature, arithmetic_signature, refuse_variant_order
from engine.expr.typing import nullable_of

Pretty = Callable[[str, list[str]], str]


def upper(name: str, args: list[str]) -> str:
    """Spark's MathExpression naming: ``SQRT(x)``, ``POWER(a, b)``."""
    return f"{name.upper()}({', '.join(args)})"


def _double_args(name: str, args: Sequence[object], nullable: bool | None = None) -> Signature:
    for i, t in enumerate(types_of(args)):
        if not (T.is_numeric(t) or isinstance(t, T.NullType) or T.is_string(t)):
            raise unexpected_type(name, args, i, '"DOUBLE"')
    return Signature(T.DoubleType(), tuple(T.DoubleType() for _ in args), nullable)


def _doubles(name: str, n: int, pretty: Pretty | None = upper, aliases: tuple[str, ...] = ()) -> None:
    """A function of `n` doubles; Spark types its one-argument math functions (UnaryMathExpression)
    nullable whatever the input, its two-argument ones null only for a null input."""
    function(name, aliases=aliases, min_args=n, max_args=n, pretty=pretty)(
        lambda args: _double_args(name, args, True if n == 1 else None)
    )


for _name in (
    "sqrt", "cbrt", "exp", "expm1", "log10", "log2", "log1p", "sin", "cos", "tan", "asin", "acos",
    "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "cot", "sec", "csc", "degrees",
    "radians", "signum",
):  # fmt: skip
    _doubles(_name, 1)
_doubles("rint", 1, None)  # Spark names it in lower case: rint(c)
_doubles("ln", 1, None)
_doubles("sign", 1, None)
_doubles("atan2", 2)
_doubles("hypot", 2)
_doubles("power", 2)
_doubles("pow", 2, None)


@function("nanvl", min_args=2, max_args=2)
def _nanvl(args: Sequence[object]) -> Signature:
    """``nanvl(a, b)``: Spark keeps float when both sides are float (NaNvl's type is its left's
    after coercion), else double."""
    sig = _double_args("nanvl", args)
    if all(isinstance(t, (T.FloatType, T.NullType)) for t in types_of(args)):
        return Signature(T.FloatType(), (T.FloatType(), T.FloatType()), sig.nullable)
    return sig





@function(
    "log", min_args=1, max_args=2, pretty=lambda _n, a: f"LOG({'E(), ' if len(a) == 1 else ''}{', '.join(a)})"
)
def _log(args: Sequence[object]) -> Signature:
    return _double_args("log", args, True)  # null for x <= 0, so always nullable in Spark


@function("e", min_args=0, max_args=0, pretty=lambda _n, _a: "E()")
def _e(args: Sequence[object]) -> Signature:
    return Signature(T.DoubleType(), (), False)


@function("pi", min_args=0, max_args=0, pretty=lambda _n, _a: "PI()")
def _pi(args: Sequence[object]) -> Signature:
    return Signature(T.DoubleType(), (), False)


@function("abs", min_args=1, max_args=1)
def _abs(args: Sequence[object]) -> Signature:
    (t,) = types_of(args)
    if isinstance(t, T.NullType) or T.is_string(t):
        return Signature(T.DoubleType(), (T.DoubleType(),))
    if not T.is_numeric(t) and not isinstance(t, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        raise unexpected_type("abs", args, 0, '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")')
    return Signature(t, (t,))


def round_type(t: T.DataType, scale: int) -> T.DataType:
    """round/bround's result: the input type, with Spark's precision rule for decimals."""
    if isinstance(t, T.DecimalType):
        integral = t.precision - t.scale + 1
        if scale < 0:
            return T.DecimalType(min(max(integral, -scale + 1), 38), 0)
        new_scale = min(t.scale, scale)
        return T.DecimalType(min(integral + new_scale, 38), new_scale)
    return t


def _round(name: str) -> Callable[[Sequence[object]], Signature]:
    def rule(args: Sequence[object]) -> Signature:
        t = types_of(args)[0]
        if isinstance(t, T.NullType) or T.is_string(t):
            t = T.DoubleType()
        if not T.is_numeric(t):
            raise unexpected_type(name, args, 0, '"NUMERIC"')
        scale = literal_value(args[1], 0) if len(args) > 1 else 0
        if not isinstance(scale, int):
            raise unexpected_type(name, args, 1, '"INT"')
        return Signature(round_type(t, scale), (t, T.IntegerType())[: len(args)], True)  # Spark: always nullable

    return rule


def _with_scale(name: str, args: list[str]) -> str:
    return f"{name}({args[0]}, {args[1] if len(args) > 1 else 0})"


function("round", min_args=1, max_args=2, pretty=_with_scale)(_round("round"))
function("bround", min_args=1, max_args=2, pretty=_with_scale)(_round("bround"))


# The decimal each numeric type becomes when ceil/floor is given a scale (as Spark converts it).
_AS_DECIMAL = {
    T.ByteType: T.DecimalType(3, 0), T.ShortType: T.DecimalType(5, 0), T.IntegerType: T.DecimalType(10, 0),
    T.LongType: T.DecimalType(20, 0), T.FloatType: T.DecimalType(14, 7), T.DoubleType: T.DecimalType(30, 15),
}  # fmt: skip


def _floor_ceil(name: str) -> Callable[[Sequence[object]], Signature]:
    def rule(args: Sequence[object]) -> Signature:
        t = types_of(args)[0]
        if len(args) == 2:  # ``ceil(x, scale)``: a decimal rounded up/down to `scale` digits
            scale = literal_value(args[1], 0)
            if not isinstance(scale, int):
                raise unexpected_type(name, args, 1, '"INT"')
            if isinstance(t, T.NullType) or T.is_string(t):
                t = T.DoubleType()
            dec = t if isinstance(t, T.DecimalType) else _AS_DECIMAL.get(type(t))
            if dec is None:
                raise unexpected_type(name, args, 0, '("DECIMAL" or "DOUBLE" or "BIGINT")')
            return Signature(round_type(dec, scale), (dec, T.IntegerType()), True)  # Spark's RoundCeil/RoundFloor: as round
        if isinstance(t, T.DecimalType):  # one argument: nullable whatever the input, as Spark types it
            return Signature(T.DecimalType(min(t.precision - t.scale + 1, 38), 0), nullable=True)
        if not (T.is_numeric(t) or isinstance(t, T.NullType) or T.is_string(t)):
            raise unexpected_type(name, args, 0, '("DECIMAL" or "DOUBLE" or "BIGINT")')
        arg = T.LongType() if T.is_integral(t) else T.DoubleType()
        return Signature(T.LongType(), (arg,), True)

    return rule


def _floor_ceil_name(shown: str) -> Callable[[str, list[str]], str]:
    """``CEIL(x)`` in capitals, as Spark names it; ``ceil(x, 1)`` (with a scale) as called."""
    return lambda name, a: f"{shown}({a[0]})" if len(a) == 1 else f"{name}({', '.join(a)})"


function("floor", min_args=1, max_args=2, pretty=_floor_ceil_name("FLOOR"))(_floor_ceil("floor"))
function("ceil", min_args=1, max_args=2, pretty=_floor_ceil_name("CEIL"))(_floor_ceil("ceil"))
function("ceiling", min_args=1, max_args=2, pretty=_floor_ceil_name("ceiling"))(_floor_ceil("ceiling"))


def _extreme(name: str) -> Callable[[Sequence[object]], Signature]:
    def rule(args: Sequence[object]) -> Signature:
        types = types_of(args)
        common = common_type(types)
        # Spark widens greatest/least's inputs without promoting a string to the other type:
        # greatest(1, '2') is DATA_DIFF_TYPES where coalesce(1, '2') is a bigint
        strings = [isinstance(t, T.StringType) for t in types if not isinstance(t, T.NullType)]
        if common is None or (any(strings) and not all(strings)):
            raise data_diff_types(name, args)
        refuse_variant_order(name, args, common)
        # nulls are skipped: the result is null only when every input is
        return Signature(common, tuple(common for _ in args), all(nullable_of(a) for a in args))  # type: ignore[arg-type]

    return rule


function("greatest", min_args=2)(_extreme("greatest"))
function("least", min_args=2)(_extreme("least"))


@function("pmod", min_args=2, max_args=2)
def _pmod(args: Sequence[object]) -> Signature:
    return arithmetic_signature("pmod", "pmod", args)


for _op, _try in (("+", "try_add"), ("-", "try_subtract"), ("*", "try_multiply"), ("/", "try_divide"), ("%", "try_mod")):
    function(_try, min_args=2, max_args=2)(
        lambda args, _o=_op, _t=_try: _nullable(arithmetic_signature(_o, _t, args))
    )


def _nullable(sig: Signature) -> Signature:
    return Signature(sig.result, sig.arg_types, True)


@function("factorial", min_args=1, max_args=1)
def _factorial(args: Sequence[object]) -> Signature:
    return Signature(T.LongType(), (T.IntegerType(),), True)


@function("width_bucket", min_args=4, max_args=4)
def _width_bucket(args: Sequence[object]) -> Signature:
    return Signature(T.LongType(), (T.DoubleType(), T.DoubleType(), T.DoubleType(), T.LongType()), True)


@function("bin", min_args=1, max_args=1)
def _bin(args: Sequence[object]) -> Signature:
    return Signature(T.StringType(), (T.LongType(),))


@function("hex", min_args=1, max_args=1)
def _hex(args: Sequence[object]) -> Signature:
    t = types_of(args)[0]
    if T.is_string(t) or isinstance(t, T.BinaryType):
        return Signature(T.StringType(), (None,))
    return Signature(T.StringType(), (T.LongType(),))


@function("unhex", min_args=1, max_args=1)
def _unhex(args: Sequence[object]) -> Signature:
    return Signature(T.BinaryType(), (T.StringType(),), True)


def _shift(name: str) -> Callable[[Sequence[object]], Signature]:
    def rule(args: Sequence[object]) -> Signature:
        sig = _bitwise_signature(name, args[:1])
        out = T.LongType() if isinstance(sig.result, T.LongType) else T.IntegerType()
        return Signature(out, (out, T.IntegerType()))

    return rule


for _name in ("shiftleft", "shiftright", "shiftrightunsigned"):
    function(_name, min_args=2, max_args=2)(_shift(_name))
for _op, _name in (("<<", "shiftleft"), (">>", "shiftright"), (">>>", "shiftrightunsigned")):  # ``(a << 1)``
    function(_op, min_args=2, max_args=2)(_shift(_name))


def _random(args: Sequence[object]) -> Signature:
    return Signature(T.DoubleType(), (T.LongType(),)[: len(args)], False)


function("rand", aliases=("random",), min_args=0, max_args=1, deterministic=False)(_random)
function("randn", min_args=0, max_args=1, deterministic=False)(_random)
