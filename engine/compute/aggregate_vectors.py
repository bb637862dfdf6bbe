"""vector_sum / vector_avg (Spark 4.3): element-wise sum and mean of a group's float vectors.

The state of a group is how many vectors it summed and their element-wise sums in double;
null vectors and vectors holding a null element are skipped, and every vector of a group must
have the group's dimension (VECTOR_DIMENSION_MISMATCH). A group without vectors gives null.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.aggregate_support import AggFunction, Groups
from engine.compute.context import EvalContext
from engine.compute.kernels.vectors import dimension_mismatch, vector_parts
from engine.expr.nodes import AggCall


def _sums(g: Groups, vectors: pa.Array, weights: np.ndarray, name: str) -> list[pa.Array]:
    """Per group: the summed weights (vectors counted) and the element-wise sums of its vectors."""
    starts, lengths, ok, values = vector_parts(vectors)
    rows = np.flatnonzero(ok)
    gid = g.gid[rows]
    dims = np.full(g.count, -1, np.int64)
    first = np.unique(gid, return_index=True)
    dims[first[0]] = lengths[rows[first[1]]]
    if (bad := np.flatnonzero(lengths[rows] != dims[gid])).size:
        raise dimension_mismatch(name, int(dims[gid[bad[0]]]), int(lengths[rows[bad[0]]]))
    counts = np.bincount(gid, weights[rows], minlength=g.count).astype(np.int64)
    sizes = np.maximum(dims, 0)
    group_start = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64) if g.count else sizes
    element_rows = np.repeat(rows, lengths[rows])
    local = np.arange(len(element_rows)) - np.repeat(np.cumsum(lengths[rows]) - lengths[rows], lengths[rows])
    taken = values[starts[element_rows] + local]
    slots = group_start[g.gid[element_rows]] + local
    sums = np.bincount(slots, taken, minlength=int(sizes.sum())) if len(slots) else np.zeros(int(sizes.sum()))
    offsets = pa.array(np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32))
    lists = pa.ListArray.from_arrays(offsets, pa.array(sums, pa.float64()), mask=pa.array(dims < 0))
    return [pa.array(counts, pa.int64()), lists]


class VectorAggregate(AggFunction):
    """vector_sum (`mean` False) or vector_avg (`mean` True) of ``array<float>`` vectors."""

    states = 2

    def __init__(self, name: str, mean: bool) -> None:
        self.name, self.mean = name, mean

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return _sums(g, args[0], np.ones(len(args[0]), np.int64), self.name)

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return _sums(g, states[1], np.asarray(states[0].to_numpy(zero_copy_only=False), np.int64), self.name)

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        counts, sums = states
        if self.mean:
            lengths = np.asarray(pc.fill_null(pc.list_value_length(sums), 0).to_numpy(zero_copy_only=False), np.int64)
            divisor = pc.take(counts, pa.array(np.repeat(np.arange(len(sums)), lengths))).cast(pa.float64())
            flat = pc.divide(pc.list_flatten(sums), divisor)
            offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32))
            sums = pa.ListArray.from_arrays(offsets, flat, mask=sums.is_null())
        return sums.cast(pa.list_(pa.float32()))


VECTOR_AGGREGATES: dict[str, AggFunction] = {
    "vector_sum": VectorAggregate("vector_sum", mean=False),
    "vector_avg": VectorAggregate("vector_avg", mean=True),
}
