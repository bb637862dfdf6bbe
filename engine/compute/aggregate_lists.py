"""Aggregates whose state is the list of values: collect_list/set, percentiles, median, mode."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.aggregate_support import (
    AggFunction,
    Groups,
    acero,
    empty_lists,
    explode,
    literal_arg,
    scatter,
)
from engine.compute.context import EvalContext
from engine.compute.open_hash_order import open_hash_slots
from engine.compute.quantile_summary import query, summary, unmerged_positions
from engine.expr.nodes import AggCall


class Collect(AggFunction):
    """collect_list / array_agg (`fn` "list") and collect_set ("distinct"); nulls are skipped."""

    def __init__(self, fn: str, as_double: bool = False) -> None:
        self.fn = fn
        self.as_double = as_double

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        values = args[0].cast(pa.float64()) if self.as_double else args[0]
        ok = values.is_valid()
        keep = np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool)
        return [self._collect(Groups(g.gid[keep], g.count), values.filter(ok))]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        eg, values = explode(g, states[0])
        return [self._collect(eg, values)]

    def _collect(self, g: Groups, values: pa.Array) -> pa.Array:
        nested = isinstance(values.type, (pa.StructType, pa.ListType, pa.LargeListType))
        if self.fn == "distinct" and nested:  # Acero cannot hash structs or lists: dedupe by codes
            g, values = _first_of_each(g, values)
        if self.fn == "list" or nested:
            # Grouped by a stable sort of the group ids: works for every type (structs, maps,
            # lists), which Acero's hash_list does not.
            order = np.argsort(g.gid, kind="stable")
            counts = np.bincount(g.gid, minlength=g.count) if len(g.gid) else np.zeros(g.count, np.int64)
            offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
            return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values.take(pa.array(order)))
        return empty_lists(acero(g, values, self.fn), pa.list_(values.type))


def _first_of_each(g: Groups, values: pa.Array) -> tuple[Groups, pa.Array]:
    """Each group's first occurrence of every distinct struct or array value, in input order:
    values compare by their codes in Spark's order, equal values sharing a code."""
    from engine.compute.sort import shared_codes

    if not len(values):
        return g, values
    codes = shared_codes([values])
    first = np.sort(np.unique(np.stack([g.gid, codes], axis=1), axis=0, return_index=True)[1])
    return Groups(g.gid[first], g.count), values.take(pa.array(first))


class CountDistinctApprox(Collect):
    """approx_count_distinct, computed exactly from the set of values."""

    def __init__(self) -> None:
        super().__init__("distinct")

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        return pc.list_value_length(states[0]).cast(pa.int64())


def _sorted_groups(lists: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """Every group's values sorted ascending, with each group's start offset and size."""
    sizes = np.asarray(pc.list_value_length(lists).to_numpy(zero_copy_only=False), dtype=np.int64)
    flat = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists)
    order = pa.table({"g": parents, "v": flat}).sort_by([("g", "ascending"), ("v", "ascending")])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]) if len(sizes) else np.zeros(0, np.int64)
    return order.column("v").combine_chunks(), starts, sizes


def _percentages(call: AggCall) -> tuple[list[float], bool]:
    p = literal_arg(call, 1, 0.5)
    if isinstance(p, (tuple, list)):
        return [float(x) for x in p], True
    return [float(p)], False  # type: ignore[arg-type]


def _per_percentage(columns: list[pa.Array], many: bool, empty: np.ndarray) -> pa.Array:
    """One value per group, or one list per group when the percentages were an array."""
    if not many:
        return pc.if_else(pa.array(empty), pa.scalar(None, columns[0].type), columns[0])
    k = len(columns)
    n = len(columns[0])
    interleaved = pa.concat_arrays(columns).take(pa.array(np.arange(n * k).reshape(k, n).T.ravel()))
    offsets = pa.array(np.arange(0, n * k + 1, k, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, interleaved, mask=pa.array(empty))


class Percentile(Collect):
    """percentile (exact, linear interpolation) and median, over doubles."""

    def __init__(self, median: bool = False) -> None:
        super().__init__("list", as_double=True)
        self.median = median

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        ps, many = ([0.5], False) if self.median else _percentages(call)
        return self.final_at(states, ps, many)

    def final_at(self, states: list[pa.Array], ps: list[float], many: bool) -> pa.Array:
        """Each group's percentiles `ps` (a list per group when `many`)."""
        values, starts, sizes = _sorted_groups(states[0])
        v = np.asarray(values.to_numpy(zero_copy_only=False), dtype=float)
        empty = sizes == 0
        cols = []
        for p in ps:
            pos = p * np.maximum(sizes - 1, 0)
            lo, hi = np.floor(pos).astype(np.int64), np.ceil(pos).astype(np.int64)
            at_lo = v[np.where(empty, 0, starts + lo)] if len(v) else np.zeros(len(sizes))
            at_hi = v[np.where(empty, 0, starts + hi)] if len(v) else np.zeros(len(sizes))
            cols.append(pa.array(at_lo + (at_hi - at_lo) * (pos - lo)))
        return _per_percentage(cols, many, empty)


class PercentileCont(Percentile):
    """``percentile_cont(p) WITHIN GROUP (ORDER BY x [DESC])``: percentile of `x` at `p`
    (at ``1 - p`` when the order is descending), interpolated between neighbours."""

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        p = float(literal_arg(call, 1, 0.5))  # type: ignore[arg-type]
        reverse = bool(literal_arg(call, 2, False))
        return super().final_at(states, [1.0 - p if reverse else p], False)


class PercentileDisc(Collect):
    """``percentile_disc(p) WITHIN GROUP (ORDER BY x [DESC])``: the first value in that order
    whose cumulative share of the group reaches `p` (an actual value, never interpolated)."""

    def __init__(self) -> None:
        super().__init__("list", as_double=True)

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        values, starts, sizes = _sorted_groups(states[0])
        p = float(literal_arg(call, 1, 0.5))  # type: ignore[arg-type]
        rank = np.maximum(np.ceil(p * sizes).astype(np.int64) - 1, 0)  # in the query's order
        idx = sizes - 1 - rank if literal_arg(call, 2, False) else rank
        empty = sizes == 0
        take = np.where(empty, 0, starts + idx)
        picked = values.take(pa.array(take)) if len(values) else pa.nulls(len(sizes), pa.float64())
        return _per_percentage([picked], False, empty)


class PercentileApprox(Collect):
    """percentile_approx: the value Spark's quantile summary (relative error 1 / accuracy)
    answers, see :mod:`engine.compute.quantile_summary`; exact for up to `accuracy` values
    but for its rank slack."""

    def __init__(self) -> None:
        super().__init__("list")

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        values, starts, sizes = _sorted_groups(states[0])
        ps, many = _percentages(call)
        eps = 1.0 / float(literal_arg(call, 2, 10000))  # type: ignore[arg-type]
        empty = sizes == 0
        large = np.flatnonzero(sizes * eps > 1)  # groups whose summary merges samples
        arrived = pc.list_flatten(states[0]) if len(large) else None
        cols = []
        for p in ps:
            take = np.where(empty, 0, starts + unmerged_positions(sizes, eps, p))
            picked = values.take(pa.array(take)) if len(values) else pa.nulls(len(sizes), values.type)
            if arrived is not None:
                picked = _summarized(picked, arrived, starts, sizes, large, eps, p)
            cols.append(picked)
        return _per_percentage(cols, many, empty)


def _summarized(
    picked: pa.Array, arrived: pa.Array, starts: np.ndarray, sizes: np.ndarray, large: np.ndarray, eps: float, p: float
) -> pa.Array:
    """`picked` with the answers of the `large` groups replaced by their summary's, built from
    their values in arrival order (`arrived`, the groups' lists flattened)."""
    answers = []
    for gi in large:
        group = arrived.slice(int(starts[gi]), int(sizes[gi]))
        x = np.asarray(pc.cast(group, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
        idx, g, delta = summary(x, eps)
        answers.append(int(starts[gi]) + query(x, idx, g, delta, eps, p))
    at = np.full(len(picked), -1, np.int64)
    at[large] = answers
    replaced = arrived.take(pa.array(np.maximum(at, 0)))
    return pc.if_else(pa.array(at >= 0), replaced, picked)


class Mode(Collect):
    """mode: the most frequent non-null value of each group.

    Ties go as Spark breaks them: ``mode(x, true)`` (deterministic) to the smallest value;
    plain ``mode(x)`` to the value met first in its counting hash table's slot order
    (see :mod:`engine.compute.open_hash_order`), then to the value seen first.
    """

    def __init__(self) -> None:
        super().__init__("list")

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        count = len(states[0])
        g, values = explode(Groups(np.arange(count), count), states[0])
        t = pa.table({"g": pa.array(g.gid, pa.int64()), "v": values})
        freq = t.group_by(["g", "v"], use_threads=False).aggregate([("v", "count")])  # in first-seen order
        gid = np.asarray(freq.column("g").to_numpy())
        distinct = np.bincount(gid, minlength=count) if len(gid) else np.zeros(count, np.int64)
        keys = pa.table({
            "g": freq.column("g"), "n": freq.column("v_count"), "v": freq.column("v"),
            "slot": pa.array(_tie_order(freq.column("v").combine_chunks(), distinct[gid], call)),
        })  # fmt: skip
        tie = [("v", "ascending")] if literal_arg(call, 1, False) is True else [("slot", "ascending")]
        order = pc.sort_indices(keys, [("g", "ascending"), ("n", "descending"), *tie]).to_numpy()
        present, first = np.unique(gid[order], return_index=True)
        return scatter(present, freq.column("v").combine_chunks().take(pa.array(order[first])), count)


def _tie_order(values: pa.Array, table_sizes: np.ndarray, call: AggCall) -> np.ndarray:
    """Per counted value, where Spark's OpenHashMap iterates it (its first appearance, for
    types whose Java hash is not modelled); the stable sort leaves ties on a slot first-seen."""
    slots = None if literal_arg(call, 1, False) is True else open_hash_slots(values, table_sizes)
    return np.arange(len(values), dtype=np.int64) if slots is None else slots


LIST_AGGREGATES: dict[str, AggFunction] = {
    "collect_list": Collect("list"),
    "array_agg": Collect("list"),
    "collect_set": Collect("distinct"),
    "approx_count_distinct": CountDistinctApprox(),
    "percentile": Percentile(),
    "median": Percentile(median=True),
    "percentile_cont": PercentileCont(),
    "percentile_disc": PercentileDisc(),
    "percentile_approx": PercentileApprox(),
    "approx_percentile": PercentileApprox(),
    "mode": Mode(),
}
