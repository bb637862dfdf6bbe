"""Kernels of uniform and randstr: Spark's values for a seed, from its XORShiftRandom.

Each partition draws from a generator seeded with ``seed + partition index``; a batch that
starts `row_offset` rows into its partition continues that partition's sequence, so the
answer does not depend on how the partition is cut into batches. A call without a seed (SQL
``uniform(1, 10)``) draws a fresh seed per batch.
"""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.xorshift import next_doubles, next_ints
from engine.expr.nodes import Call
from engine.expr.signatures.random_values import constant

_ALPHANUMERIC = np.frombuffer(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)


def _rows(args: list[Value], ctx: EvalContext) -> int:
    return ctx.num_rows or max((len(a) for a in args if isinstance(a, pa.Array)), default=1)


def _partition_seed(call: Call, index: int, ctx: EvalContext) -> int:
    if len(call.args) > index:
        seed = constant(call.args[index], None)
        seed = 0 if seed is None else int(seed)  # type: ignore[arg-type]
    else:
        seed = random.getrandbits(64) - 2**63
    return seed + ctx.partition_index


@kernel("uniform")
def _uniform(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    rows = _rows(args, ctx)
    lo, hi = (constant(a, None) for a in call.args[:2])
    arrow_type = T.to_arrow(call.dtype)
    if lo is None or hi is None:
        return pa.nulls(rows, arrow_type)
    unit = next_doubles(_partition_seed(call, 2, ctx), int(getattr(ctx, "row_offset", 0)), rows)
    low, high = float(lo), float(hi)  # type: ignore[arg-type]
    values = low + (high - low) * unit
    dtype = call.dtype
    if T.is_integral(dtype):
        return pa.array(np.trunc(values).astype(np.int64)).cast(arrow_type)  # Java's cast truncates
    if isinstance(dtype, T.DecimalType):
        rounded = pc.round(pa.array(values), ndigits=dtype.scale, round_mode="half_up")
        return rounded.cast(arrow_type, safe=False)
    return pa.array(values).cast(arrow_type)


@kernel("randstr")
def _randstr(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    rows = _rows(args, ctx)
    length = constant(call.args[0], None)
    width = 0 if length is None else int(float(length))  # type: ignore[arg-type]
    offset = int(getattr(ctx, "row_offset", 0)) * width
    draws = next_ints(_partition_seed(call, 1, ctx), offset, rows * width)
    chars = _ALPHANUMERIC[np.abs(np.fmod(draws, 62))]  # Java's % keeps the dividend's sign
    offsets = pa.array(np.arange(rows + 1, dtype=np.int64) * width, pa.int64())
    return pa.LargeStringArray.from_buffers(rows, offsets.buffers()[1], pa.py_buffer(chars.tobytes())).cast(pa.string())
