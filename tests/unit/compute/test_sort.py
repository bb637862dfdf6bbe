"""Spark ordering: directions, null placement, NaN, bytes order, stability, top-k, range buckets."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.compute.sort import range_bounds, range_partition_ids, sample_sort_keys, sort_table
from engine.expr import nodes as n

CTX = EvalContext()
NAN = float("nan")


def attr(name: str, dtype: T.DataType, i: int) -> n.Attribute:
    return n.Attribute(name, dtype, True, i)


X = attr("x", T.DoubleType(), 1)
S = attr("s", T.StringType(), 2)
TABLE = pa.table(
    {
        "x#1": [3.0, None, NAN, -1.0, 3.0, None],
        "s#2": ["b", "a", "c", "é", "a", "z"],
        "i#3": [0, 1, 2, 3, 4, 5],
    }
)


def order_of(t: pa.Table) -> list[int]:
    return t.column("i#3").to_pylist()


def test_ascending_nulls_first_nan_last() -> None:
    assert order_of(sort_table(TABLE, (n.SortOrder(X),), CTX)) == [1, 5, 3, 0, 4, 2]


def test_descending_nulls_last_and_explicit_placement() -> None:
    assert order_of(sort_table(TABLE, (n.SortOrder(X, False),), CTX)) == [2, 0, 4, 3, 1, 5]
    assert order_of(sort_table(TABLE, (n.SortOrder(X, False, True),), CTX)) == [1, 5, 2, 0, 4, 3]
    assert order_of(sort_table(TABLE, (n.SortOrder(X, True, False),), CTX)) == [3, 0, 4, 2, 1, 5]


def test_multi_key_and_utf8_bytes() -> None:
    out = sort_table(TABLE, (n.SortOrder(X, False), n.SortOrder(S)), CTX)
    assert order_of(out) == [2, 4, 0, 3, 1, 5]
    assert sort_table(TABLE, (n.SortOrder(S),), CTX).column("s#2").to_pylist() == [
        "a",
        "a",
        "b",
        "c",
        "z",
        "é",
    ]


def test_top_k_is_stable() -> None:
    out = sort_table(TABLE, (n.SortOrder(S),), CTX, limit=1)
    assert order_of(out) == [1]
    assert sort_table(TABLE, (n.SortOrder(X),), CTX, limit=0).num_rows == 0


def test_sample_bounds_and_buckets_agree_with_sort() -> None:
    rng = np.random.default_rng(0)
    vals = rng.integers(0, 50, 200).astype(float)
    vals[::17] = math.nan
    arr = pa.array(vals, mask=np.arange(200) % 23 == 0)
    table = pa.table({"x#1": arr})
    for order in ((n.SortOrder(X),), (n.SortOrder(X, False),), (n.SortOrder(X, True, False),)):
        samples = sample_sort_keys(table, order, 50, CTX)
        assert samples.num_rows == 50 and samples.column_names == ["k0"]
        bounds = range_bounds(samples, order, 4, CTX)
        assert 1 <= bounds.num_rows <= 3
        ids = range_partition_ids(table, order, bounds, CTX)
        assert ids.min() >= 0 and ids.max() <= bounds.num_rows
        # Concatenating buckets in order must give the sorted table.
        perm = np.argsort(ids, kind="stable")
        by_bucket = sort_table(
            table.take(pa.array(perm)).append_column("b#0", pa.array(ids[perm])),
            (n.SortOrder(attr("b", T.LongType(), 0)), *order),
            CTX,
        )
        expect = sort_table(table, order, CTX).column("x#1").to_pylist()
        got = by_bucket.column("x#1").to_pylist()
        assert [repr(v) for v in got] == [repr(v) for v in expect]


def test_no_bounds_means_one_bucket() -> None:
    order = (n.SortOrder(X),)
    bounds = range_bounds(sample_sort_keys(TABLE.slice(0, 0), order, 10, CTX), order, 4, CTX)
    assert bounds.num_rows == 0
    assert range_partition_ids(TABLE, order, bounds, CTX).tolist() == [0] * 6
