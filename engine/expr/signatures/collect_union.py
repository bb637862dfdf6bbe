"""Type rule of collect_union: the distinct elements of a group's arrays (Spark 4)."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import types_of, unexpected_type


@function("collect_union", "aggregate", min_args=1, max_args=1)
def _collect_union(args: Sequence[object]) -> Signature:
    """``collect_union(arrays)``: an array of the element type without nulls, never null itself."""
    (t,) = types_of(args)
    if not isinstance(t, T.ArrayType):
        raise unexpected_type("collect_union", args, 0, '"ARRAY"')
    return Signature(T.ArrayType(t.elementType, False), (None,), nullable=False)
