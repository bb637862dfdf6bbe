"""The physical hash aggregate: raw rows -> partial states -> final values, per group.

When every aggregate's states are plain Acero aggregations (sum, count, avg, min, max,
first, last without DISTINCT or FILTER), one Acero group-by over the keys computes them
all. Otherwise rows are first mapped to dense group ids (in order of first appearance,
null keys a group of their own) with one Acero group-by; every aggregate then computes
arrays of one value per group id, so a group with no qualifying rows still gets count 0 /
null, as in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.aggregate_functions import AGGREGATES, SHARED_SUM_STEPS, AggFunction, Groups
from engine.compute.aggregate_sorted import segmented
from engine.compute.aggregate_support import AceroStep, normalized_float
from engine.compute.context import EvalContext
from engine.compute.map_sort import has_map_type, sorted_maps
from engine.errors import UnsupportedOperationException
from engine.expr.nodes import AggCall
from engine.memo import scoped


@dataclass(frozen=True)
class AggSpec:
    """One aggregate to compute: its call, the columns holding its arguments, its output."""

    call: AggCall
    arg_keys: tuple[str, ...]
    filter_key: str | None
    out_key: str


def implementation(call: AggCall) -> AggFunction:
    fn = AGGREGATES.get(call.name.lower())
    if fn is None:
        raise UnsupportedOperationException(
            f"[UNSUPPORTED_FUNCTION] The aggregate function `{call.name}` has no implementation yet.",
            "UNSUPPORTED_FUNCTION",
        )
    return fn


def supports_partial(call: AggCall) -> bool:
    """Whether `call` can run as partial + final (DISTINCT aggregates need all rows at once)."""
    return not call.distinct and call.name.lower() in AGGREGATES


def group_ids(table: pa.Table, keys: list[str]) -> tuple[np.ndarray, pa.Table]:
    """Each row's dense group id, and the key values of every group in id order."""
    if not keys:
        return np.zeros(table.num_rows, dtype=np.int64), pa.table({})
    nested = any(_nested(table.schema.field(k).type) for k in keys)
    hashable, by = flat_struct_keys(table, keys) if nested else (table.select(keys), keys)
    indexed = hashable.append_column("__row", pa.array(np.arange(table.num_rows, dtype=np.int64)))
    grouped = indexed.group_by(by, use_threads=False).aggregate([("__row", "list")])
    rows = grouped.column("__row_list").combine_chunks()
    gid = np.empty(table.num_rows, dtype=np.int64)
    gid[np.asarray(rows.flatten().to_numpy())] = np.asarray(pc.list_parent_indices(rows).to_numpy())
    if nested:  # each group's key values taken from its first row
        return gid, table.select(keys).take(pc.list_element(rows, 0))
    return gid, grouped.select(keys)


def _nested(t: pa.DataType) -> bool:
    return pa.types.is_struct(t) or pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_map(t)


def flat_struct_keys(table: pa.Table, keys: list[str]) -> tuple[pa.Table, list[str]]:
    """`keys` with struct columns spread into their leaf fields plus a validity column, and
    arrays as codes equal for equal arrays, which Acero can group on (it takes no struct or
    list keys): ``window`` structs, ``groupBy(struct(...))``, ``SELECT DISTINCT array(...)``."""
    from engine.compute.sort import shared_codes

    columns: dict[str, pa.Array] = {}

    def add(name: str, col: pa.Array) -> None:
        if pa.types.is_list(col.type) or pa.types.is_large_list(col.type) or pa.types.is_map(col.type):
            columns[name] = pa.array(shared_codes([col]))
        elif pa.types.is_struct(col.type):
            columns[f"{name}.__valid"] = col.is_valid()
            for i in range(col.type.num_fields):
                add(f"{name}.{i}", pc.struct_field(col, [i]))
        else:
            columns[name] = col

    for k in keys:
        add(f"__key.{k}", table.column(k).combine_chunks())
    return pa.table(columns), list(columns)


def aggregate(
    table: pa.Table, keys: list[str], specs: list[AggSpec], mode: str, ctx: EvalContext
) -> pa.Table:
    """Aggregate `table` by `keys` in `mode` "complete", "partial", "merge" or "final".

    "partial" turns rows into states, "merge" combines rows of states into states (a task
    that aggregated its input piece by piece), "final" turns states into values. With no
    keys, complete and final return exactly one row, even for an empty input.
    """
    if mode not in ("complete", "partial", "merge", "final"):
        raise ValueError(f"unknown aggregate mode {mode!r}")
    table = _normalized(table, keys, specs)
    coded = [k for k in keys if pa.types.is_dictionary(table.schema.field(k).type)]
    if coded:
        table = table.unify_dictionaries()  # Acero groups codes of one dictionary per column
    one_pass = _one_pass(table, keys, specs, mode, ctx)
    if one_pass is not None:
        return one_pass
    if coded:
        table = _decoded(table, coded)
    gid, key_table = group_ids(table, keys)
    n_groups = key_table.num_rows if keys else 1
    columns: dict[str, pa.Array] = {
        k: key_table.column(k).combine_chunks().cast(table.schema.field(k).type) for k in keys
    }
    for spec in specs:
        fn = implementation(spec.call)
        if mode in ("merge", "final"):
            states = [
                table.column(f"{spec.out_key}${i}").combine_chunks() for i in range(fn.n_states(spec.call))
            ]
            merged = fn.merge(states, Groups(gid, n_groups), spec.call)
            if mode == "merge":
                columns.update({f"{spec.out_key}${i}": s for i, s in enumerate(merged)})
            else:
                columns[spec.out_key] = _final(fn, merged, spec.call, ctx)
            continue
        groups, args = _inputs(table, gid, n_groups, spec)
        if spec.call.distinct:
            if mode == "partial":
                raise UnsupportedOperationException(
                    f"{spec.call.name}(DISTINCT ...) has no partial aggregate."
                )
            groups, args = _distinct(groups, args)
        states = fn.state(args, groups, spec.call)
        if mode == "partial":
            for i, s in enumerate(states):
                columns[f"{spec.out_key}${i}"] = s
        else:
            columns[spec.out_key] = _final(fn, states, spec.call, ctx)
    if not columns:
        return pa.table({"__empty": pa.nulls(n_groups)}).drop_columns(["__empty"])
    return pa.table(columns)


def _normalized(table: pa.Table, keys: list[str], specs: list[AggSpec]) -> pa.Table:
    """`table` with floating group keys and DISTINCT arguments normalized (-0.0 is 0.0, one NaN),
    and maps among them with their entries sorted by key (Spark groups maps that way)."""
    names = set(keys) | {k for s in specs if s.call.distinct for k in s.arg_keys}
    for name in names:
        i = table.schema.get_field_index(name)
        if i >= 0 and pa.types.is_floating(table.schema.field(i).type):
            table = table.set_column(i, table.schema.field(i), normalized_float(table.column(i)))
        elif i >= 0 and has_map_type(table.schema.field(i).type):
            table = table.set_column(i, table.schema.field(i), sorted_maps(table.column(i).combine_chunks()))
    return table


def _one_pass(
    table: pa.Table, keys: list[str], specs: list[AggSpec], mode: str, ctx: EvalContext
) -> pa.Table | None:
    """Every aggregate in a single Acero group-by, or None when one of them cannot be."""
    if not keys or any(_nested(table.schema.field(k).type) for k in keys):
        return None
    plans: list[tuple[AggSpec, AggFunction, list[AceroStep]]] = []
    read: dict[str, pa.ChunkedArray] = {}  # each column object once, so equal steps are one step
    with scoped(SHARED_SUM_STEPS):
        for spec in specs:
            planned = _acero_plan(table, spec, mode, read)
            if planned is None:
                return None
            plans.append(planned)
    columns: dict[str, pa.Array | pa.ChunkedArray] = {k: table.column(k) for k in keys}
    wanted: list[tuple[str, str, pc.FunctionOptions | None]] = []
    names: dict[int, str] = {}  # id of a step -> its column in `wanted`
    for _, _, steps in plans:
        for step in steps:
            if id(step) not in names:
                names[id(step)] = name = f"__step{len(wanted)}"
                columns[name] = step.values
                wanted.append((name, step.fn, step.options))
    source = pa.table(columns)
    grouped = segmented(source, keys[0], wanted) if len(keys) == 1 else None
    if grouped is None:
        grouped = source.group_by(keys, use_threads=False).aggregate(wanted)
    out: dict[str, pa.Array] = {
        k: grouped.column(k).combine_chunks().cast(_plain(table.schema.field(k).type)) for k in keys
    }
    results = {name: grouped.column(f"{name}_{fn}").combine_chunks() for name, fn, _ in wanted}
    for spec, fn, steps in plans:
        states = [
            step.finish(results[names[id(step)]]) if step.finish else results[names[id(step)]]
            for step in steps
        ]
        if mode in ("partial", "merge"):
            out.update({f"{spec.out_key}${i}": s for i, s in enumerate(states)})
        else:
            out[spec.out_key] = _final(fn, states, spec.call, ctx)
    return pa.table(out)


def _acero_plan(
    table: pa.Table, spec: AggSpec, mode: str, read: dict[str, pa.ChunkedArray]
) -> tuple[AggSpec, AggFunction, list[AceroStep]] | None:
    """`spec`'s states as Acero aggregations of `table`'s columns (from `read`), or None when one
    cannot be."""
    if spec.filter_key is not None:
        return None
    fn = implementation(spec.call)
    if spec.call.distinct:
        step = _count_distinct_step(table, spec, mode)
        return None if step is None else (spec, fn, [step])
    if not spec.arg_keys and mode in ("partial", "complete") and spec.call.name.lower() == "count":
        # count(*): every row, counted over a placeholder column that holds no buffers
        return spec, fn, [AceroStep(pa.nulls(table.num_rows), "count", pc.CountOptions(mode="all"))]
    if mode in ("merge", "final"):
        n = fn.n_states(spec.call)
        steps = fn.acero_merge(
            [table.column(f"{spec.out_key}${i}").combine_chunks() for i in range(n)], spec.call
        )
    else:
        steps = fn.acero_state([read.setdefault(k, table.column(k)) for k in spec.arg_keys], spec.call)
    return None if steps is None else (spec, fn, steps)


def _plain(t: pa.DataType) -> pa.DataType:
    """A group key's output type: the values of a dictionary-coded key (a scan's few-valued strings)."""
    return t.value_type if pa.types.is_dictionary(t) else t


def _decoded(table: pa.Table, keys: list[str]) -> pa.Table:
    for k in keys:
        i = table.schema.get_field_index(k)
        field = table.schema.field(i)
        table = table.set_column(
            i, field.with_type(field.type.value_type), table.column(i).cast(field.type.value_type)
        )
    return table


def _count_distinct_step(table: pa.Table, spec: AggSpec, mode: str) -> AceroStep | None:
    """``count(DISTINCT x)`` of one flat column as Acero's own distinct count (nulls not
    counted, as in SQL), or None for any other DISTINCT aggregate."""
    if mode != "complete" or spec.call.name.lower() != "count" or len(spec.arg_keys) != 1:
        return None
    values = table.column(spec.arg_keys[0])
    if _nested(values.type):
        return None
    return AceroStep(
        values, "count_distinct", pc.CountOptions(mode="only_valid"), lambda s: s.cast(pa.int64())
    )


def _final(fn: AggFunction, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
    out = fn.final(states, call, ctx)
    target = T.to_arrow(call.dtype)
    return out if out.type.equals(target) else out.cast(target)


def _inputs(table: pa.Table, gid: np.ndarray, n_groups: int, spec: AggSpec) -> tuple[Groups, list[pa.Array]]:
    """The argument columns of `spec`, restricted to rows passing its FILTER."""
    args = [table.column(k).combine_chunks() for k in spec.arg_keys]
    if spec.filter_key is None:
        return Groups(gid, n_groups), args
    keep = pc.fill_null(table.column(spec.filter_key).combine_chunks(), False)
    mask = np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)
    return Groups(gid[mask], n_groups), [a.filter(keep) for a in args]


def _distinct(groups: Groups, args: list[pa.Array]) -> tuple[Groups, list[pa.Array]]:
    """One row per distinct (group, arguments) combination; literal-free distinct rows.

    Acero groups no struct or array keys: those are grouped by codes equal for equal values
    (nulls apart), and each distinct combination keeps the values of its first row.
    """
    from engine.compute.sort import shared_codes

    names = [f"a{i}" for i in range(len(args))]
    if not any(_nested(a.type) for a in args):
        t = pa.table([pa.array(groups.gid), *args], names=["__gid", *names])
        d = t.group_by(["__gid", *names], use_threads=False).aggregate([])
        gid = np.asarray(d.column("__gid").to_numpy())
        return Groups(gid, groups.count), [d.column(n).combine_chunks() for n in names]
    keys = [pa.array(shared_codes([a]), mask=np.asarray(a.is_null())) if _nested(a.type) else a for a in args]
    rows = pa.array(np.arange(len(groups.gid), dtype=np.int64))
    t = pa.table([pa.array(groups.gid), *keys, rows], names=["__gid", *names, "__row"])
    d = t.group_by(["__gid", *names], use_threads=False).aggregate([("__row", "min")])
    first = d.column("__row_min").combine_chunks()
    gid = np.asarray(d.column("__gid").to_numpy())
    return Groups(gid, groups.count), [a.take(first) for a in args]
