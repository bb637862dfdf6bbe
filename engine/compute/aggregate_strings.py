"""listagg / string_agg: a group's non-null values joined by a delimiter, in row order or in
the order of ``WITHIN GROUP (ORDER BY ...)``.

The state is the list of a group's values (with their sort keys, as structs, when the call
orders them); the final step sorts each group's list by its keys in one table sort and
joins it, so no step loops over groups or rows in Python.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.aggregate_lists import Collect
from engine.compute.aggregate_support import Groups, literal_arg
from engine.compute.context import EvalContext
from engine.expr.nodes import AggCall, SortOrder


def sort_orders(call: AggCall) -> list[SortOrder]:
    """The ``WITHIN GROUP (ORDER BY ...)`` keys of `call` (its arguments after the delimiter)."""
    return [a for a in call.args[2:] if isinstance(a, SortOrder)]


class ListAgg(Collect):
    """Collects each group's non-null values (and sort keys), then joins them with the delimiter."""

    def __init__(self) -> None:
        super().__init__("list")

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        keys = args[2:]
        if not keys:
            return super().state(args[:1], g, call)
        names = ["v", *(f"k{i}" for i in range(len(keys)))]
        rows = pa.StructArray.from_arrays([args[0], *keys], names=names, mask=args[0].is_null())
        return super().state([rows], g, call)

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        lists = states[0]
        orders = sort_orders(call)
        if orders:
            lists = _sorted_values(lists, orders)
        binary = pa.types.is_binary(lists.type.value_type)
        delim = literal_arg(call, 1) or ""
        if binary and isinstance(delim, str):
            delim = delim.encode()
        if not binary and isinstance(delim, bytes):
            delim = delim.decode()
        joined = pc.binary_join(lists, delim)
        empty = pc.fill_null(pc.equal(pc.list_value_length(lists), 0), True)
        return pc.if_else(empty, pa.scalar(None, joined.type), joined)


def _sorted_values(lists: pa.Array, orders: list[SortOrder]) -> pa.Array:
    """Each group's list of (value, keys) structs as the list of its values sorted by the keys;
    a key's nulls go first or last with a leading null-flag key, as each SortOrder says."""
    flat = pc.list_flatten(lists)
    columns: dict[str, pa.Array] = {"g": pc.list_parent_indices(lists)}
    sort_keys: list[tuple[str, str]] = [("g", "ascending")]
    for i, order in enumerate(orders):
        key = flat.field(i + 1)
        columns[f"n{i}"] = key.is_valid() if order.nulls_are_first else key.is_null()
        columns[f"k{i}"] = key
        sort_keys += [(f"n{i}", "ascending"), (f"k{i}", "ascending" if order.ascending else "descending")]
    order_idx = pc.sort_indices(pa.table(columns), sort_keys=sort_keys)
    values = flat.field(0).take(order_idx)
    sizes = np.asarray(pc.fill_null(pc.list_value_length(lists), 0).to_numpy(zero_copy_only=False), np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), values, mask=lists.is_null())
