"""Hash and nested-loop joins over Arrow tables with Spark's null and outer-join semantics.

Both joins first find the matching (left row, right row) index pairs, then build the
output with `take`, so every column type (lists, structs, decimals) passes through
untouched. The hash join runs Acero on int64 codes of the keys only: the codes come from
dictionary-encoding the left and right keys together, so nulls and NaN are handled here
(Spark: NaN equals NaN and -0.0 equals 0.0 in join keys; null matches only with ``<=>``).

Acero builds its hash table on the smaller side and streams the other through it, so
matches come out in the streamed side's row order; as in Spark, a join promises no order.

Most joins meet a side whose one key is unique (a dimension's primary key), and semi/anti
joins only ask whether a key is present. Those skip the pairs: one lookup per streamed row
gives the matching row directly, and the streamed side's columns pass through without a copy.
Integer keys over a dense range are looked up by direct addressing (`join_direct`: q05's 3M
lineitems against 227k orders, 35 ms instead of 150), other keys by hash (`index_in` /
`is_in`: 800k partsupp rows against 10k suppliers, 7 ms instead of 50).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_array
from engine.compute.join_direct import (
    KeyTable,
    addressable,
    folded_keys,
    key_set,
    key_table,
    shared_key_set,
    shared_key_table,
)
from engine.expr.nodes import Expr
from engine.expr.traverse import attributes
from engine.physical.nodes import ExchangeRead, HashJoinExec, NestedLoopJoinExec

_CROSS_CHUNK_ROWS = 1 << 20
# Beyond this many rows on the looked-up side, building the lookup's hash set (and checking the
# keys are unique) costs more than Acero's join: at 375k rows against 1.5M, 225 ms against 82.
_LOOKUP_MAX_ROWS = 1 << 16
_SEMI = ("left_semi", "semi", "leftsemi")
_ANTI = ("left_anti", "anti", "leftanti")
_LEFT_KEPT = ("left", "left_outer", "full", "full_outer", "outer")  # joins keeping unmatched left rows
_RIGHT_KEPT = ("right", "right_outer", "full", "full_outer", "outer")


def hash_join(left: pa.Table, right: pa.Table, op: HashJoinExec, ctx: EvalContext) -> pa.Table:
    """Equi-join `left` and `right` on `op`'s keys, then apply `op.residual` to the matches; only
    the left rows passing `op.probe_filter` take part."""
    if op.probe_filter is not None:
        return _filtered_probe(left, right, op, op.probe_filter, ctx)
    if op.null_aware:
        return _null_aware_anti(left, right, op, ctx)
    if op.residual is None:
        looked_up = _lookup_join(left, right, op)
        if looked_up is not None:
            return looked_up
    lcodes, rcodes, lvalid, rvalid = _key_codes(left, right, op.left_keys, op.right_keys, op.null_safe)
    names = [f"c{i}" for i in range(len(lcodes))]
    lrows = np.flatnonzero(lvalid)
    rrows = np.flatnonzero(rvalid)
    lt = pa.table({**{c: x[lrows] for c, x in zip(names, lcodes)}, "__l": lrows})
    rt = pa.table({**{c: x[rrows] for c, x in zip(names, rcodes)}, "__r": rrows})
    if op.residual is None and op.how in _SEMI + _ANTI:
        # Acero answers "has a match" directly: no pair per duplicate right key. It builds its
        # hash table on its right input, so a larger right side is probed instead (q04 at SF10:
        # 287k orders against 19M lineitems, 4.3 s as a left semi join, 0.13 s as a right one)
        if rt.num_rows > lt.num_rows:
            semi = rt.join(lt, keys=names, join_type="right semi", use_threads=False)
        else:
            semi = lt.join(rt, keys=names, join_type="left semi", use_threads=False)
        matched = np.zeros(left.num_rows, dtype=bool)
        matched[np.asarray(semi.column("__l").to_numpy(), dtype=np.int64)] = True
        return _take(left, op.left_out, np.flatnonzero(matched if op.how in _SEMI else ~matched))
    # Acero builds its hash table on its right input. As Spark, build on the right side unless
    # the left is smaller, so equal sides stream (and come out in) left order.
    if lt.num_rows < rt.num_rows:
        joined = rt.join(lt, keys=names, join_type="inner", use_threads=False)
    else:
        joined = lt.join(rt, keys=names, join_type="inner", use_threads=False)
    li = np.asarray(joined.column("__l").to_numpy(), dtype=np.int64)
    ri = np.asarray(joined.column("__r").to_numpy(), dtype=np.int64)
    if op.residual is not None and len(li):
        keep = _condition(op.residual, left, right, li, ri, ctx)
        li, ri = li[keep], ri[keep]
    return assemble(left, right, li, ri, op.how, op.left_out, op.right_out)


def _filtered_probe(left: pa.Table, right: pa.Table, op: HashJoinExec, cond: Expr, ctx: EvalContext) -> pa.Table:
    """The join of the left rows where the row-local `cond` holds.

    A semi or anti join by direct addressing looks every row up, evaluates `cond` on the rows
    the lookup keeps (reading only its columns) and copies the rows kept by both once: q03's
    6M lineitems are 588k after the lookup of its orders and 30k after its date filter, and
    the 588k are no longer copied in every column between the two. Other joins filter the
    left rows first."""
    plain = replace(op, probe_filter=None)
    keep = None
    if op.how in _SEMI + _ANTI and op.residual is None and not op.null_aware and _one_addressable_key(left, right, op):
        present = _presence(left.column(op.left_keys[0]), right.column(op.right_keys[0]), op, shareable=True)
        keep = None if present is None else present if op.how in _SEMI else ~present
    if keep is None:
        return hash_join(_where(left, cond, ctx), right, plain, ctx)
    reads = sorted({a.key for a in attributes(cond)})
    if reads:
        candidates = left.select(reads).filter(pa.array(keep))
        batch = pa.RecordBatch.from_arrays([c.combine_chunks() for c in candidates.columns], names=reads)
        holds = pc.fill_null(evaluate_array(cond, batch, ctx), False)
        keep[np.flatnonzero(keep)] = np.asarray(holds.to_numpy(zero_copy_only=False), dtype=bool)
    kept = left.select(list(op.left_out))
    return _nullable(kept if keep.all() else kept.filter(pa.array(keep)))


def _one_addressable_key(left: pa.Table, right: pa.Table, op: HashJoinExec) -> bool:
    if len(op.left_keys) != 1 or any(op.null_safe):
        return False
    return addressable(left.column(op.left_keys[0]).type) and addressable(right.column(op.right_keys[0]).type)


def _where(table: pa.Table, cond: Expr, ctx: EvalContext) -> pa.Table:
    """The rows of `table` where the row-local `cond` is true."""
    masks = [pc.fill_null(evaluate_array(cond, b, ctx), False) for b in table.to_batches()]
    return table if not masks else table.filter(pa.chunked_array(masks, pa.bool_()))


def _null_aware_anti(left: pa.Table, right: pa.Table, op: HashJoinExec, ctx: EvalContext) -> pa.Table:
    """``NOT IN``: the left rows whose key equals no right key, where a comparison with null is
    unknown. Against an empty right side every row stays; a null right key keeps none; a
    null left key is kept by nothing else. `right` is the whole (broadcast) right side."""
    if right.num_rows == 0:
        return _nullable(left.select(list(op.left_out)))
    if right.column(op.right_keys[0]).null_count:
        return _nullable(left.select(list(op.left_out)).slice(0, 0))
    key = op.left_keys[0]
    out = op.left_out if key in op.left_out else (*op.left_out, key)
    plain = hash_join(left, right, replace(op, null_aware=False, left_out=out), ctx)
    return plain.filter(plain.column(key).is_valid()).select(list(op.left_out))


def _lookup_join(left: pa.Table, right: pa.Table, op: HashJoinExec) -> pa.Table | None:
    """The join by lookup into one side, when it has one plain key (or integer keys folded into
    one) that side holds once (semi/anti: any number of times); None when the join needs the
    general path.

    Integer and date keys over a dense enough range are looked up by direct addressing
    (`join_direct`), on a side of any size; other plain keys by hash (``index_in``) in a side of
    at most `_LOOKUP_MAX_ROWS` rows. Null keys never match; floating keys are left to the
    general path, which equates NaN with NaN and -0.0 with 0.0 as Spark does.
    """
    if any(op.null_safe):
        return None
    if len(op.left_keys) > 1:
        folded = folded_keys([left.column(k) for k in op.left_keys], [right.column(k) for k in op.right_keys])
        return None if folded is None else _direct_join(left, right, *folded, op, shareable=False)
    lcol, rcol = left.column(op.left_keys[0]), right.column(op.right_keys[0])
    if addressable(lcol.type) and addressable(rcol.type):
        direct = _direct_join(left, right, lcol, rcol, op, shareable=True)
        if direct is not None:
            return direct
    how, small = op.how, _LOOKUP_MAX_ROWS
    semi = how in _SEMI + _ANTI
    right_side = right.num_rows <= small and (semi or how in ("inner", "left", "left_outer"))
    left_side = left.num_rows <= small and how in ("inner", "right", "right_outer")
    if not (right_side or left_side):
        return None
    lkey = _lookup_key(lcol)
    rkey = _lookup_key(rcol)
    if lkey is None or rkey is None:
        return None
    if rkey.type != lkey.type:
        rkey = rkey.cast(lkey.type)
    if semi:
        present = pc.is_in(lkey, value_set=rkey, skip_nulls=True)
        keep = present if how in _SEMI else pc.invert(present)
        return _nullable(left.select(list(op.left_out)).filter(keep))
    if right_side and _unique(rkey):
        rows = _positions(pc.index_in(lkey, value_set=rkey, skip_nulls=True))
        return _looked_up(left, op.left_out, right, op.right_out, rows, how in _LEFT_KEPT)
    if left_side and _unique(lkey):
        rows = _positions(pc.index_in(rkey, value_set=lkey, skip_nulls=True))
        return _looked_up_left(left, right, rows, op)
    return None


def _direct_join(
    left: pa.Table,
    right: pa.Table,
    lcol: pa.Array | pa.ChunkedArray,
    rcol: pa.Array | pa.ChunkedArray,
    op: HashJoinExec,
    shareable: bool,
) -> pa.Table | None:
    """The join by direct addressing into the smaller side whose keys are unique (semi/anti: the
    right side, any keys) and dense; None when neither side's are. A `shareable` table of a
    broadcast side (`lcol` and `rcol` are the sides' own key columns) is built once per executor."""
    how = op.how

    def build_table(side: str, build: pa.Array | pa.ChunkedArray, probe_rows: int) -> KeyTable | None:
        shared = _shared_as(op, side) if shareable else None
        return key_table(build, probe_rows) if shared is None else shared_key_table(shared, build, probe_rows)

    if how in _SEMI + _ANTI:
        present = _presence(lcol, rcol, op, shareable)
        if present is None:
            return None
        keep = present if how in _SEMI else ~present
        kept = left.select(list(op.left_out))
        # an Arrow mask: a numpy one costs Table.filter ~2 ms more per million rows
        return _nullable(kept if keep.all() else kept.filter(pa.array(keep)))
    if how not in _LEFT_KEPT + _RIGHT_KEPT + ("inner",):
        return None
    # the smaller side is built; at equal sizes the right, as Spark does, so rows come in left order
    for side in sorted(("right", "left"), key=lambda s: left.num_rows if s == "left" else right.num_rows):
        build, probe = (lcol, rcol) if side == "left" else (rcol, lcol)
        table = build_table(side, build, len(probe))
        if table is None or not table.unique:
            continue
        rows = table.rows(probe)
        if side == "right":
            return _looked_up(
                left, op.left_out, right, op.right_out, rows, how in _LEFT_KEPT, how in _RIGHT_KEPT
            )
        return _looked_up_left(left, right, rows, op)
    return None


def _presence(
    lcol: pa.Array | pa.ChunkedArray, rcol: pa.Array | pa.ChunkedArray, op: HashJoinExec, shareable: bool
) -> np.ndarray | None:
    """Whether each left key is among the right keys, by a membership table over their range
    (built once per executor for a broadcast right side when `shareable`: `lcol` and `rcol` are
    the sides' own key columns); None when the range is too wide to address."""
    shared = _shared_as(op, "right") if shareable else None
    keys = key_set(rcol, len(lcol)) if shared is None else shared_key_set(shared, rcol, len(lcol))
    return None if keys is None else keys.contains(lcol)


def _shared_as(op: HashJoinExec, side: str) -> tuple[int, str] | None:
    """The key under which a broadcast side's lookup table is shared by the executor's tasks;
    None for a side that is not broadcast."""
    child, key = (op.left, op.left_keys[0]) if side == "left" else (op.right, op.right_keys[0])
    return (child.stage_id, key) if isinstance(child, ExchangeRead) and child.mode == "all" else None


def _looked_up_left(left: pa.Table, right: pa.Table, rows: np.ndarray, op: HashJoinExec) -> pa.Table:
    """The join looked up in the left side (`rows`: each right row's left row, -1 for none),
    its columns put back in left-then-right order."""
    mirrored = _looked_up(
        right, op.right_out, left, op.left_out, rows, op.how in _RIGHT_KEPT, op.how in _LEFT_KEPT
    )
    width = len(op.right_out)
    return mirrored.select(list(range(width, mirrored.num_columns)) + list(range(width)))


def _positions(rows: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """``index_in``'s answer as row numbers, -1 where a key was not found."""
    return np.asarray(pc.fill_null(rows, -1).to_numpy(), dtype=np.int64)


def _looked_up(
    probe: pa.Table,
    probe_out: tuple[str, ...],
    build: pa.Table,
    build_out: tuple[str, ...],
    rows: np.ndarray,
    keep_probe: bool,
    keep_build: bool = False,
) -> pa.Table:
    """`probe`'s rows beside the `build` rows `rows` points at (-1: none), probe columns first.

    Unmatched probe rows are kept (with nulls) when `keep_probe`, dropped otherwise; build rows
    no probe row matched follow with null probe columns when `keep_build`.
    """
    kept = probe.select(list(probe_out))
    missing = rows < 0
    if not keep_probe:
        if missing.any():
            matched = ~missing
            kept, rows = kept.filter(pa.array(matched)), rows[matched]
        index = pa.array(rows)
    else:
        index = pa.array(rows, mask=missing) if missing.any() else pa.array(rows)
    build = build.select(list(build_out))
    fetched = build.take(index)
    fields = [f.with_nullable(True) for f in (*kept.schema, *fetched.schema)]
    joined = pa.Table.from_arrays(kept.columns + fetched.columns, schema=pa.schema(fields))
    if not keep_build:
        return joined
    hit = np.zeros(build.num_rows, dtype=bool)
    hit[rows[rows >= 0]] = True
    unmatched = np.flatnonzero(~hit)
    if not len(unmatched):
        return joined
    nulls = [pa.nulls(len(unmatched), f.type) for f in kept.schema]
    extra = build.take(pa.array(unmatched)).columns
    return pa.concat_tables([joined, pa.Table.from_arrays(nulls + extra, schema=joined.schema)])


def _lookup_key(column: pa.ChunkedArray) -> pa.Array | None:
    """A key column as one array `index_in` takes (view types as their plain form), or None if its
    type needs the general path."""
    key = column.combine_chunks()
    t = key.type
    if pa.types.is_string_view(t):
        return key.cast(pa.large_string())
    if pa.types.is_binary_view(t):
        return key.cast(pa.large_binary())
    plain = (
        pa.types.is_integer,
        pa.types.is_string,
        pa.types.is_large_string,
        pa.types.is_date,
        pa.types.is_decimal,
    )
    return key if any(check(t) for check in plain) else None


def _unique(key: pa.Array) -> bool:
    """Whether no non-null value occurs twice in `key`."""
    return pc.count_distinct(key, mode="only_valid").as_py() == len(key) - key.null_count


def _nullable(table: pa.Table) -> pa.Table:
    """`table` with every field nullable, as the general path's output is."""
    return pa.Table.from_arrays(
        table.columns, schema=pa.schema([f.with_nullable(True) for f in table.schema])
    )


def nested_loop_join(left: pa.Table, right: pa.Table, op: NestedLoopJoinExec, ctx: EvalContext) -> pa.Table:
    """Every left row against every right row, kept where `op.condition` holds.

    The left side is processed in slices so that one slice's candidate pairs stay near a
    million rows, bounding memory when the condition is selective.
    """
    nl, nr = left.num_rows, right.num_rows
    step = max(1, _CROSS_CHUNK_ROWS // max(nr, 1))
    lparts: list[np.ndarray] = []
    rparts: list[np.ndarray] = []
    for start in range(0, nl if nr else 0, step):
        stop = min(start + step, nl)
        li = np.repeat(np.arange(start, stop, dtype=np.int64), nr)
        ri = np.tile(np.arange(nr, dtype=np.int64), stop - start)
        if op.condition is not None:
            keep = _condition(op.condition, left, right, li, ri, ctx)
            li, ri = li[keep], ri[keep]
        lparts.append(li)
        rparts.append(ri)
    li_all = np.concatenate(lparts) if lparts else np.zeros(0, np.int64)
    ri_all = np.concatenate(rparts) if rparts else np.zeros(0, np.int64)
    return assemble(left, right, li_all, ri_all, op.how, op.left_out, op.right_out)


def assemble(
    left: pa.Table,
    right: pa.Table,
    li: np.ndarray,
    ri: np.ndarray,
    how: str,
    left_out: tuple[str, ...],
    right_out: tuple[str, ...],
) -> pa.Table:
    """The join output from matched pairs (`li[k]`, `ri[k]`) for join type `how`.

    Outer sides add their unmatched rows once with nulls on the other side, after the
    matches; semi/anti keep left rows with / without a match, in left order.
    """
    nl, nr = left.num_rows, right.num_rows
    if how in _SEMI + _ANTI:
        matched = np.zeros(nl, dtype=bool)
        matched[li] = True
        return _take(left, left_out, np.flatnonzero(matched if how in _SEMI else ~matched))
    if how not in (
        "inner",
        "cross",
        "left",
        "right",
        "full",
        "left_outer",
        "right_outer",
        "full_outer",
        "outer",
    ):
        raise ValueError(f"unknown join type {how!r}")
    if how in ("left", "left_outer", "full", "full_outer", "outer"):
        seen = np.zeros(nl, dtype=bool)
        seen[li] = True
        extra = np.flatnonzero(~seen)
        li = np.concatenate([li, extra])
        ri = np.concatenate([ri, np.full(len(extra), -1, np.int64)])
    if how in ("right", "right_outer", "full", "full_outer", "outer"):
        seen = np.zeros(nr, dtype=bool)
        seen[ri[ri >= 0]] = True
        extra = np.flatnonzero(~seen)
        li = np.concatenate([li, np.full(len(extra), -1, np.int64)])
        ri = np.concatenate([ri, extra])
    lpart = _take(left, left_out, li)
    rpart = _take(right, right_out, ri)
    cols = list(lpart.columns) + list(rpart.columns)
    return pa.Table.from_arrays(cols, schema=pa.schema(list(lpart.schema) + list(rpart.schema)))


def _take(table: pa.Table, keys: tuple[str, ...], rows: np.ndarray) -> pa.Table:
    """Rows `rows` of columns `keys`; a negative row index gives a row of nulls."""
    idx = (
        pa.array(rows, type=pa.int64(), mask=rows < 0)
        if (rows < 0).any()
        else pa.array(rows, type=pa.int64())
    )
    sub = table.select(list(keys))
    fields = [f.with_nullable(True) for f in sub.schema]
    return pa.Table.from_arrays(sub.take(idx).columns, schema=pa.schema(fields))


def _condition(
    cond: Expr, left: pa.Table, right: pa.Table, li: np.ndarray, ri: np.ndarray, ctx: EvalContext
) -> np.ndarray:
    """Whether `cond` is true (not null) on each candidate pair."""
    needed = {a.key for a in attributes(cond)}
    cols: dict[str, pa.Array] = {}
    for table, rows in ((left, li), (right, ri)):
        idx = pa.array(rows, type=pa.int64())
        for key in table.column_names:
            if key in needed and key not in cols:
                cols[key] = table.column(key).take(idx).combine_chunks()
    batch = (
        pa.RecordBatch.from_pydict(cols) if cols else pa.RecordBatch.from_pydict({"__n": pa.nulls(len(li))})
    )
    result = evaluate_array(cond, batch, ctx)
    return np.asarray(pc.fill_null(result, False).to_numpy(zero_copy_only=False), dtype=bool)


def _key_codes(
    left: pa.Table,
    right: pa.Table,
    left_keys: tuple[str, ...],
    right_keys: tuple[str, ...],
    null_safe: tuple[bool, ...],
) -> tuple[list[np.ndarray], list[np.ndarray], np.ndarray, np.ndarray]:
    """Int64 codes per key (equal values, both sides, share a code) and which rows can match.

    A null key gets code -1 when compared with ``<=>``; otherwise the row cannot match.
    """
    nl = left.num_rows
    lvalid = np.ones(nl, dtype=bool)
    rvalid = np.ones(right.num_rows, dtype=bool)
    lcodes: list[np.ndarray] = []
    rcodes: list[np.ndarray] = []
    for lk, rk, safe in zip(left_keys, right_keys, null_safe):
        lcol = left.column(lk).combine_chunks()
        rcol = right.column(rk).combine_chunks()
        if rcol.type != lcol.type:
            rcol = rcol.cast(lcol.type)
        if pa.types.is_integer(lcol.type) and not (safe and (lcol.null_count or rcol.null_count)):
            # integers are their own codes: no hashing pass over both sides (nulls never match here)
            lvalid &= _valid(lcol)
            rvalid &= _valid(rcol)
            lcodes.append(_int64(lcol))
            rcodes.append(_int64(rcol))
            continue
        both = pa.concat_arrays([lcol, rcol])
        if pa.types.is_floating(both.type):
            both = pc.add(both, pa.scalar(0.0, both.type))  # -0.0 -> 0.0
        enc = pc.dictionary_encode(both).indices
        nulls = np.asarray(enc.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        codes = np.asarray(pc.fill_null(enc, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
        if not safe:
            lvalid &= ~nulls[:nl]
            rvalid &= ~nulls[nl:]
        lcodes.append(codes[:nl])
        rcodes.append(codes[nl:])
    return lcodes, rcodes, lvalid, rvalid


def _valid(a: pa.Array) -> np.ndarray:
    if a.null_count == 0:
        return np.ones(len(a), dtype=bool)
    return np.asarray(a.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def _int64(a: pa.Array) -> np.ndarray:
    """An integer key column as int64 numpy values (0 at nulls, which the caller masks out)."""
    if a.null_count:
        a = pc.fill_null(a, 0)
    return np.asarray(a.to_numpy(zero_copy_only=False), dtype=np.int64)
