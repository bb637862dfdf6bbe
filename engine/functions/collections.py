"""Array, map and struct functions of ``F``, generators and higher-order functions."""

from __future__ import annotations

import inspect
import itertools
import random
from collections.abc import Callable
from typing import Any

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n
from engine.functions._build import call, call_mixed

__all__ = [
    "array", "array_contains", "size", "cardinality", "element_at", "try_element_at", "get",
    "array_position", "array_remove", "array_distinct", "array_union", "array_intersect",
    "array_except", "arrays_overlap", "array_join", "array_max", "array_min", "array_sort",
    "sort_array", "slice", "flatten", "sequence", "arrays_zip", "array_repeat", "array_append",
    "array_prepend", "array_insert", "array_compact", "struct", "named_struct", "create_map",
    "map_keys", "map_values", "map_entries", "map_from_arrays", "map_from_entries", "map_concat",
    "map_contains_key", "explode", "explode_outer", "stack", "posexplode", "posexplode_outer", "inline",
    "inline_outer", "transform", "filter", "exists", "forall", "aggregate", "reduce", "zip_with",
    "transform_keys", "transform_values", "map_filter", "map_zip_with", "shuffle",
]  # fmt: skip


def _cols(cols: tuple[Any, ...]) -> tuple[Any, ...]:
    """PySpark accepts ``f(a, b)`` and ``f([a, b])``."""
    if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
        return tuple(cols[0])
    return cols


def array(*cols: ColumnOrName) -> Column:
    """An array of the columns' values, coerced to their common type."""
    return call("array", *_cols(cols))


def array_contains(col: ColumnOrName, value: Any) -> Column:
    return call_mixed("array_contains", (col,), value)


def size(col: ColumnOrName) -> Column:
    return call("size", col)


def cardinality(col: ColumnOrName) -> Column:
    return call("cardinality", col)


def element_at(col: ColumnOrName, extraction: Any) -> Column:
    """Element at 1-based `extraction` (negative from the end) of an array, or a map's value."""
    return call_mixed("element_at", (col,), extraction)


def try_element_at(col: ColumnOrName, extraction: ColumnOrName) -> Column:
    return call("try_element_at", col, extraction)


def get(col: ColumnOrName, index: ColumnOrName | int) -> Column:
    """Element at 0-based `index`; null when out of range."""
    return call_mixed("get", (col,), index) if isinstance(index, int) else call("get", col, index)


def array_position(col: ColumnOrName, value: Any) -> Column:
    return call_mixed("array_position", (col,), value)


def array_remove(col: ColumnOrName, element: Any) -> Column:
    return call_mixed("array_remove", (col,), element)


def array_distinct(col: ColumnOrName) -> Column:
    return call("array_distinct", col)


def array_union(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    return call("array_union", col1, col2)


def array_intersect(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    return call("array_intersect", col1, col2)


def array_except(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    return call("array_except", col1, col2)


def arrays_overlap(a1: ColumnOrName, a2: ColumnOrName) -> Column:
    return call("arrays_overlap", a1, a2)


def array_join(col: ColumnOrName, delimiter: str, null_replacement: str | None = None) -> Column:
    if null_replacement is None:
        return call_mixed("array_join", (col,), delimiter)
    return call_mixed("array_join", (col,), delimiter, null_replacement)


def array_max(col: ColumnOrName) -> Column:
    return call("array_max", col)


def array_min(col: ColumnOrName) -> Column:
    return call("array_min", col)


def array_sort(col: ColumnOrName, comparator: Callable[[Column, Column], Column] | None = None) -> Column:
    """Ascending, nulls last."""
    if comparator is None:
        return call("array_sort", col)
    return _hof("array_sort", (col,), comparator)


def sort_array(col: ColumnOrName, asc: bool = True) -> Column:
    """Ascending with nulls first, or descending with nulls last."""
    return call_mixed("sort_array", (col,), asc)


def slice(x: ColumnOrName, start: ColumnOrName | int, length: ColumnOrName | int) -> Column:  # noqa: A001
    s = to_expr(start) if isinstance(start, str) else to_expr_or_lit(start)
    ln = to_expr(length) if isinstance(length, str) else to_expr_or_lit(length)
    return Column(n.UnresolvedFunction("slice", (to_expr(x), s, ln)))


def flatten(col: ColumnOrName) -> Column:
    return call("flatten", col)


def sequence(start: ColumnOrName, stop: ColumnOrName, step: ColumnOrName | None = None) -> Column:
    return call("sequence", start, stop) if step is None else call("sequence", start, stop, step)


def arrays_zip(*cols: ColumnOrName) -> Column:
    return call("arrays_zip", *_cols(cols))


def array_repeat(col: ColumnOrName, count: ColumnOrName | int) -> Column:
    return call_mixed("array_repeat", (col,), count) if isinstance(count, int) else call("array_repeat", col, count)


def array_append(col: ColumnOrName, value: Any) -> Column:
    return call_mixed("array_append", (col,), value)


def array_prepend(col: ColumnOrName, value: Any) -> Column:
    return call_mixed("array_prepend", (col,), value)


def array_insert(arr: ColumnOrName, pos: ColumnOrName | int, value: Any) -> Column:
    p = to_expr(pos) if isinstance(pos, str) else to_expr_or_lit(pos)
    return Column(n.UnresolvedFunction("array_insert", (to_expr(arr), p, to_expr_or_lit(value))))


def array_compact(col: ColumnOrName) -> Column:
    return call("array_compact", col)


def struct(*cols: ColumnOrName) -> Column:
    """A struct whose fields are named after the columns (or their aliases)."""
    return call("struct", *_cols(cols))


def named_struct(*cols: ColumnOrName) -> Column:
    return call("named_struct", *cols)


def create_map(*cols: ColumnOrName) -> Column:
    """A map from alternating key and value columns."""
    return call("map", *_cols(cols))


def map_keys(col: ColumnOrName) -> Column:
    return call("map_keys", col)


def map_values(col: ColumnOrName) -> Column:
    return call("map_values", col)


def map_entries(col: ColumnOrName) -> Column:
    return call("map_entries", col)


def map_from_arrays(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    return call("map_from_arrays", col1, col2)


def map_from_entries(col: ColumnOrName) -> Column:
    return call("map_from_entries", col)


def map_concat(*cols: ColumnOrName) -> Column:
    return call("map_concat", *_cols(cols))


def map_contains_key(col: ColumnOrName, value: Any) -> Column:
    return call_mixed("map_contains_key", (col,), value)


def explode(col: ColumnOrName) -> Column:
    """One row per element (per key/value of a map); no row for a null or empty input."""
    return call("explode", col)


def stack(*cols: ColumnOrName) -> Column:
    """A generator: ``stack(n, v1, v2, ...)`` lays the values out in `n` rows (``col0, col1, ...``)."""
    return call("stack", *cols)


def explode_outer(col: ColumnOrName) -> Column:
    return call("explode_outer", col)


def posexplode(col: ColumnOrName) -> Column:
    return call("posexplode", col)


def posexplode_outer(col: ColumnOrName) -> Column:
    return call("posexplode_outer", col)


def inline(col: ColumnOrName) -> Column:
    return call("inline", col)


def inline_outer(col: ColumnOrName) -> Column:
    return call("inline_outer", col)


# ------------------------------------------------------------------ higher-order functions

_PARAM_NAMES = ("x", "y", "z")
_fresh = itertools.count()


def _lambda(f: Callable[..., Column]) -> n.Lambda:
    """A Python function of Columns as a lambda node (parameters named x, y, z as in PySpark)."""
    arity = len(inspect.signature(f).parameters)
    params = tuple(n.UnresolvedColumn(f"{_PARAM_NAMES[i]}_{next(_fresh)}") for i in range(arity))
    from engine.api.column import Column as Col

    body = f(*(Col(p) for p in params))
    return n.Lambda(params, to_expr(body))


def _hof(name: str, cols: tuple[ColumnOrName, ...], *fns: Callable[..., Column], extra: tuple[Any, ...] = ()) -> Column:
    args = (*(to_expr(c) for c in cols), *(to_expr_or_lit(e) for e in extra), *(_lambda(f) for f in fns))
    return Column(n.UnresolvedFunction(name, args))


def transform(col: ColumnOrName, f: Callable[..., Column]) -> Column:
    """Each element mapped by ``f(x)`` or ``f(x, i)`` (i the 0-based index)."""
    return _hof("transform", (col,), f)


def filter(col: ColumnOrName, f: Callable[..., Column]) -> Column:  # noqa: A001
    return _hof("filter", (col,), f)


def exists(col: ColumnOrName, f: Callable[[Column], Column]) -> Column:
    return _hof("exists", (col,), f)


def forall(col: ColumnOrName, f: Callable[[Column], Column]) -> Column:
    return _hof("forall", (col,), f)


def aggregate(col: ColumnOrName, initialValue: ColumnOrName, merge: Callable[[Column, Column], Column],  # noqa: N803
              finish: Callable[[Column], Column] | None = None) -> Column:  # fmt: skip
    """A fold: ``merge(acc, x)`` over the elements from `initialValue`, then ``finish(acc)``."""
    fns = (merge,) if finish is None else (merge, finish)
    return _hof("aggregate", (col, initialValue), *fns)


def reduce(col: ColumnOrName, initialValue: ColumnOrName, merge: Callable[[Column, Column], Column],  # noqa: N803
           finish: Callable[[Column], Column] | None = None) -> Column:  # fmt: skip
    fns = (merge,) if finish is None else (merge, finish)
    return _hof("reduce", (col, initialValue), *fns)


def zip_with(left: ColumnOrName, right: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    return _hof("zip_with", (left, right), f)


def transform_keys(col: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    return _hof("transform_keys", (col,), f)


def transform_values(col: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    return _hof("transform_values", (col,), f)


def map_filter(col: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    return _hof("map_filter", (col,), f)


def map_zip_with(
    col1: ColumnOrName, col2: ColumnOrName, f: Callable[[Column, Column, Column], Column]
) -> Column:
    """Both maps merged by key: ``f(key, value1, value2)``, a value null where its map lacks the key."""
    return _hof("map_zip_with", (col1, col2), f)


def shuffle(col: ColumnOrName, seed: Column | int | None = None) -> Column:
    """The array in a random order; a seed makes the order reproducible (though not Spark's)."""
    return call_mixed("shuffle", (col,), random.randint(-(2**63), 2**63 - 1) if seed is None else seed)
