"""A whole tree of decimal ``+ - *`` computed on 64-bit unscaled integers, converted once.

`decimal64.arithmetic` already does one operation on int64 when it is provably exact, but a
chain such as ``price * (1 - discount) * (1 + tax)`` then converts every intermediate
result to decimal128 and back. Here the operands are converted once, each operation checks
the same exactness and range conditions on the running values, and only the root becomes a
decimal128 array. When any step cannot be proven exact the whole tree is left to the
general path, which computes it operation by operation (and raises Spark's errors).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import decimal64
from engine.compute.kernels.decimal64 import Unscaled
from engine.expr import nodes as n

_OPS = frozenset({"+", "-", "*"})


def is_decimal_chain(e: n.Call) -> bool:
    """Whether `e` is decimal arithmetic with decimal arithmetic among its operands."""
    return _arithmetic(e) and any(_arithmetic(a) for a in e.args)


def evaluate_chain(e: n.Call, batch: pa.RecordBatch, ctx: EvalContext) -> pa.Array | None:
    """`e` over `batch` in int64 throughout, or None when a step is not provably exact."""
    r = _unscaled(e, batch, ctx)
    if r is None or not isinstance(r.values, np.ndarray):
        return None
    assert isinstance(e.dtype, T.DecimalType)
    return decimal64.from_unscaled(r.values, r.ok, e.dtype, r.bound)


def _arithmetic(e: object) -> bool:
    return isinstance(e, n.Call) and e.name in _OPS and isinstance(e.dtype, T.DecimalType)


def _unscaled(e: n.Expr, batch: pa.RecordBatch, ctx: EvalContext) -> Unscaled | None:
    if _arithmetic(e):
        assert isinstance(e, n.Call) and isinstance(e.dtype, T.DecimalType)
        left, right = (_unscaled(a, batch, ctx) for a in e.args)
        if left is None or right is None:
            return None
        return decimal64.combine(e.name, left, right, e.dtype)
    from engine.compute.expr_eval import evaluate

    value = evaluate(e, batch, ctx)
    if isinstance(value, pa.Scalar):
        return decimal64.of_scalar(value)
    if isinstance(value, pa.ChunkedArray):
        value = value.combine_chunks()
    return decimal64.of_array(value)
