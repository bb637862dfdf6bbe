"""Kernels of bit_count, bit_get / getbit, nullifzero and zeroifnull."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.errors import IllegalArgumentException
from engine.expr.nodes import Call
from engine.expr.typing import dtype_of


@kernel("bit_count")
def _bit_count(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Set bits of the value as a 64-bit two's complement long (so -1 of any width counts 64)."""
    (a,), scalar = broadcast(args[:1])
    if pa.types.is_null(a.type):
        return finish(pa.nulls(len(a), pa.int32()), scalar)
    longs = np_values(a.cast(pa.int64())).astype(np.int64)
    counts = np.bitwise_count(longs.view(np.uint64)).astype(np.int32)
    return finish(pa.array(counts, pa.int32(), mask=~valid(a)), scalar)


@kernel("bit_get", "getbit")
def _bit_get(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Bit `pos` (0 = least significant) of the value; `pos` outside the type's width raises."""
    (a, pos), scalar = broadcast(args)
    if pa.types.is_null(a.type):
        return finish(pa.nulls(len(a), pa.int8()), scalar)
    width = pa.int64().bit_width if pa.types.is_null(a.type) else a.type.bit_width
    ok = valid(a) & valid(pos)
    p = np_values(pos.cast(pa.int32())).astype(np.int64)
    bad = ok & ((p < 0) | (p >= width))
    if bad.any():
        got = int(p[bad][0])
        raise IllegalArgumentException(
            f"[INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE] The value of parameter(s) `pos` in `{call.name}` "
            f"is invalid: expects an integer value in [0, {width}), but got {got}. SQLSTATE: 22023",
            "INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE",
        )
    longs = np_values(a.cast(pa.int64())).astype(np.int64)
    bits = (longs >> np.where(ok, p, 0)) & 1
    return finish(pa.array(bits.astype(np.int8), pa.int8(), mask=~ok), scalar)


@kernel("nullifzero")
def _nullifzero(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    a = args[0]
    if pa.types.is_null(a.type):
        return a
    t = dtype_of(call.args[0])
    numbers = a
    if T.is_string(t):
        from engine.compute.cast import cast_value

        numbers = cast_value(a, t, T.LongType(), ctx, safe=not ctx.ansi)
    zero = pc.fill_null(pc.equal(numbers, pa.scalar(0, pa.int64() if T.is_string(t) else numbers.type)), False)
    return pc.if_else(zero, pa.scalar(None, a.type), a)


@kernel("zeroifnull")
def _zeroifnull(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    out = T.to_arrow(call.dtype)
    return pc.fill_null(args[0], pa.scalar(0, out).cast(out))
