"""The data type and nullability of a resolved expression."""

from __future__ import annotations

from engine import types as T
from engine.expr import nodes as n
from engine.expr.nodes import Expr


def dtype_of(e: Expr) -> T.DataType:
    """The type of a resolved expression."""
    match e:
        case n.Attribute(dtype=d) | n.Literal(dtype=d) | n.Call(dtype=d) | n.AggCall(dtype=d):
            return d
        case n.CaseWhen(dtype=d) | n.UDFCall(dtype=d) | n.ScalarSubquery(dtype=d) | n.LambdaVar(dtype=d):
            return d
        case n.Cast(to=d):
            return d
        case n.Alias(child=c) | n.SortOrder(child=c):
            return dtype_of(c)
        case n.Lambda(body=b):
            return dtype_of(b)
        case n.WindowExpr(function=f, dtype=d):
            return d if d is not None else dtype_of(f)
        case _:
            raise TypeError(f"expression is not resolved: {e!r}")


def nullable_of(e: Expr) -> bool:
    """Whether a resolved expression can be null (conservative: True when unsure)."""
    match e:
        case n.Attribute(nullable=b) | n.Call(nullable=b) | n.LambdaVar(nullable=b):
            return b
        case n.Literal(value=v):
            return v is None
        case n.Alias(child=c) | n.SortOrder(child=c):
            return nullable_of(c)
        case n.Cast(child=n.Literal(value=v), typed_literal=True):
            return v is None  # ``DATE '2024-01-01'``, ``1L``: a literal, checked when parsed
        case n.Cast(child=c, safe=False, to=to):
            return nullable_of(c) or cast_may_null(dtype_of(c), to)
        case n.WindowExpr(function=f):
            return nullable_of(f)
        case n.CaseWhen(branches=branches, otherwise=other):
            return other is None or nullable_of(other) or any(nullable_of(v) for _, v in branches)
        case n.AggCall(name=name):
            return name not in (
                "count", "count_if", "approx_count_distinct", "collect_list", "array_agg", "collect_set", "regr_count",
                "bitmap_construct_agg", "bitmap_or_agg", "bitmap_and_agg", "collect_union",
                "schema_of_variant_agg",
            )  # fmt: skip
        case _:
            return True


def is_resolved(e: Expr) -> bool:
    from engine.expr.traverse import walk

    unresolved = (n.UnresolvedColumn, n.UnresolvedFunction, n.UnresolvedStar, n.UnresolvedExtract)
    return not any(isinstance(x, unresolved) for x in walk(e))


_INTEGRAL_DIGITS = {T.ByteType: 3, T.ShortType: 5, T.IntegerType: 10, T.LongType: 20}


def cast_may_null(src: T.DataType, to: T.DataType) -> bool:
    """Whether a cast can turn a value into null, as Spark's Cast.forceNullable says (its
    schema, even where ANSI mode raises instead): text to non-text, anything to a date but a
    timestamp (with a zone: a TIMESTAMP_NTZ to a date may be null), a date to anything but such
    a timestamp or text, a timestamp to an int or narrower, a narrowing decimal, a fraction to
    an integer, a float to a timestamp."""
    if isinstance(src, T.VariantType):
        return True  # a variant null, or a value of another type, is a null
    if isinstance(src, T.NullType) or isinstance(to, T.StringType):
        return False
    if isinstance(src, T.StringType):
        return not isinstance(to, T.BinaryType)
    if isinstance(to, T.DateType):
        return not isinstance(src, (T.DateType, T.TimestampType))
    if isinstance(src, T.DateType):
        return not isinstance(to, (T.DateType, T.TimestampType))
    if isinstance(src, T.TimestampType) and isinstance(to, (T.ByteType, T.ShortType, T.IntegerType)):
        return True
    if isinstance(to, T.DecimalType):
        if isinstance(src, T.DecimalType):
            # Spark's canNullSafeCastToDecimal: `to` is wider (as many integral digits and as much
            # scale), or has more integral digits (rounding away scale cannot then overflow)
            digits, src_digits = to.precision - to.scale, src.precision - src.scale
            return not (digits > src_digits or (digits == src_digits and to.scale >= src.scale))
        digits = _INTEGRAL_DIGITS.get(type(src))
        return digits is None or to.precision - to.scale < digits
    if T.is_fractional(src) and T.is_integral(to):
        return True
    return isinstance(src, (T.FloatType, T.DoubleType)) and isinstance(to, T.TimestampType)

