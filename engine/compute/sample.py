"""Random sampling of a partition, reproducible for a given seed and partition index."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine.compute.context import EvalContext
from engine.compute.xorshift import next_doubles
from engine.physical.nodes import SampleExec


def sample(table: pa.Table, op: SampleExec, ctx: EvalContext) -> pa.Table:
    """Rows of `table` (one whole partition) sampled with `op.fraction`.

    Without replacement this is Spark's ``BernoulliCellSampler``: the partition's generator is
    Spark's XORShiftRandom seeded with ``seed + partition index``, and a row is kept when its
    ``nextDouble()`` falls below `fraction`, so ``sample(0.5, seed=3)`` keeps the rows Spark
    keeps over the same partitions. With replacement each row appears a Poisson(`fraction`)
    number of times; Spark draws those from commons-math's Well19937c, which is not reproduced,
    so the rows differ from Spark's there (the seed still makes a retried task repeat itself).
    """
    size = table.num_rows
    if op.with_replacement:
        rng = np.random.default_rng([op.seed & 0xFFFFFFFFFFFFFFFF, ctx.partition_index])
        counts = rng.poisson(max(op.fraction, 0.0), size)
        rows = np.repeat(np.arange(size, dtype=np.int64), counts)
    else:
        draws = next_doubles(op.seed + ctx.partition_index, 0, size)
        rows = np.flatnonzero(draws < op.fraction)
    return table.take(pa.array(rows, type=pa.int64()))
