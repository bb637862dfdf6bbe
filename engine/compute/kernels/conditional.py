"""Kernels of the null-handling functions: coalesce, nvl/ifnull, nvl2, nullif and if.

These evaluate every argument; the evaluator itself keeps ``coalesce`` lazy (and CASE).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish
from engine.compute.kernels.comparison import compare
from engine.expr.nodes import Call


@kernel("coalesce", "nvl", "ifnull")
def _coalesce(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    arrays, scalar = broadcast(args)
    target = T.to_arrow(call.dtype)
    return finish(pc.coalesce(*(a.cast(target) for a in arrays)), scalar)


@kernel("nullif")
def _nullif(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, b), scalar = broadcast(args)
    same = pc.fill_null(compare("=", a, b), False)
    return finish(pc.if_else(same, pa.scalar(None, a.type), a).cast(T.to_arrow(call.dtype)), scalar)


@kernel("nvl2")
def _nvl2(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, b, c), scalar = broadcast(args)
    target = T.to_arrow(call.dtype)
    return finish(pc.if_else(pc.is_valid(a), b.cast(target), c.cast(target)), scalar)


@kernel("if")
def _if(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (cond, a, b), scalar = broadcast(args)
    target = T.to_arrow(call.dtype)
    return finish(pc.if_else(pc.fill_null(cond, False), a.cast(target), b.cast(target)), scalar)
