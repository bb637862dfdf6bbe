"""Kernels that build or reshape nested values: struct, maps, sorting, slicing, sequences."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, null_where, own_offsets, valid
from engine.compute.kernels.collections import _positions, concat_lists, gather, lists_from, parts, regroup
from engine.compute.kernels.comparison import compare
from engine.errors import SparkRuntimeException
from engine.expr.nodes import Call, Lambda


@kernel("struct", "named_struct")
def _struct(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    typ = T.to_arrow(call.dtype)
    values = args if call.name == "struct" else args[1::2]
    arrays, scalar = broadcast(values) if values else ([], True)
    cols = [a.cast(f.type) for a, f in zip(arrays, typ)]
    return finish(pa.StructArray.from_arrays(cols, fields=list(typ)), scalar)


@kernel("with_field", "drop_fields")
def _with_field(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    typ = T.to_arrow(call.dtype)
    arrays, scalar = broadcast([args[0], args[2]] if call.name == "with_field" else args[:1])
    s = arrays[0]
    cols = []
    for f in typ:
        idx = s.type.get_field_index(f.name)
        if call.name == "with_field" and f.name.lower() == str(args[1].as_py()).lower():
            # no cast when the type already matches: a not-null field under a null struct holds
            # nulls, which Arrow refuses to cast to a not-null field
            cols.append(arrays[1] if arrays[1].type == f.type else arrays[1].cast(f.type))
        else:
            cols.append(pc.struct_field(s, [idx]))
    return finish(pa.StructArray.from_arrays(cols, fields=list(typ), mask=s.is_null()), scalar)


@kernel("reverse")
def _reverse(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Characters of a string, bytes of a binary, or elements of an array, in reverse order."""
    (a,), scalar = broadcast(args)
    if pa.types.is_binary(a.type) or pa.types.is_large_binary(a.type):
        return finish(pc.binary_reverse(a), scalar)
    if not pa.types.is_list(a.type):
        return finish(pc.utf8_reverse(a), scalar)
    _, starts, lengths = parts(a)
    rows = np.repeat(np.arange(len(a)), lengths)
    order = np.lexsort((-np.arange(len(rows)), rows))
    vals, r = gather(a, order=order)
    return finish(regroup(vals, r, len(a), valid(a), a.type), scalar)


@kernel("sort_array", "array_sort")
def _sort_array(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """sort_array: ascending nulls first (descending nulls last); array_sort: nulls last."""
    if call.name == "array_sort" and len(args) > 1:
        from engine.compute.kernels.higher_order import sort_with_comparator

        (a,), scalar = broadcast(args[:1])
        lam = call.args[1]
        assert isinstance(lam, Lambda)
        return finish(sort_with_comparator(a, lam, args[1], ctx), scalar)
    (a,), scalar = broadcast(args[:1])
    if len(args) > 1 and args[1].as_py() is None:  # sort_array(xs, NULL) is NULL, as in Spark
        return finish(pa.nulls(len(a), a.type), scalar)
    asc = True if len(args) == 1 else bool(args[1].as_py())
    vals, rows = gather(a)
    nulls_first = asc if call.name == "sort_array" else False
    direction = "ascending" if asc else "descending"
    placement = "at_start" if nulls_first else "at_end"
    keys = [("r", "ascending", placement), ("v", direction, placement)]
    if pa.types.is_nested(vals.type):  # arrays and structs sort by Spark's order, through their ranks
        from engine.compute.sort import key_ordinal

        order = np.lexsort((key_ordinal(vals, asc, nulls_first), np.asarray(rows, np.int64)))
        return finish(regroup(vals.take(pa.array(order)), rows, len(a), valid(a), a.type), scalar)
    t = pa.table({"r": rows, "v": vals})
    if pa.types.is_floating(vals.type):  # Spark orders NaN above every number; Arrow places it with nulls
        t = t.append_column("nan", pc.is_nan(vals))
        keys.insert(1, ("nan", direction, placement))
    order = pc.sort_indices(t, sort_keys=keys)
    return finish(regroup(vals.take(order), rows, len(a), valid(a), a.type), scalar)


@kernel("slice")
def _slice(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """`length` elements from 1-based `start` (negative: from the end)."""
    (a, start, length), scalar = broadcast(args)
    _, starts, lengths = parts(a)
    s = np_values(start).astype(np.int64)
    n = np_values(length).astype(np.int64)
    bad_start, bad_length = (s == 0) & valid(start), (n < 0) & valid(length)
    if bad_start.any():
        raise SparkRuntimeException(
            "[INVALID_PARAMETER_VALUE.START] The value of parameter(s) `start` in `slice` is invalid: "
            "Expects a positive or a negative value for `start`, but got 0.",
            "INVALID_PARAMETER_VALUE.START",
        )
    if bad_length.any():
        raise SparkRuntimeException(
            "[INVALID_PARAMETER_VALUE.LENGTH] The value of parameter(s) `length` in `slice` is invalid: "
            f"Expects `length` greater than or equal to 0, but got {int(n[bad_length][0])}.",
            "INVALID_PARAMETER_VALUE.LENGTH",
        )
    first = np.where(s > 0, s - 1, lengths + s)
    rows = np.repeat(np.arange(len(a)), lengths)
    local = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    keep = (local >= first[rows]) & (local < first[rows] + n[rows]) & (first[rows] >= 0)
    vals, r = gather(a, keep=keep)
    return finish(regroup(vals, r, len(a), valid(a) & valid(start) & valid(length), a.type), scalar)


@kernel("flatten")
def _flatten(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """One level of nesting removed; null if any inner array is null."""
    (a,), scalar = broadcast(args)
    inner, rows = gather(a)
    vals, inner_rows = gather(inner)
    bad = np.bincount(rows[~valid(inner)], minlength=len(a)) > 0
    return finish(regroup(vals, rows[inner_rows], len(a), valid(a) & ~bad, T.to_arrow(call.dtype)), scalar)


@kernel("sequence")
def _sequence(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Integers from `start` to `stop` inclusive by `step` (default 1 or -1)."""
    typ = T.to_arrow(call.dtype)
    arrays, scalar = broadcast(args)
    if not pa.types.is_integer(typ.value_type):
        from engine.compute.kernels.time_sequence import time_sequence

        assert isinstance(call.dtype, T.ArrayType)
        return finish(time_sequence(arrays, typ, call.dtype.elementType, ctx), scalar)
    from engine.compute.kernels.time_sequence import check_boundaries

    lo, hi = (np_values(x).astype(np.int64) for x in arrays[:2])
    step = np_values(arrays[2]).astype(np.int64) if len(arrays) == 3 else np.where(hi >= lo, 1, -1)
    ok = np.logical_and.reduce([valid(x) for x in arrays])
    check_boundaries(lo, hi, step, ok)
    counts = np.where(ok, (hi - lo) // np.where(step == 0, 1, step) + 1, 0)
    rows = np.repeat(np.arange(len(lo)), counts)
    local = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    vals = pa.array(lo[rows] + local * step[rows]).cast(typ.value_type)
    return finish(lists_from(vals, counts, ok, typ), scalar)


@kernel("array_repeat")
def _array_repeat(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (v, count), scalar = broadcast(args)
    c = np.maximum(np_values(count).astype(np.int64), 0)
    rows = np.repeat(np.arange(len(v)), c)
    typ = T.to_arrow(call.dtype)
    return finish(lists_from(v.take(pa.array(rows)).cast(typ.value_type), c, valid(count), typ), scalar)


@kernel("array_append", "array_prepend")
def _array_append(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, v), scalar = broadcast(args)
    single = lists_from(v.cast(a.type.value_type), np.ones(len(v), np.int64), None, a.type)
    pair = [a, single] if call.name == "array_append" else [single, a]
    out = concat_lists(pair)
    return finish(pc.if_else(a.is_null(), pa.nulls(len(a), a.type), out), scalar)


@kernel("arrays_zip")
def _arrays_zip(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The i-th elements of every array as one struct; shorter arrays pad with nulls."""
    typ = T.to_arrow(call.dtype)
    arrays, scalar = broadcast(args)
    n = len(arrays[0])
    longest = np.max([parts(a)[2] for a in arrays], axis=0)
    rows = np.repeat(np.arange(n), longest)
    local = np.arange(len(rows)) - np.repeat(np.cumsum(longest) - longest, longest)
    cols = []
    for a, f in zip(arrays, typ.value_type):
        values, starts, lengths = parts(a)
        take = np.where(local < lengths[rows], starts[rows] + local, -1)
        cols.append(values.take(pa.array(take, mask=take < 0)).cast(f.type))
    flat = pa.StructArray.from_arrays(cols, fields=list(typ.value_type))
    ok = np.logical_and.reduce([valid(a) for a in arrays])
    return finish(lists_from(flat, np.where(ok, longest, 0), ok, typ), scalar)


# ------------------------------------------------------------------ maps


def _check_unique_keys(keys: pa.Array, rows: np.ndarray) -> None:
    """Refuse a null key, then a repeated key within a row (Spark checks null keys first)."""
    if keys.null_count:
        raise SparkRuntimeException("[NULL_MAP_KEY] Cannot use null as map key.", "NULL_MAP_KEY")
    if isinstance(keys.type, (pa.StructType, pa.ListType, pa.LargeListType)):
        _check_unique_nested_keys(keys, rows)
        return
    counted = pa.table({"r": rows, "k": keys}).group_by(["r", "k"]).aggregate([([], "count_all")])
    if counted.num_rows != len(keys):
        _raise_duplicate(counted.filter(pc.greater(counted["count_all"], 1))["k"][0].as_py())


def _check_unique_nested_keys(keys: pa.Array, rows: np.ndarray) -> None:
    """The duplicate check for struct and array keys, which Arrow cannot group by: each key
    becomes its code in Spark's order, equal keys sharing a code."""
    from engine.compute.sort import shared_codes

    codes = shared_codes([keys])
    pairs = np.unique(np.stack([rows, codes], axis=1), axis=0, return_index=True)[1] if len(keys) else []
    if len(pairs) != len(keys):
        seen = np.zeros(len(keys), bool)
        seen[pairs] = True
        repeated = keys[int(np.flatnonzero(~seen)[0])].as_py()
        _raise_duplicate(repeated)


def _last_win(keys: pa.Array, values: pa.Array, rows: np.ndarray) -> tuple[pa.Array, pa.Array, np.ndarray]:
    """Each row's distinct keys at their first place, each with the value of its last occurrence."""
    from engine.compute.sort import shared_codes

    index = np.arange(len(keys))
    if isinstance(keys.type, (pa.StructType, pa.ListType, pa.LargeListType)):
        codes = shared_codes([keys])
    else:
        codes = np.asarray(pc.dictionary_encode(keys).indices.to_numpy(zero_copy_only=False), np.int64)
    t = pa.table({"r": rows, "k": codes, "i": index}).group_by(["r", "k"], use_threads=False)
    spans = t.aggregate([("i", "min"), ("i", "max")]).sort_by("i_min")
    first = spans["i_min"].to_numpy()
    last = spans["i_max"].to_numpy()
    return keys.take(pa.array(first)), values.take(pa.array(last)), np.asarray(rows)[first]


def _raise_duplicate(repeated: object) -> None:
    raise SparkRuntimeException(
        f"[DUPLICATED_MAP_KEY] Duplicate map key {repeated} was found, please check the input data. If you want to "
        'remove the duplicated keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN" so that '
        "the key inserted at last takes precedence.",
        "DUPLICATED_MAP_KEY",
    )


def build_map(
    keys: pa.Array, values: pa.Array, rows: np.ndarray, n: int, ok: np.ndarray | None, typ: pa.DataType,
    last_win: bool = False,
) -> pa.Array:
    """A map array from entries tagged with their row (rows ascending); keys must be unique, unless
    `last_win` (spark.sql.mapKeyDedupPolicy=LAST_WIN): then a repeated key keeps its first place
    and takes its last value, as Spark's ArrayBasedMapBuilder does."""
    if last_win and len(keys):
        if keys.null_count:
            raise SparkRuntimeException("[NULL_MAP_KEY] Cannot use null as map key.", "NULL_MAP_KEY")
        keys, values, rows = _last_win(keys, values, rows)
    _check_unique_keys(keys, rows)
    counts = np.bincount(rows, minlength=n)
    offsets = np.zeros(n + 1, np.int32)
    np.cumsum(counts, out=offsets[1:])
    mask = None if ok is None or ok.all() else pa.array(~ok)
    return pa.MapArray.from_arrays(pa.array(offsets), keys.cast(typ.key_type), values.cast(typ.item_type), mask=mask)


def _last_win_policy(ctx: EvalContext) -> bool:
    """Whether spark.sql.mapKeyDedupPolicy is LAST_WIN (the default, EXCEPTION, refuses repeats)."""
    return ctx.map_key_dedup.upper() == "LAST_WIN"


@kernel("map", "create_map")
def _map(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    typ = T.to_arrow(call.dtype)
    if not args:
        return pa.scalar([], typ)
    arrays, scalar = broadcast(args)
    n, k = len(arrays[0]), len(arrays) // 2
    order = np.arange(n * k).reshape(k, n).T.reshape(-1)
    keys = pa.concat_arrays([a.cast(typ.key_type) for a in arrays[0::2]]).take(pa.array(order))
    vals = pa.concat_arrays([a.cast(typ.item_type) for a in arrays[1::2]]).take(pa.array(order))
    return finish(build_map(keys, vals, np.repeat(np.arange(n), k), n, None, typ, _last_win_policy(ctx)), scalar)


@kernel("map_keys", "map_values")
def _map_keys(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (m,), scalar = broadcast(args)
    values, starts, lengths = parts(m)
    child = values.field(0 if call.name == "map_keys" else 1)
    flat = child.take(pa.array(_positions(starts, lengths)))
    if isinstance(call.dtype, T.ArrayType) and isinstance(call.dtype.elementType, T.NullType):
        flat = pa.nulls(len(flat))  # map<void, ...> keeps its keys as int8 (Arrow map keys cannot be null-typed)
    return finish(lists_from(flat, lengths, valid(m), T.to_arrow(call.dtype)), scalar)


@kernel("map_entries")
def _map_entries(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (m,), scalar = broadcast(args)
    typ = T.to_arrow(call.dtype)
    values, starts, lengths = parts(m)
    idx = pa.array(_positions(starts, lengths))
    fields = list(typ.value_type)
    parts_ = [values.field(i).take(idx) for i in (0, 1)]
    parts_ = [pa.nulls(len(p)) if pa.types.is_null(f.type) else p for p, f in zip(parts_, fields)]
    flat = pa.StructArray.from_arrays(parts_, fields=fields)
    return finish(lists_from(flat, lengths, valid(m), typ), scalar)


@kernel("map_from_arrays")
def _map_from_arrays(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (ka, va), scalar = broadcast(args)
    ok = valid(ka) & valid(va)
    keys, rows = gather(null_where(ka, ~ok))
    vals, vrows = gather(null_where(va, ~ok))
    if not np.array_equal(rows, vrows):
        raise SparkRuntimeException(
            "The key array and value array of MapData must have the same length.", "_LEGACY_ERROR_TEMP_2128"
        )
    return finish(build_map(keys, vals, rows, len(ka), ok, T.to_arrow(call.dtype), _last_win_policy(ctx)), scalar)


@kernel("map_from_entries")
def _map_from_entries(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args)
    entries, rows = gather(a)
    ok = valid(a)
    if entries.null_count:  # a null entry makes its whole row's map null, as in Spark
        ok[rows[~valid(entries)]] = False
        entries, rows = gather(null_where(a, ~ok))
    typ = T.to_arrow(call.dtype)
    return finish(build_map(entries.field(0), entries.field(1), rows, len(a), ok, typ, _last_win_policy(ctx)), scalar)


@kernel("map_concat")
def _map_concat(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    typ = T.to_arrow(call.dtype)
    if not args:  # map_concat() is an empty map, one per row
        return pa.scalar([], typ)
    arrays, scalar = broadcast(args)
    as_lists = [pa.ListArray.from_arrays(own_offsets(m), m.values, mask=m.is_null()) for m in arrays]
    merged = concat_lists(as_lists)
    entries, rows = gather(merged)
    ok = np.logical_and.reduce([valid(m) for m in arrays])
    return finish(
        build_map(entries.field(0), entries.field(1), rows, len(arrays[0]), ok, typ, _last_win_policy(ctx)), scalar
    )


@kernel("map_contains_key")
def _map_contains_key(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (m, k), scalar = broadcast(args)
    values, starts, lengths = parts(m)
    rows = np.repeat(np.arange(len(m)), lengths)
    keys = values.field(0).take(pa.array(_positions(starts, lengths)))
    hit = np_values(compare("=", keys, k.take(pa.array(rows))), False).astype(bool)
    found = np.bincount(rows[hit], minlength=len(m)) > 0
    return finish(pa.array(found, mask=~(valid(m) & valid(k))), scalar)
