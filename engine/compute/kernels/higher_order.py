"""Kernels of the higher-order functions: a lambda's body runs once over all elements of all rows.

The elements are flattened into one batch: each lambda parameter becomes a column named by
its key (``name#id``, the body's LambdaVars are rewritten into Attributes with that key), and
the outer row's columns are repeated for each of its elements, so the body is evaluated by
the ordinary vectorized evaluator. The evaluator hands a higher-order kernel the current
batch in place of each lambda argument.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.compute.kernels.collections import _positions, gather, lists_from, parts, regroup
from engine.compute.kernels.nested import build_map
from engine.expr import nodes as n
from engine.expr.nodes import Call
from engine.expr.traverse import transform_up


def run_lambda(lam: n.Lambda, outer: object, rows: np.ndarray, params: list[pa.Array], ctx: EvalContext) -> pa.Array:
    """`lam`'s body over flattened elements: `params[i]` binds parameter i, `rows` says which
    outer row each element came from."""
    from engine.compute.expr_eval import evaluate_array

    own = {p.id for p in lam.params if isinstance(p, n.LambdaVar)}

    def bind(e: n.Expr) -> n.Expr:
        # only this lambda's parameters: a nested lambda's stay variables until it runs
        if isinstance(e, n.LambdaVar) and e.id in own:
            return n.Attribute(e.name, e.dtype, True, e.id)
        return e

    body = transform_up(lam.body, bind)
    names, cols = [], []
    if isinstance(outer, pa.RecordBatch):
        taken = outer.take(pa.array(rows, pa.int64())) if outer.num_columns else None
        if taken is not None:
            names, cols = list(taken.schema.names), list(taken.columns)
    for p, values in zip(lam.params, params):
        assert isinstance(p, n.LambdaVar)
        names.append(n.column_key(p.name, p.id))
        cols.append(values.cast(T.to_arrow(p.dtype)) if not pa.types.is_null(T.to_arrow(p.dtype)) else values)
    if not cols:
        batch = pa.RecordBatch.from_pydict({"_": pa.nulls(len(rows))})
    else:
        batch = pa.RecordBatch.from_arrays(cols, names=names)
    return evaluate_array(body, batch, ctx)


def _array_params(a: pa.Array, lam: n.Lambda) -> tuple[list[pa.Array], np.ndarray]:
    """The element (and 0-based index) of every element of every row, with its row."""
    vals, rows = gather(a)
    _, _, lengths = parts(a)
    index = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return [vals, pa.array(index.astype(np.int32))][: len(lam.params)], rows


@kernel("transform")
def _transform(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args[:1])
    lam = call.args[1]
    assert isinstance(lam, n.Lambda)
    params, rows = _array_params(a, lam)
    out = run_lambda(lam, args[1], rows, params, ctx)
    return finish(regroup(out, rows, len(a), valid(a), T.to_arrow(call.dtype)), scalar)


@kernel("filter")
def _filter(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a,), scalar = broadcast(args[:1])
    if pa.types.is_null(a.type):  # filter(NULL, ...) is null
        return finish(pa.nulls(len(a), T.to_arrow(call.dtype)), scalar)
    lam = call.args[1]
    assert isinstance(lam, n.Lambda)
    params, rows = _array_params(a, lam)
    keep = np_values(run_lambda(lam, args[1], rows, params, ctx), False).astype(bool)
    return finish(regroup(params[0].filter(pa.array(keep)), rows[keep], len(a), valid(a), T.to_arrow(call.dtype)), scalar)


@kernel("exists", "forall")
def _exists(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Three-valued: exists is true if any is true, else null if any is null, else false."""
    (a,), scalar = broadcast(args[:1])
    lam = call.args[1]
    assert isinstance(lam, n.Lambda)
    params, rows = _array_params(a, lam)
    result = run_lambda(lam, args[1], rows, params, ctx)
    target = call.name == "exists"
    hit = np.bincount(rows[np_values(pc.equal(result, target), False).astype(bool)], minlength=len(a)) > 0
    unknown = np.bincount(rows[~valid(result)], minlength=len(a)) > 0
    out = hit if target else ~hit
    return finish(pa.array(out, mask=~valid(a) | (~hit & unknown)), scalar)


def _by_position(values: pa.Array, to: pa.DataType) -> pa.Array:
    """`values` as type `to`, struct fields matched by position rather than name: a merge that
    builds ``(acc.sum + x, acc.n + 1)`` keeps the accumulator's field names, as in Spark."""
    if pa.types.is_struct(to) and pa.types.is_struct(values.type) and values.type.num_fields == to.num_fields:
        children = [_by_position(pc.struct_field(values, [i]), to.field(i).type) for i in range(to.num_fields)]
        names = [to.field(i).name for i in range(to.num_fields)]
        return pa.StructArray.from_arrays(children, names=names, mask=values.is_null()).cast(to)
    return values.cast(to)


@kernel("aggregate", "reduce")
def _aggregate(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """A left fold, vectorized across rows: step k folds every row's k-th element at once."""
    (a, zero), scalar = broadcast(args[:2])
    merge = call.args[2]
    assert isinstance(merge, n.Lambda)
    values, starts, lengths = parts(a)
    acc = zero.cast(T.to_arrow(merge.params[0].dtype)) if isinstance(merge.params[0], n.LambdaVar) else zero
    for k in range(int(lengths.max(initial=0))):
        live = np.nonzero(lengths > k)[0]
        elems = values.take(pa.array(starts[live] + k))
        stepped = run_lambda(merge, args[2], live, [acc.take(pa.array(live)), elems], ctx)
        idx = np.arange(len(acc))
        idx[live] = len(acc) + np.arange(len(live))
        acc = pa.concat_arrays([acc, _by_position(stepped, acc.type)]).take(pa.array(idx))
    if len(call.args) == 4:
        finish_fn = call.args[3]
        assert isinstance(finish_fn, n.Lambda)
        acc = run_lambda(finish_fn, args[3], np.arange(len(a)), [acc], ctx)
    out = acc.cast(T.to_arrow(call.dtype))
    return finish(pc.if_else(a.is_null(), pa.nulls(len(a), out.type), out), scalar)


def sort_with_comparator(a: pa.Array, lam: n.Lambda, outer: object, ctx: EvalContext) -> pa.Array:
    """``array_sort(xs, (l, r) -> int)``: the comparator runs once over every ordered pair of
    a row's elements (all rows at once); an element's place is the number of elements it
    compares after, ties keeping their order. Quadratic in an array's length, as each pair is
    one vectorised evaluation rather than a Python call."""
    values, starts, lengths = parts(a)
    pairs = lengths * lengths
    rows = np.repeat(np.arange(len(a)), pairs)
    local = np.arange(len(rows)) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    width = np.maximum(lengths[rows], 1)
    mine, other = local // width, local % width  # comparing `other` (left) with `mine` (right)
    left, right = values.take(pa.array(starts[rows] + other)), values.take(pa.array(starts[rows] + mine))
    cmp = run_lambda(lam, outer, rows, [left, right], ctx)
    if cmp.null_count:
        from engine.errors import SparkRuntimeException

        raise SparkRuntimeException(
            "[COMPARATOR_RETURNS_NULL] The comparator has returned a NULL for a comparison between "
            "two elements of array_sort. It should return a positive integer for \"greater than\", 0 for "
            "\"equal\" and a negative integer for \"less than\". To revert to deprecated behavior where "
            "NULL is treated as 0 (equal), you must set \"spark.sql.legacy.allowNullComparisonResultInArraySort\" "
            "to \"true\".",
            "COMPARATOR_RETURNS_NULL",
        )
    c = np_values(cmp, 0).astype(np.int64)
    before = (c < 0) | ((c == 0) & (other < mine))
    first = np.cumsum(lengths) - lengths
    element = first[rows] + mine  # each pair's right element, as an index into the gathered elements
    place = np.bincount(element, weights=before, minlength=int(lengths.sum())).astype(np.int64)
    vals, elem_rows = gather(a)
    order = np.lexsort((np.arange(len(elem_rows)), place, elem_rows))
    return regroup(vals.take(pa.array(order)), elem_rows[order], len(a), valid(a), a.type)


@kernel("zip_with")
def _zip_with(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (a, b), scalar = broadcast(args[:2])
    lam = call.args[2]
    assert isinstance(lam, n.Lambda)
    va, sa, la = parts(a)
    vb, sb, lb = parts(b)
    longest = np.maximum(la, lb)
    rows = np.repeat(np.arange(len(a)), longest)
    local = np.arange(len(rows)) - np.repeat(np.cumsum(longest) - longest, longest)
    ta = np.where(local < la[rows], sa[rows] + local, -1)
    tb = np.where(local < lb[rows], sb[rows] + local, -1)
    params = [va.take(pa.array(ta, mask=ta < 0)), vb.take(pa.array(tb, mask=tb < 0))]
    out = run_lambda(lam, args[2], rows, params, ctx)
    ok = valid(a) & valid(b)
    return finish(lists_from(out, np.where(ok, longest, 0), ok, T.to_arrow(call.dtype)), scalar)


def _map_params(m: pa.Array) -> tuple[pa.Array, pa.Array, np.ndarray]:
    values, starts, lengths = parts(m)
    idx = pa.array(_positions(starts, lengths))
    rows = np.repeat(np.arange(len(m)), lengths)
    return values.field(0).take(idx), values.field(1).take(idx), rows


@kernel("transform_keys", "transform_values", "map_filter")
def _map_hof(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    (m,), scalar = broadcast(args[:1])
    lam = call.args[1]
    assert isinstance(lam, n.Lambda)
    keys, vals, rows = _map_params(m)
    out = run_lambda(lam, args[1], rows, [keys, vals], ctx)
    typ = T.to_arrow(call.dtype)
    if call.name == "map_filter":
        keep = np_values(out, False).astype(bool)
        keys, vals, rows = keys.filter(pa.array(keep)), vals.filter(pa.array(keep)), rows[keep]
    elif call.name == "transform_keys":
        keys = out
    else:
        vals = out
    return finish(build_map(keys, vals, rows, len(m), valid(m), typ, ctx.map_key_dedup.upper() == "LAST_WIN"), scalar)


def _groupable(keys: pa.Array) -> pa.Array:
    """Keys Arrow can group by: struct and array keys as their codes in Spark's order (equal
    keys share a code), other keys as they are."""
    if not isinstance(keys.type, (pa.StructType, pa.ListType, pa.LargeListType)):
        return keys
    from engine.compute.sort import shared_codes

    return pa.array(shared_codes([keys]))


@kernel("map_zip_with")
def _map_zip_with(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The lambda over the union of both maps' keys (the first map's order, then the second's
    new keys), with each map's value for the key or null where it has none."""
    (left, right), scalar = broadcast(args[:2])
    lam = call.args[2]
    assert isinstance(lam, n.Lambda)
    key_type = T.to_arrow(call.dtype).key_type
    k1, v1, r1 = _map_params(left)
    k2, v2, r2 = _map_params(right)
    ok = valid(left) & valid(right)
    rows = np.concatenate([r1, r2])
    side = np.concatenate([np.zeros(len(r1), np.int8), np.ones(len(r2), np.int8)])
    at = np.concatenate([np.arange(len(r1)), np.arange(len(r2))])
    order = np.argsort(rows, kind="stable")  # per row: the first map's entries, then the second's
    all_keys = pa.concat_arrays([k1.cast(key_type), k2.cast(key_type)]).take(pa.array(order))
    entries = pa.table({
        "row": rows[order],
        "key": _groupable(all_keys),
        "rank": np.arange(len(order)),
        "left": pa.array(at[order], mask=side[order] != 0),
        "right": pa.array(at[order], mask=side[order] != 1),
    })  # fmt: skip
    merged = entries.group_by(["row", "key"], use_threads=False).aggregate(
        [("rank", "min"), ("left", "max"), ("right", "max")]
    )
    merged = merged.sort_by("rank_min")
    keep = np.asarray(ok[merged["row"].to_numpy()], bool) if merged.num_rows else np.zeros(0, bool)
    merged = merged.filter(pa.array(keep))
    out_rows = merged["row"].to_numpy().astype(np.int64)
    keys = all_keys.take(merged["rank_min"].combine_chunks())
    params = [keys, v1.take(merged["left_max"].combine_chunks()), v2.take(merged["right_max"].combine_chunks())]
    values = run_lambda(lam, args[2], out_rows, params, ctx)
    last_win = ctx.map_key_dedup.upper() == "LAST_WIN"
    return finish(build_map(keys, values, out_rows, len(left), ok, T.to_arrow(call.dtype), last_win), scalar)
