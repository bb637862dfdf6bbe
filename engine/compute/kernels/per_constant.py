"""Running a kernel written for constant arguments over columns of them, one group of rows per
distinct value.

Several of Spark's functions take a pattern, a format, a delimiter or a limit that is almost
always a literal, yet Spark allows a column there (``regexp_replace(s, p, r)`` with `r` a
column). The kernels compile such an argument once (a regex, a format plan); for a column, the
rows are grouped by the distinct values of those arguments and the kernel runs once per group,
so the work stays vectorized within each group.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.kernels import Value
from engine.compute.kernels._util import broadcast


def constant_at(args: Sequence[Value], positions: Sequence[int]) -> bool:
    """Whether every argument at `positions` (those present) is a scalar."""
    return all(isinstance(args[i], pa.Scalar) for i in positions if i < len(args))


def per_distinct(args: Sequence[Value], positions: Sequence[int], run: Callable[[list[Value]], Value]) -> pa.Array:
    """``run(args)`` with the arguments at `positions` as scalars: once per distinct combination
    of their values (nulls included), over the rows holding it; the results back in row order.

    `run` gets the other arguments as arrays of the group's rows and must return an array of
    that many rows.
    """
    arrays, _ = broadcast(args)
    present = [i for i in positions if i < len(arrays)]
    codes = np.zeros(len(arrays[0]), np.int64)
    for i in present:
        encoded = pc.dictionary_encode(arrays[i])
        index = np.asarray(pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), np.int64)
        codes = codes * (len(encoded.dictionary) + 1) + index + 1
    _, group = np.unique(codes, return_inverse=True)
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    pieces = []
    for rows in np.split(order, bounds) if len(order) else []:
        taken = pa.array(rows)
        sub = [a[int(rows[0])] if i in present else a.take(taken) for i, a in enumerate(arrays)]
        out = run(sub)
        pieces.append(pa.repeat(out, len(rows)) if isinstance(out, pa.Scalar) else out)
    if not pieces:
        out = run([a[:0] if i not in present else pa.scalar(None, a.type) for i, a in enumerate(arrays)])
        return out if not isinstance(out, pa.Scalar) else pa.repeat(out, 0)
    arrays = [p.combine_chunks() if isinstance(p, pa.ChunkedArray) else p for p in pieces]
    if len({a.type for a in arrays}) > 1:  # groups may differ in a nested field's nullability
        arrays = [a.cast(_widest(arrays)) for a in arrays]
    merged = pa.concat_arrays(arrays)
    return merged.take(pa.array(np.argsort(order, kind="stable")))


def _widest(arrays: list[pa.Array]) -> pa.DataType:
    """The type every group's result casts to: the first whose nested fields all allow nulls
    (a null group's result declares them nullable), else the first."""
    def nullable(t: pa.DataType) -> bool:
        if pa.types.is_list(t) or pa.types.is_large_list(t):
            return t.value_field.nullable and nullable(t.value_type)
        if pa.types.is_map(t):
            return t.item_field.nullable and nullable(t.item_type)
        if pa.types.is_struct(t):
            return all(f.nullable and nullable(f.type) for f in t)
        return True

    return next((a.type for a in arrays if nullable(a.type)), arrays[0].type)


Kernel = Callable[[list[Value], Any, Any], Value]


def constant_args(*positions: int, null_gives_null: bool = False) -> Callable[[Kernel], Kernel]:
    """A kernel written for constants at `positions`, run per distinct value when they are columns;
    `null_gives_null`: a null there makes the result null (a NULL format or pattern)."""

    def wrap(fn: Kernel) -> Kernel:
        @functools.wraps(fn)
        def run(args: list[Value], call: Any, ctx: Any) -> Value:
            if constant_at(args, positions):
                if null_gives_null and any(i < len(args) and not args[i].is_valid for i in positions):
                    return _nulls(args, call)
                return fn(args, call, ctx)
            return per_distinct(args, positions, lambda a: run(a, call, ctx))

        return run

    return wrap


def _nulls(args: Sequence[Value], call: Any) -> Value:
    """A null result of `call`'s type, one per row (a scalar when every argument is one)."""
    from engine.types.arrow import to_arrow

    typ = to_arrow(call.dtype)
    rows = [len(a) for a in args if not isinstance(a, pa.Scalar)]
    return pa.nulls(rows[0], typ) if rows else pa.scalar(None, typ)
