"""Maps in the normal form Spark groups them by: entries in ascending key order.

Spark 4 groups and counts distinct maps by wrapping map-typed grouping keys in ``MapSort``
(InsertMapSortInGroupingExpressions), so ``map('b', 2, 'a', 1)`` and ``map('a', 1, 'b', 2)``
are one group whose key reads ``{'a': 1, 'b': 2}``. Sorting every map's entries first makes
equal maps equal entry lists, which the grouping code then treats like arrays.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def has_map_type(t: pa.DataType) -> bool:
    """Whether `t` is a map or holds one in a struct field or as array elements (the shapes
    `sorted_maps` normalizes)."""
    if pa.types.is_map(t):
        return True
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return has_map_type(t.value_type)
    return pa.types.is_struct(t) and any(has_map_type(t.field(i).type) for i in range(t.num_fields))


def entry_lists(col: pa.Array) -> pa.Array:
    """`col` (a map array) as a list of key/value structs, the same rows and entries."""
    t = col.type
    entry = pa.struct([pa.field("key", t.key_type, nullable=False), t.item_field])
    return col.cast(pa.list_(pa.field("entries", entry, nullable=False)))


def sorted_maps(col: pa.Array) -> pa.Array:
    """`col` with every map in it (top level or in struct fields) holding its entries in
    ascending key order; other values unchanged."""
    if pa.types.is_struct(col.type) and has_map_type(col.type):
        fields = [sorted_maps(col.field(i)) for i in range(col.type.num_fields)]
        return pa.StructArray.from_arrays(fields, fields=list(col.type), mask=col.is_null())
    if (pa.types.is_list(col.type) or pa.types.is_large_list(col.type)) and has_map_type(col.type):
        # ``array(map(2, 3, 1, 2))``: each element map sorted, the arrays as they were
        values = sorted_maps(pc.list_flatten(col))
        lengths = np.asarray(pc.fill_null(pc.list_value_length(col), 0).to_numpy(zero_copy_only=False))
        offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32))
        return pa.ListArray.from_arrays(offsets, values, type=pa.list_(col.type.value_field), mask=col.is_null())
    if not pa.types.is_map(col.type):
        return col
    from engine.compute.sort import shared_codes

    lists = entry_lists(col)
    entries = pc.list_flatten(lists)
    if has_map_type(col.type.key_type) or has_map_type(col.type.item_type):
        # ``map(1, map(2, 3, 1, 2))``: the values' (and keys') own maps sorted before the entries
        entries = pa.StructArray.from_arrays(
            [sorted_maps(entries.field(0)), sorted_maps(entries.field(1))], fields=list(entries.type)
        )
    parents = np.asarray(pc.list_parent_indices(lists).to_numpy(zero_copy_only=False), dtype=np.int64)
    keys = shared_codes([entries.field(0)]) if len(entries) else np.zeros(0, dtype=np.int64)
    order = np.lexsort((keys, parents))
    lengths = np.asarray(pc.fill_null(pc.list_value_length(lists), 0).to_numpy(zero_copy_only=False))
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32))
    moved = entries.take(pa.array(order))
    return pa.MapArray.from_arrays(offsets, moved.field(0), moved.field(1), type=col.type, mask=lists.is_null())
