"""bit_and / bit_or / bit_xor: a group's non-null integers folded with a bitwise operator.

Rows are sorted by group id once and each group's run is reduced with numpy's
``ufunc.reduceat``; a group with no non-null value is null. Partial states are the same
values, so merging is the same fold over them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from engine.compute.aggregate_support import AggFunction, Groups, scatter
from engine.expr.nodes import AggCall

_UFUNCS = {"bit_and": np.bitwise_and, "bit_or": np.bitwise_or, "bit_xor": np.bitwise_xor}


class BitwiseFold(AggFunction):
    """One of bit_and / bit_or / bit_xor over each group's non-null values."""

    def __init__(self, name: str) -> None:
        self.ufunc = _UFUNCS[name]

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [self._fold(args[0], g)]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [self._fold(states[0], g)]

    def _fold(self, values: pa.Array, g: Groups) -> pa.Array:
        ok = np.asarray(values.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        vals = np.asarray(values.fill_null(0).to_numpy(zero_copy_only=False))[ok]
        gid = g.gid[ok]
        order = np.argsort(gid, kind="stable")
        gid, vals = gid[order], vals[order]
        starts = np.flatnonzero(np.concatenate([[True], gid[1:] != gid[:-1]])) if len(gid) else np.array([], int)
        folded = self.ufunc.reduceat(vals, starts) if len(gid) else vals
        return scatter(gid[starts], pa.array(folded, values.type), g.count)


BITWISE_AGGREGATES: dict[str, AggFunction] = {name: BitwiseFold(name) for name in _UFUNCS}
