"""Kernels of the miscellaneous functions: typeof, partition-aware ids, input_file_name."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.expr.nodes import Call
from engine.expr.typing import dtype_of


@kernel("typeof")
def _typeof(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The argument's Spark type as SQL text (``int``, ``array<string>``)."""
    return pa.scalar(dtype_of(call.args[0]).simpleString())


def _rows(args: list[Value]) -> int:
    return max((len(a) for a in args if isinstance(a, pa.Array)), default=1)


@kernel("monotonically_increasing_id")
def _monotonically_increasing_id(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Partition index in the upper 31 bits, row number within the partition in the lower 33."""
    base = ctx.partition_index << 33
    offset = int(getattr(ctx, "row_offset", 0))  # rows of the partition in earlier batches
    return pa.array(base + offset + np.arange(ctx.num_rows or _rows(args), dtype=np.int64))


@kernel("spark_partition_id")
def _spark_partition_id(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pa.scalar(ctx.partition_index, pa.int32())


@kernel("input_file_name")
def _input_file_name(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pa.scalar(str(getattr(ctx, "input_file", "") or ""))
