"""Kernel of shuffle: a random permutation of each array, all rows at once.

Every element draws a random key; sorting by (row, key) permutes within rows. The generator
is seeded by (seed, partition index), as rand is, so a recomputed partition shuffles the same
way. Spark's own generator is not reproduced: the same seed gives a different order than Spark.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, valid
from engine.compute.kernels.collections import _positions, lists_from, parts
from engine.expr.nodes import Call


@kernel("shuffle")
def _shuffle(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args[:1])
    seed = args[1].as_py() if len(args) == 2 and isinstance(args[1], pa.Scalar) else 0
    values, starts, lengths = parts(a)
    rows = np.repeat(np.arange(len(a)), lengths)
    rng = np.random.default_rng([abs(int(seed or 0)), int(seed or 0) < 0, ctx.partition_index])
    order = np.lexsort((rng.random(len(rows)), rows))
    taken = values.take(pa.array(_positions(starts, lengths)[order]))
    return finish(lists_from(taken, lengths, valid(a), a.type), scalar)
