"""Random sampling of a partition, reproducible for a given seed and partition index."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine.compute.context import EvalContext
from engine.physical.nodes import SampleExec


def sample(table: pa.Table, op: SampleExec, ctx: EvalContext) -> pa.Table:
    """Rows of `table` sampled with `op.fraction`.

    Without replacement each row is kept with probability `fraction` (Bernoulli); with
    replacement each row appears a Poisson(`fraction`) number of times. The generator is
    seeded by (seed, partition index), so a retried task samples exactly the same rows.
    """
    rng = np.random.default_rng([op.seed & 0xFFFFFFFFFFFFFFFF, ctx.partition_index])
    size = table.num_rows
    if op.with_replacement:
        counts = rng.poisson(max(op.fraction, 0.0), size)
        rows = np.repeat(np.arange(size, dtype=np.int64), counts)
    else:
        rows = np.flatnonzero(rng.random(size) < op.fraction)
    return table.take(pa.array(rows, type=pa.int64()))
