"""Type rules of Spark 4.3's float-vector functions: every vector is an ``array<float>`` (no
implicit cast from other arrays, as in Spark); distances and norms are floats, a normalized
vector and the vector_sum / vector_avg aggregates are ``array<float>``."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import defaults_shown, types_of, unexpected_type

FLOAT = T.FloatType()
VECTOR = T.ArrayType(FLOAT, True)
_NUMBERS = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType, T.DecimalType)


def _vectors(name: str, args: Sequence[object], count: int) -> None:
    """The first `count` arguments must be ``array<float>``."""
    for i, t in enumerate(types_of(args)[:count]):
        if not (isinstance(t, T.ArrayType) and isinstance(t.elementType, T.FloatType)):
            raise unexpected_type(name, args, i, '"ARRAY<FLOAT>"')


def _pairwise(name: str) -> None:
    @function(name, min_args=2, max_args=2)
    def rule(args: Sequence[object]) -> Signature:
        _vectors(name, args, 2)
        return Signature(FLOAT)


def _with_degree(name: str, result: T.DataType) -> None:
    @function(name, min_args=1, max_args=2, pretty=defaults_shown(2, "2.0"))
    def rule(args: Sequence[object]) -> Signature:
        _vectors(name, args, 1)
        if len(args) == 2 and not isinstance(types_of(args)[1], _NUMBERS):
            raise unexpected_type(name, args, 1, '"FLOAT"')
        return Signature(result, (None, FLOAT)[: len(args)])


def _aggregate(name: str) -> None:
    @function(name, "aggregate", min_args=1, max_args=1)
    def rule(args: Sequence[object]) -> Signature:
        _vectors(name, args, 1)
        return Signature(VECTOR, (), True)


for _name in ("vector_inner_product", "vector_cosine_similarity", "vector_l2_distance"):
    _pairwise(_name)
_with_degree("vector_norm", FLOAT)
_with_degree("vector_normalize", VECTOR)
for _name in ("vector_sum", "vector_avg"):
    _aggregate(_name)
