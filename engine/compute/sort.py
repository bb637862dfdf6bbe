"""Spark-ordered sorting of a partition, top-k, and the range boundaries of a global sort.

Every sort key is first turned into an int64 "ordinal" array whose ascending numeric order
is exactly Spark's order for that key (direction, nulls first/last, NaN above every number,
strings by UTF-8 bytes). A stable `np.lexsort` over the ordinals then sorts the rows; the
same ordinals place rows into range buckets consistently with the sort.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_array
from engine.compute.map_sort import entry_lists
from engine.expr import nodes as n


def key_ordinal(values: pa.Array | pa.ChunkedArray, ascending: bool, nulls_first: bool) -> np.ndarray:
    """Int64 codes of `values` whose ascending order is Spark's order; equal values share a code.

    Codes are dense ranks: nulls get 0 (nulls first) or max+1 (nulls last); NaN ranks above
    every number (Arrow's rank already does that) and -0.0 equals 0.0.
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_null(values.type):
        return np.zeros(len(values), dtype=np.int64)
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    if _nested(values.type):
        codes = shared_codes([values])
    else:
        ranks = pc.rank(values, sort_keys=[("x", "ascending")], tiebreaker="dense")
        codes = np.asarray(ranks.to_numpy(zero_copy_only=False), dtype=np.int64)
    nulls = np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if not nulls.any():
        return codes if ascending else -codes
    top = int(codes[~nulls].max()) + 1 if (~nulls).any() else 1
    if not ascending:
        codes = top - codes
    codes[nulls] = 0 if nulls_first else top + 1
    return codes


def _nested(t: pa.DataType) -> bool:
    return pa.types.is_struct(t) or pa.types.is_list(t) or pa.types.is_large_list(t)


def shared_codes(arrays: Sequence[pa.Array]) -> np.ndarray:
    """Dense ascending codes of all `arrays` end to end, in one code space (null 0, values from
    1), so values of different arrays compare by their codes. Structs order field by field,
    arrays element by element with a prefix first (Spark's order; a null element sorts first).
    The arrays have the same shape; struct field names may differ (``struct(1) = named_struct('a', 1)``)."""
    first = arrays[0].type
    total = sum(len(a) for a in arrays)
    if pa.types.is_struct(first):
        fields = [shared_codes([a.field(i) for a in arrays]) for i in range(first.num_fields)]
        codes = composite_rank(fields, total) + 1
    elif pa.types.is_list(first) or pa.types.is_large_list(first):
        codes = _sequence_codes(arrays, total)
    elif pa.types.is_map(first):  # equal entry lists; callers sort entries first (map_sort.py)
        codes = _sequence_codes([entry_lists(a) for a in arrays], total)
    elif pa.types.is_null(first) and all(pa.types.is_null(a.type) for a in arrays):
        codes = np.zeros(total, dtype=np.int64)
    else:
        typed = next((a.type for a in arrays if not pa.types.is_null(a.type)), first)
        both = pa.concat_arrays([a.cast(typed) for a in arrays])
        ranks = pc.rank(both, sort_keys=[("x", "ascending")], tiebreaker="dense")
        codes = np.asarray(ranks.to_numpy(zero_copy_only=False), dtype=np.int64)
    nulls = np.concatenate([np.asarray(a.is_null().to_numpy(zero_copy_only=False), dtype=bool) for a in arrays])
    codes[nulls] = 0
    return codes


def _sequence_codes(arrays: Sequence[pa.Array], total: int) -> np.ndarray:
    """Codes of list values: each row's element codes (shifted past 0, the padding of a
    shorter row) ranked as tuples."""
    lengths = np.concatenate([np.asarray(pc.fill_null(pc.list_value_length(a), 0), dtype=np.int64) for a in arrays])
    elements = shared_codes([a.flatten() for a in arrays]) + 1
    width = int(lengths.max()) if total else 0
    matrix = np.zeros((total, width), dtype=np.int64)
    rows = np.repeat(np.arange(total), lengths)
    cols = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    matrix[rows, cols] = elements
    return composite_rank([matrix[:, j] for j in range(width)], total) + 1


def order_ordinals(arrays: Sequence[pa.Array], orders: Sequence[n.SortOrder]) -> list[np.ndarray]:
    """One ordinal array per sort key (see `key_ordinal`)."""
    return [key_ordinal(a, o.ascending, o.nulls_are_first) for a, o in zip(arrays, orders)]


def lexsort(ordinals: Sequence[np.ndarray], length: int) -> np.ndarray:
    """Stable permutation sorting rows by the ordinals, first key most significant."""
    if not ordinals:
        return np.arange(length, dtype=np.int64)
    return np.lexsort(tuple(reversed(ordinals))).astype(np.int64)


def composite_rank(ordinals: Sequence[np.ndarray], length: int) -> np.ndarray:
    """One dense int64 rank per row combining all keys (equal key tuples get equal ranks)."""
    perm = lexsort(ordinals, length)
    if length == 0:
        return np.zeros(0, dtype=np.int64)
    changed = np.zeros(length, dtype=bool)
    for o in ordinals:
        s = o[perm]
        changed[1:] |= s[1:] != s[:-1]
    out = np.empty(length, dtype=np.int64)
    out[perm] = np.cumsum(changed)
    return out


def eval_sort_keys(table: pa.Table, order: Sequence[n.SortOrder], ctx: EvalContext) -> list[pa.Array]:
    """The value of each sort key on every row of `table`."""
    batch = table.combine_chunks().to_batches()
    rb = batch[0] if batch else pa.RecordBatch.from_pylist([], schema=table.schema)
    return [evaluate_array(o.child, rb, ctx) for o in order]


def sort_indices(table: pa.Table, order: Sequence[n.SortOrder], ctx: EvalContext) -> np.ndarray:
    """The stable permutation that sorts `table` by `order`."""
    return lexsort(order_ordinals(eval_sort_keys(table, order, ctx), order), table.num_rows)


def sort_table(
    table: pa.Table, order: tuple[n.SortOrder, ...], ctx: EvalContext, limit: int | None = None
) -> pa.Table:
    """`table` sorted by `order` in Spark's order (stable); only the first `limit` rows for top-k."""
    perm = sort_indices(table, order, ctx)
    if limit is not None:
        perm = perm[: max(limit, 0)]
    return table.take(pa.array(perm, type=pa.int64()))


def sample_sort_keys(
    table: pa.Table, order: tuple[n.SortOrder, ...], n_rows: int, ctx: EvalContext
) -> pa.Table:
    """Up to `n_rows` evenly spaced rows' sort-key values, as columns ``k0, k1, ...``.

    Deterministic (no randomness), so a recomputed sample is identical.
    """
    keys = eval_sort_keys(table, order, ctx)
    count = min(max(n_rows, 0), table.num_rows)
    idx = (
        np.unique(np.linspace(0, table.num_rows - 1, count).astype(np.int64))
        if count
        else np.zeros(0, np.int64)
    )
    picked = pa.array(idx, type=pa.int64())
    return pa.table({f"k{i}": k.take(picked) for i, k in enumerate(keys)}) if keys else pa.table({})


def _sample_order(order: Sequence[n.SortOrder], table: pa.Table) -> list[pa.Array]:
    return [table.column(f"k{i}").combine_chunks() for i in range(len(order))]


def range_bounds(
    samples: pa.Table, order: tuple[n.SortOrder, ...], num_partitions: int, ctx: EvalContext
) -> pa.Table:
    """`num_partitions - 1` boundary rows (columns ``k0, ...``) evenly spaced in the sorted samples.

    Fewer bounds (possibly none) when there are fewer samples; duplicates are dropped so
    every bucket is delimited by distinct bounds.
    """
    del ctx
    size = samples.num_rows
    if size == 0 or num_partitions <= 1:
        return samples.slice(0, 0)
    keys = _sample_order(order, samples)
    ords = order_ordinals(keys, order)
    perm = lexsort(ords, size)
    pos = (np.arange(1, num_partitions) * size) // num_partitions
    pos = np.minimum(pos, size - 1)
    picked = perm[pos]
    ranks = composite_rank(ords, size)[picked]
    keep = np.concatenate([[True], ranks[1:] != ranks[:-1]]) if len(ranks) else np.zeros(0, bool)
    return samples.take(pa.array(picked[keep], type=pa.int64()))


def range_partition_ids(
    table: pa.Table, order: tuple[n.SortOrder, ...], bounds: pa.Table, ctx: EvalContext
) -> np.ndarray:
    """Bucket of every row: bucket i holds rows after bound i-1 and up to bound i, in sort order."""
    if bounds.num_rows == 0:
        return np.zeros(table.num_rows, dtype=np.int64)
    keys = eval_sort_keys(table, order, ctx)
    bound_keys = _sample_order(order, bounds)
    merged = [
        pa.concat_arrays([k, b.cast(k.type) if b.type != k.type else b]) for k, b in zip(keys, bound_keys)
    ]
    total = table.num_rows + bounds.num_rows
    ranks = composite_rank(order_ordinals(merged, order), total)
    row_ranks = ranks[: table.num_rows]
    bound_ranks = np.sort(ranks[table.num_rows :])
    return np.searchsorted(bound_ranks, row_ranks, side="left").astype(np.int64)
