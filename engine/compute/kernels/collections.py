"""Kernels of the array functions, over Arrow list arrays (flattened values plus offsets)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.compute.kernels.comparison import compare
from engine.errors import ArrayIndexOutOfBoundsException, SparkRuntimeException
from engine.expr.nodes import Call


def lists_from(values: pa.Array, lengths: np.ndarray, ok: np.ndarray | None, typ: pa.DataType | None = None) -> pa.Array:
    """A list array from flat `values` and each row's length (null where `ok` is False)."""
    offsets = np.zeros(len(lengths) + 1, np.int32)
    np.cumsum(lengths, out=offsets[1:])
    mask = None if ok is None or ok.all() else pa.array(~ok)
    out = pa.ListArray.from_arrays(pa.array(offsets), values, mask=mask)
    return out.cast(typ) if typ is not None and out.type != typ else out


def parts(a: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """A list (or map) array as its flat values, row starts and lengths (0 for null rows);
    an untyped NULL (``transform(NULL, ...)``) is rows of no elements."""
    if pa.types.is_null(a.type):
        return pa.nulls(0), np.zeros(len(a), np.int64), np.zeros(len(a), np.int64)
    offsets = a.offsets.to_numpy().astype(np.int64)
    starts = offsets[:-1]
    lengths = np.where(valid(a), np.diff(offsets), 0)
    return a.values, starts, lengths


def gather(a: pa.Array, keep: np.ndarray | None = None, order: np.ndarray | None = None) -> tuple[pa.Array, np.ndarray]:
    """The elements of each row (in `order` of flat positions, filtered by `keep`), with each
    kept element's row: the building block of every per-row array transformation."""
    values, starts, lengths = parts(a)
    rows = np.repeat(np.arange(len(a)), lengths)
    pos = _positions(starts, lengths)
    if order is not None:
        pos, rows = pos[order], rows[order]
    if keep is not None:
        pos, rows = pos[keep], rows[keep]
    return values.take(pa.array(pos)), rows


def _positions(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Flat positions of every element of every row, row by row."""
    total = int(lengths.sum())
    row_first = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + (np.arange(total) - row_first)


def regroup(values: pa.Array, rows: np.ndarray, n: int, ok: np.ndarray | None, typ: pa.DataType) -> pa.Array:
    """Elements tagged with their row (rows ascending) back into a list array of `n` rows."""
    return lists_from(values, np.bincount(rows, minlength=n), ok, typ)


def concat_lists(arrays: list[pa.Array]) -> pa.Array:
    """Row-wise concatenation of list arrays (null if any input row is null)."""
    n = len(arrays[0])
    chunks, tags = [], []
    for k, a in enumerate(arrays):
        vals, rows = gather(a)
        chunks.append(vals.cast(arrays[0].type.value_type))
        tags.append(np.stack([rows, np.full(len(rows), k), np.arange(len(rows))]))
    tag = np.concatenate(tags, axis=1)
    order = np.lexsort((tag[2], tag[1], tag[0]))
    flat = pa.concat_arrays(chunks).take(pa.array(order))
    ok = np.logical_and.reduce([valid(a) for a in arrays])
    return regroup(flat, tag[0][order], n, ok, arrays[0].type)


def element_at_list(a: pa.Array, index: pa.Array, ansi: bool, zero_based: bool = False) -> pa.Array:
    """Element `index` of each row (1-based, negative from the end, or 0-based); out of range is
    null, or INVALID_ARRAY_INDEX under ANSI."""
    values, starts, lengths = parts(a)
    i = np_values(index).astype(np.int64)
    if not zero_based and ((i == 0) & valid(index) & valid(a)).any():
        raise SparkRuntimeException(
            "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the "
            "first element has index 1).",
            "INVALID_INDEX_OF_ZERO",
        )
    local = i if zero_based else np.where(i > 0, i - 1, lengths + i)
    inside = (local >= 0) & (local < lengths)
    ok = valid(a) & valid(index)
    if ansi and (ok & ~inside).any():
        bad = int(i[ok & ~inside][0])
        size = int(lengths[ok & ~inside][0])
        fn = "the SQL function `get()`" if zero_based else "`try_element_at`"
        raise ArrayIndexOutOfBoundsException(
            f"[INVALID_ARRAY_INDEX{'' if zero_based else '_IN_ELEMENT_AT'}] The index {bad} is out of bounds. "
            f"The array has {size} elements. Use {fn} to tolerate accessing element at invalid index and "
            "return NULL instead.",
            "INVALID_ARRAY_INDEX" if zero_based else "INVALID_ARRAY_INDEX_IN_ELEMENT_AT",
        )
    take = np.where(inside & ok, starts + local, -1)
    return values.take(pa.array(take, mask=take < 0))


def map_lookup(m: pa.Array, key: pa.Array) -> pa.Array:
    """The value of `key` in each map row (null when absent)."""
    keys, vals = m.values.field(0), m.values.field(1)
    _, starts, lengths = parts(m)
    rows = np.repeat(np.arange(len(m)), lengths)
    pos = _positions(starts, lengths)
    hit = np_values(compare("=", keys.take(pa.array(pos)), key.take(pa.array(rows))), False).astype(bool)
    take = np.full(len(m), -1, np.int64)
    take[rows[hit][::-1]] = pos[hit][::-1]
    return vals.take(pa.array(take, mask=take < 0))


@kernel("get_array_item")
def _get_array_item(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, i), scalar = broadcast(args)
    return finish(element_at_list(a, i, ctx.ansi, zero_based=True), scalar)


@kernel("get")
def _get(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, i), scalar = broadcast(args)
    return finish(element_at_list(a, i, False, zero_based=True), scalar)


@kernel("get_map_value")
def _get_map_value(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (m, k), scalar = broadcast(args)
    return finish(map_lookup(m, k), scalar)


@kernel("get_struct_field")
def _get_struct_field(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (s,), scalar = broadcast(args[:1])
    name = args[1].as_py() if isinstance(args[1], pa.Scalar) else args[1][0].as_py()
    out = pc.struct_field(s, [s.type.get_field_index(name)])
    return finish(pc.if_else(s.is_null(), pa.nulls(len(s), out.type), out), scalar)


@kernel("get_array_struct_fields")
def _get_array_struct_fields(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """One field of every struct element: the array's shape, that field's values (null for a
    null element)."""
    (a,), scalar = broadcast(args[:1])
    name = args[1].as_py() if isinstance(args[1], pa.Scalar) else args[1][0].as_py()
    structs, rows = gather(a)
    field = pc.struct_field(structs, [structs.type.get_field_index(name)])
    field = pc.if_else(structs.is_null(), pa.nulls(len(field), field.type), field)
    return finish(regroup(field, rows, len(a), valid(a), T.to_arrow(call.dtype)), scalar)


@kernel("element_at", "try_element_at")
def _element_at(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, i), scalar = broadcast(args)
    if pa.types.is_map(a.type):
        return finish(map_lookup(a, i), scalar)
    return finish(element_at_list(a, i, ctx.ansi and call.name == "element_at"), scalar)


def _as_type(a: pa.Array, typ: pa.DataType) -> pa.Array:
    """`a` as `typ`; a null struct is no cast: Arrow refuses to cast one whose fields are non-nullable."""
    if a.type.equals(typ):
        return a
    return pa.nulls(len(a), typ) if pa.types.is_null(a.type) else a.cast(typ)


@kernel("array")
def _array(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    typ = T.to_arrow(call.dtype)
    if not args:
        return pa.scalar([], typ)
    arrays, scalar = broadcast(args)
    n = len(arrays[0])
    flat = pa.concat_arrays([_as_type(a, typ.value_type) for a in arrays])
    order = np.arange(n * len(arrays)).reshape(len(arrays), n).T.reshape(-1)
    return finish(lists_from(flat.take(pa.array(order)), np.full(n, len(arrays)), None, typ), scalar)


@kernel("size", "cardinality")
def _size(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Element count; a null array is null (ANSI, Spark 4's default) or -1 (legacy)."""
    (a,), scalar = broadcast(args)
    if pa.types.is_null(a.type):  # size(NULL): an untyped null is a null array
        out = pa.nulls(len(a), pa.int32())
    elif pa.types.is_map(a.type):  # entries per map, from the offsets (list_value_length takes no maps)
        counts = np.diff(a.offsets.to_numpy(zero_copy_only=False)).astype(np.int32)
        out = pa.array(counts, pa.int32(), mask=~valid(a))
    else:
        out = pc.cast(pc.list_value_length(a), pa.int32())
    if not ctx.ansi:
        out = pc.fill_null(out, -1)
    return finish(out, scalar)


@kernel("array_contains")
def _array_contains(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """True if found; null if not found but the array holds a null; false otherwise."""
    (a, v), scalar = broadcast(args)
    vals, rows = gather(a)
    eq = np_values(compare("=", vals, v.take(pa.array(rows))), False).astype(bool)
    has_null = np.bincount(rows[~valid(vals)], minlength=len(a)) > 0
    found = np.bincount(rows[eq], minlength=len(a)) > 0
    ok = valid(a) & valid(v) & (found | ~has_null)
    return finish(pa.array(found, mask=~ok), scalar)


@kernel("array_position")
def _array_position(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, v), scalar = broadcast(args)
    vals, rows = gather(a)
    _, starts, lengths = parts(a)
    eq = np_values(compare("=", vals, v.take(pa.array(rows))), False).astype(bool)
    local = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths) + 1
    best = np.full(len(a), np.iinfo(np.int64).max)
    np.minimum.at(best, rows[eq], local[eq])
    out = np.where(best == np.iinfo(np.int64).max, 0, best)
    return finish(pa.array(out, mask=~(valid(a) & valid(v))), scalar)


@kernel("array_remove")
def _array_remove(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, v), scalar = broadcast(args)
    vals, rows = gather(a)
    eq = np_values(compare("=", vals, v.take(pa.array(rows))), False).astype(bool)
    out = regroup(vals.filter(pa.array(~eq)), rows[~eq], len(a), valid(a), a.type)
    return finish(pc.if_else(v.is_null(), pa.nulls(len(a), a.type), out), scalar)


@kernel("array_compact")
def _array_compact(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args)
    vals, rows = gather(a)
    keep = valid(vals)
    return finish(regroup(vals.filter(pa.array(keep)), rows[keep], len(a), valid(a), a.type), scalar)


def _distinct_mask(vals: pa.Array, rows: np.ndarray) -> np.ndarray:
    """True for the first occurrence of each (row, value) pair (nulls count as one value)."""
    t = pa.table({"r": rows, "v": vals, "i": np.arange(len(rows))})
    firsts = t.group_by(["r", "v"], use_threads=False).aggregate([("i", "min")])["i_min"].to_numpy()
    keep = np.zeros(len(rows), bool)
    keep[firsts] = True
    return keep


@kernel("array_distinct")
def _array_distinct(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args)
    vals, rows = gather(a)
    keep = _distinct_mask(vals, rows)
    return finish(regroup(vals.filter(pa.array(keep)), rows[keep], len(a), valid(a), a.type), scalar)


@kernel("array_union", "array_intersect", "array_except")
def _set_op(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Set operations keep first-occurrence order and drop duplicates (nulls count once)."""
    (a, b), scalar = broadcast(args)
    ok = valid(a) & valid(b)
    if call.name == "array_union":
        both = concat_lists([a, b])
        vals, rows = gather(both)
        keep = _distinct_mask(vals, rows)
        return finish(regroup(vals.filter(pa.array(keep)), rows[keep], len(a), ok, a.type), scalar)
    va, ra = gather(a)
    vb, rb = gather(b)
    key_a = pa.table({"r": ra, "v": va})
    key_b = pa.table({"r": rb, "v": vb, "hit": np.ones(len(rb), bool)}).group_by(["r", "v"]).aggregate([])
    key_b = key_b.append_column("hit", pa.array(np.ones(key_b.num_rows, bool)))
    joined = key_a.append_column("i", pa.array(np.arange(len(ra)))).join(key_b, ["r", "v"], join_type="left outer")
    joined = joined.sort_by("i")
    in_b = np_values(joined["hit"].combine_chunks(), False).astype(bool)
    # The hash join never matches null keys, but Spark's set operations treat null as one value.
    a_null = ~valid(va)
    b_has_null = np.bincount(rb[~valid(vb)], minlength=len(a)) > 0
    in_b[a_null] = b_has_null[ra[a_null]]
    keep = (in_b if call.name == "array_intersect" else ~in_b) & _distinct_mask(va, ra)
    return finish(regroup(va.filter(pa.array(keep)), ra[keep], len(a), ok, a.type), scalar)


@kernel("arrays_overlap")
def _arrays_overlap(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """True if the arrays share a non-null element; else null when both are non-empty and one
    holds a null (the null might have been equal), else false."""
    (a, b), scalar = broadcast(args)
    va, ra = gather(a)
    vb, rb = gather(b)
    a_ok, b_ok = valid(va), valid(vb)
    left = pa.table({"r": ra[a_ok], "v": va.filter(pa.array(a_ok))})
    right = pa.table({"r": rb[b_ok], "v": vb.filter(pa.array(b_ok))}).group_by(["r", "v"]).aggregate([])
    untyped = pa.types.is_null(va.type) or pa.types.is_null(vb.type)  # ``array(NULL)``: nothing to share
    shared = np.zeros(0, np.int64) if untyped else left.join(right, ["r", "v"], join_type="inner")["r"].to_numpy()
    found = np.bincount(shared, minlength=len(a)) > 0
    has_null = (np.bincount(ra[~a_ok], minlength=len(a)) + np.bincount(rb[~b_ok], minlength=len(a))) > 0
    both_nonempty = (np.bincount(ra, minlength=len(a)) > 0) & (np.bincount(rb, minlength=len(a)) > 0)
    ok = valid(a) & valid(b) & (found | ~(has_null & both_nonempty))
    return finish(pa.array(found, mask=~ok), scalar)


@kernel("array_join")
def _array_join(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Elements joined by `delimiter`; nulls skipped unless `nullReplacement` is given."""
    arrays, scalar = broadcast(args)
    a = arrays[0]
    if len(arrays) == 3:
        vals, rows = gather(a)
        vals = pc.fill_null(vals, arrays[2].take(pa.array(rows)))
        a = regroup(vals, rows, len(a), valid(a) & valid(arrays[2]), a.type)
    else:
        vals, rows = gather(a)
        keep = valid(vals)
        a = regroup(vals.filter(pa.array(keep)), rows[keep], len(a), valid(a), a.type)
    return finish(pc.binary_join(a, arrays[1]), scalar)


@kernel("array_max", "array_min")
def _array_extreme(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args)
    vals, rows = gather(a)
    how = "max" if call.name == "array_max" else "min"
    # structs and arrays compare field by field / element by element, and floats put NaN above
    # every number: both by Spark's sort order rather than Arrow's min/max (which skip NaN)
    if pa.types.is_nested(vals.type) or pa.types.is_floating(vals.type):
        return finish(_struct_extreme(vals, np.asarray(rows, np.int64), len(a), how == "max"), scalar)
    t = pa.table({"r": rows, "v": vals})
    agg = t.group_by("r", use_threads=False).aggregate([("v", how)])
    take = np.full(len(a), -1, np.int64)
    take[agg["r"].to_numpy()] = np.arange(agg.num_rows)
    return finish(agg[f"v_{how}"].combine_chunks().take(pa.array(take, mask=take < 0)), scalar)


def _struct_extreme(vals: pa.Array, rows: np.ndarray, n: int, largest: bool) -> pa.Array:
    """Per array, its largest (smallest) non-null struct or array in Spark's order."""
    from engine.compute.sort import key_ordinal

    present = np.flatnonzero(valid(vals))
    rank = key_ordinal(vals, True, True)[present]
    perm = np.lexsort((-rank if largest else rank, rows[present]))
    owners, first = np.unique(rows[present][perm], return_index=True)
    take = np.full(n, -1, np.int64)
    take[owners] = present[perm[first]]
    return vals.take(pa.array(take, mask=take < 0))


@kernel("array_insert")
def _array_insert(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Spark 4's array_insert: positions are 1-based, -1 appends; a position past either end
    pads with nulls (``array_insert([1,2,3], 5, 9)`` is ``[1,2,3,null,9]``); 0 is an error."""
    (arr, pos, value), scalar = broadcast(args)
    ok = valid(arr) & valid(pos)
    p = np_values(pos).astype(np.int64)
    if (ok & (p == 0)).any():
        raise SparkRuntimeException(
            "[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first "
            "element has index 1).",
            "INVALID_INDEX_OF_ZERO",
        )
    flat, starts, n = parts(arr)
    n = np.where(ok, n, 0)
    back = n + p + 1  # insertion point of a negative position, counted from the start
    at = np.where(p > 0, np.minimum(p - 1, n), np.maximum(back, 0))
    pad_before = np.where(p > 0, np.maximum(p - 1 - n, 0), 0)
    pad_after = np.where(p < 0, np.maximum(-back, 0), 0)
    lengths = np.where(ok, n + 1 + pad_before + pad_after, 0)
    rows = np.repeat(np.arange(len(lengths)), lengths)
    j = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    a, k1, k2 = at[rows], pad_before[rows], pad_after[rows]
    null_slot, value_slot = len(flat) + len(lengths), len(flat) + rows
    src = np.where(j < a, starts[rows] + j, np.where(j == a + k1, value_slot, null_slot))
    src = np.where(j > a + k1 + k2, starts[rows] + j - 1 - k1 - k2, src)
    el_type = call.dtype.elementType if isinstance(call.dtype, T.ArrayType) else None
    el = T.to_arrow(el_type) if el_type is not None else flat.type
    pool = pa.concat_arrays([flat.cast(el), value.cast(el), pa.nulls(1, el)])
    return finish(lists_from(pool.take(pa.array(src, pa.int64())), lengths, ok, T.to_arrow(call.dtype)), scalar)



@kernel("stack")
def _stack(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Runs inside Generate: per input row, a list of the `n` rows ``stack`` lays its values
    out in (structs of the columns, or bare values for one column); missing cells are null."""
    (*values,), scalar = broadcast(args[1:])
    rows = int(args[0].as_py()) if isinstance(args[0], pa.Scalar) else int(args[0][0].as_py())
    length = len(values[0])
    width = -(-len(values) // rows)
    fields = T.to_arrow(call.dtype)
    col_types = [f.type for f in fields] if width > 1 else [fields]
    # cell (i, j) of input row r goes to position r * rows + i of column j
    order = pa.array((np.arange(rows)[None, :] * length + np.arange(length)[:, None]).ravel(), pa.int64())
    columns = []
    for j, t in enumerate(col_types):
        cells = [
            values[k].cast(t) if k < len(values) else pa.nulls(length, t)
            for k in range(j, rows * width, width)
        ]
        columns.append(pa.concat_arrays(cells).take(order))
    flat = columns[0] if width == 1 else pa.StructArray.from_arrays(columns, fields=list(fields))
    offsets = pa.array(np.arange(0, length * rows + 1, rows), pa.int32())
    return finish(pa.ListArray.from_arrays(offsets, flat), scalar)
