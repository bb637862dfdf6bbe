"""Type rules of bit_count, bit_get / getbit, nullifzero and zeroifnull (Spark 4)."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.expr.coercion import common_type
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import types_of, unexpected_type


@function("bit_count", min_args=1, max_args=1)
def _bit_count(args: Sequence[object]) -> Signature:
    (t,) = types_of(args)
    if not (T.is_integral(t) or isinstance(t, (T.BooleanType, T.NullType))):
        raise unexpected_type("bit_count", args, 0, '("INTEGRAL" or "BOOLEAN")')
    return Signature(T.IntegerType(), (None,))


def _bit_get(name: str):  # type: ignore[no-untyped-def]
    def rule(args: Sequence[object]) -> Signature:
        t, p = types_of(args)
        if not (T.is_integral(t) or isinstance(t, T.NullType)):
            raise unexpected_type(name, args, 0, '"INTEGRAL"')
        if not (T.is_integral(p) or isinstance(p, T.NullType)):
            raise unexpected_type(name, args, 1, '"INT"')
        return Signature(T.ByteType(), (None, T.IntegerType()))

    return rule


function("bit_get", min_args=2, max_args=2)(_bit_get("bit_get"))
function("getbit", min_args=2, max_args=2)(_bit_get("getbit"))


@function("nullifzero", min_args=1, max_args=1)
def _nullifzero(args: Sequence[object]) -> Signature:
    """``if(x = 0, null, x)``: x's own type (a string is compared as a bigint)."""
    (t,) = types_of(args)
    if not (T.is_numeric(t) or T.is_string(t) or isinstance(t, T.NullType)):
        raise unexpected_type("nullifzero", args, 0, '"NUMERIC"')
    return Signature(t, (None,), nullable=True)


@function("zeroifnull", min_args=1, max_args=1)
def _zeroifnull(args: Sequence[object]) -> Signature:
    """``coalesce(x, 0)``: the wider type of x and int (a string makes it bigint)."""
    (t,) = types_of(args)
    out = T.LongType() if T.is_string(t) else common_type([t, T.IntegerType()])
    if out is None or not T.is_numeric(out):
        raise unexpected_type("zeroifnull", args, 0, '"NUMERIC"')
    return Signature(out, (out,), nullable=False)
