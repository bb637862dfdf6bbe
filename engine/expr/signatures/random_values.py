"""Type rules of uniform and randstr (Spark 4): seeded random numbers in a range and random
alphanumeric strings, reproducing Spark's values (see engine.compute.xorshift)."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr.coercion import wider_decimal, wider_numeric
from engine.expr.display import sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, types_of, unexpected_type

HIDDEN_SEED = "__random_seed__"  # the alias of a seed engine chose: Spark leaves it out of the name
_MISSING = object()


def constant(arg: object, default: object = _MISSING) -> object:
    """The value of a constant argument (a literal, perhaps cast or aliased), else `default`."""
    while isinstance(arg, (n.Alias, n.Cast)):
        arg = arg.child
    return arg.value if isinstance(arg, n.Literal) else default


def _hide_seed(name: str, args: list[str]) -> str:
    return f"{name}({', '.join(a for a in args if a != HIDDEN_SEED)})"


def _non_foldable(fname: str, args: Sequence[object], param: str, what: str, index: int) -> AnalysisException:
    return AnalysisException(
        f'[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "{_hide_seed(fname, [sql_name(a) for a in args])}" '  # type: ignore[arg-type]
        f"due to data type mismatch: the input `{param}` should be a foldable {what} expression; however, "
        f'got "{sql_name(args[index])}".',  # type: ignore[arg-type]
        "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
        {"inputName": f"`{param}`", "inputType": what, "inputExpr": f'"{sql_name(args[index])}"'},  # type: ignore[arg-type]
    )


def _seed(fname: str, args: Sequence[object], index: int) -> None:
    if len(args) <= index:
        return
    t = types_of(args)[index]
    if not isinstance(t, (T.IntegerType, T.LongType, T.NullType)):
        raise unexpected_type(fname, args, index, '("INT" or "BIGINT")')
    if constant(args[index]) is _MISSING:
        raise _non_foldable(fname, args, "seed", "integer or floating-point", index)


def uniform_type(lo: T.DataType, hi: T.DataType) -> T.DataType:
    """Spark's result type of ``uniform(lo, hi)``: double or float when a bound is one, else the
    decimal of the decimal bounds (an integral bound adds no digits), else the wider integral
    type; a NULL bound makes it double."""
    if isinstance(lo, T.NullType) or isinstance(hi, T.NullType):
        return T.DoubleType()
    if any(isinstance(t, T.DoubleType) for t in (lo, hi)):
        return T.DoubleType()
    if any(isinstance(t, T.FloatType) for t in (lo, hi)):
        return T.FloatType()  # uniform(1.0F, 2) is a float, where 1.0F + 2 would be a double
    decimals = [t for t in (lo, hi) if isinstance(t, T.DecimalType)]
    if decimals:
        return decimals[0] if len(decimals) == 1 else wider_decimal(decimals[0], decimals[1])
    return wider_numeric(lo, hi)


@function("uniform", min_args=2, max_args=3, pretty=_hide_seed, deterministic=False)
def _uniform(args: Sequence[object]) -> Signature:
    """``uniform(min, max[, seed])``: ``min + (max - min) * rand(seed)`` cast to the bounds' type."""
    types = types_of(args)
    for i, param in enumerate(("min", "max")):
        if not (T.is_numeric(types[i]) or isinstance(types[i], T.NullType)):
            raise unexpected_type("uniform", args, i, '"NUMERIC"')
        if constant(args[i]) is _MISSING:
            raise _non_foldable("uniform", args, param, "integer or floating-point", i)
    _seed("uniform", args, 2)
    nulls = any(isinstance(t, T.NullType) for t in types[:2])
    return Signature(uniform_type(types[0], types[1]), (None,) * len(args), nullable=nulls)


@function("randstr", min_args=1, max_args=2, pretty=_hide_seed, deterministic=False)
def _randstr(args: Sequence[object]) -> Signature:
    """``randstr(length[, seed])``: `length` random characters of 0-9, a-z and A-Z."""
    (t, *_) = types_of(args)
    if not (T.is_numeric(t) or T.is_string(t) or isinstance(t, T.NullType)):
        raise unexpected_type("randstr", args, 0, '"INT"')
    length = constant(args[0])
    if length is _MISSING:
        raise _non_foldable("randstr", args, "length", "integer", 0)
    if length is not None and int(float(length)) < 0:  # type: ignore[arg-type]
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "{expr_sql("randstr", args)}" due to data type '
            f"mismatch: The `length` must be between [0, 2147483647] (current value = {int(float(length))}).",  # type: ignore[arg-type]
            "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
        )
    _seed("randstr", args, 1)
    return Signature(T.StringType(), (None,) * len(args), nullable=False)
