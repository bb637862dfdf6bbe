"""Type rules of the bitmap functions (Spark 3.5+): bucket numbers and bit positions of
bigints, bitmaps of 4096 bytes built, combined and counted by aggregates."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import types_of, unexpected_type


def _as_bigint(name: str, args: Sequence[object]) -> T.DataType:
    """Spark casts a number or a string argument to bigint; any other type is an error."""
    (t,) = types_of(args)
    if not (T.is_numeric(t) or T.is_string(t) or isinstance(t, T.NullType)):
        raise unexpected_type(name, args, 0, '"BIGINT"')
    return T.LongType()


@function("bitmap_bucket_number", min_args=1, max_args=1)
def _bucket_number(args: Sequence[object]) -> Signature:
    return Signature(T.LongType(), (_as_bigint("bitmap_bucket_number", args),))


@function("bitmap_bit_position", min_args=1, max_args=1)
def _bit_position(args: Sequence[object]) -> Signature:
    return Signature(T.LongType(), (_as_bigint("bitmap_bit_position", args),))


def _binary(name: str, args: Sequence[object]) -> None:
    (t,) = types_of(args)
    if not isinstance(t, T.BinaryType):
        raise unexpected_type(name, args, 0, '"BINARY"')


@function("bitmap_count", min_args=1, max_args=1)
def _count(args: Sequence[object]) -> Signature:
    _binary("bitmap_count", args)
    return Signature(T.LongType(), (None,))


@function("bitmap_construct_agg", "aggregate", min_args=1, max_args=1)
def _construct(args: Sequence[object]) -> Signature:
    return Signature(T.BinaryType(), (_as_bigint("bitmap_construct_agg", args),), nullable=False)


def _combine(name: str):  # type: ignore[no-untyped-def]
    def rule(args: Sequence[object]) -> Signature:
        _binary(name, args)
        return Signature(T.BinaryType(), (None,), nullable=False)

    return rule


function("bitmap_or_agg", "aggregate", min_args=1, max_args=1)(_combine("bitmap_or_agg"))
function("bitmap_and_agg", "aggregate", min_args=1, max_args=1)(_combine("bitmap_and_agg"))
