"""Building blocks of the aggregate functions: group ids, Acero per-group aggregation, lists."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.expr.nodes import AggCall, Literal


@dataclass(frozen=True)
class Groups:
    """Dense group ids of some rows (`gid[i]` in ``range(count)``) and the number of groups."""

    gid: np.ndarray
    count: int


@dataclass(frozen=True)
class AceroStep:
    """One state computed by an Acero hash aggregation of `values` (``hash_<fn>``), then `finish`
    to give the state the type the per-group-id path gives it (partitions may take either path)."""

    values: pa.Array | pa.ChunkedArray
    fn: str
    options: pc.FunctionOptions | None = None
    finish: Callable[[pa.Array], pa.Array] | None = None


class AggFunction:
    """An aggregate's partial state, merge and final step (arrays hold one value per group).

    `acero_state` / `acero_merge` describe the same states as Acero aggregations, when they
    can be, so that every aggregate of an operator runs in one group-by pass over its rows.
    `acero_state` gets its arguments as they arrive (chunked arrays, not copied into one).
    """

    states = 1

    def n_states(self, call: AggCall) -> int:
        return self.states

    def acero_state(self, args: list[pa.ChunkedArray], call: AggCall) -> list[AceroStep] | None:
        return None

    def acero_merge(self, states: list[pa.Array], call: AggCall) -> list[AceroStep] | None:
        return None

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        raise NotImplementedError

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        raise NotImplementedError

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        return states[0]


def normalized_float(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Floating values as Spark groups and compares them (NormalizeFloatingNumbers): -0.0 as
    0.0 and every NaN as the one NaN, so that Arrow's hashing, which goes by bits, puts them
    in one group. Other types are returned as they are."""
    if not pa.types.is_floating(values.type):
        return values
    zeroed = pc.add(values, pa.scalar(0.0, values.type))  # -0.0 + 0.0 is 0.0
    return pc.if_else(pc.is_nan(zeroed), pa.scalar(float("nan"), values.type), zeroed)


def scatter(present: np.ndarray, values: pa.Array, count: int) -> pa.Array:
    """Values computed for the group ids `present`, laid out by group id (null where absent)."""
    pos = np.full(count, -1, dtype=np.int64)
    pos[present] = np.arange(len(present), dtype=np.int64)
    if len(present) == count and (pos == np.arange(count)).all():
        return values
    return values.take(pa.array(pos, mask=pos < 0))


def acero(g: Groups, values: pa.Array, fn: str, options: pc.FunctionOptions | None = None) -> pa.Array:
    """``hash_<fn>`` of `values` per group, one result per group id."""
    t = pa.table({"__gid": pa.array(g.gid, pa.int64()), "v": values})
    agg = (("v", fn, options),) if options is not None else (("v", fn),)
    out = t.group_by("__gid", use_threads=False).aggregate(list(agg))
    present = np.asarray(out.column("__gid").to_numpy())
    return scatter(present, out.column(f"v_{fn}").combine_chunks(), g.count)


def explode(g: Groups, lists: pa.Array) -> tuple[Groups, pa.Array]:
    """The elements of per-row lists, each with its row's group id."""
    parents = np.asarray(pc.list_parent_indices(lists).to_numpy())
    return Groups(g.gid[parents], g.count), pc.list_flatten(lists)


def arg_extreme(g: Groups, x: pa.Array, y: pa.Array, largest: bool) -> list[pa.Array]:
    """Per group: x at the first row holding the largest (smallest) non-null y, and that y."""
    best = acero(g, y, "max" if largest else "min")
    hit = pc.fill_null(pc.equal(y, best.take(pa.array(g.gid))), False)
    rows = np.flatnonzero(np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool))
    present, first = np.unique(g.gid[rows], return_index=True)
    picked = pa.array(rows[first], pa.int64())
    return [scatter(present, x.take(picked), g.count), best]


def top_k_by(g: Groups, x: pa.Array, y: pa.Array, k: int, largest: bool) -> list[pa.Array]:
    """Per group, as two lists: x and y at the k rows with the largest (smallest) non-null y,
    best first; rows with equal y keep their input order."""
    from engine.compute.sort import key_ordinal

    rows = np.flatnonzero(np.asarray(y.is_valid().to_numpy(zero_copy_only=False), dtype=bool))
    gid = g.gid[rows]
    codes = key_ordinal(y.take(pa.array(rows)), not largest, False)
    order = np.lexsort((codes, gid))
    ordered_gid = gid[order]
    rank = np.arange(len(order)) - np.searchsorted(ordered_gid, ordered_gid, side="left")
    kept = rows[order[rank < k]]
    counts = np.bincount(ordered_gid[rank < k], minlength=g.count)
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]), pa.int32())
    picked = pa.array(kept, pa.int64())
    return [pa.ListArray.from_arrays(offsets, x.take(picked)), pa.ListArray.from_arrays(offsets, y.take(picked))]


def empty_lists(values: pa.Array, like: pa.DataType) -> pa.Array:
    """Null lists replaced by empty ones (a group without values collects [])."""
    return pc.if_else(values.is_null(), pa.scalar([], like), values) if values.null_count else values


def literal_arg(call: AggCall, index: int, default: object = None) -> object:
    """The value of a literal argument of `call` (percentages, accuracy, ignore-nulls flag)."""
    if index < len(call.args):
        a: object = call.args[index]
        while not isinstance(a, Literal) and hasattr(a, "child"):
            a = a.child
        if isinstance(a, Literal):
            return a.value
    return default
