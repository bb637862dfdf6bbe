"""Joins on one integer or date key by direct addressing give exactly the hash join's rows."""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from engine.compute.context import EvalContext
from engine.compute.join import hash_join
from engine.compute.join_direct import distinct_keys, key_set, key_table
from engine.physical.nodes import HashJoinExec, MemoryExec

SRC = MemoryExec(())
HOWS = ("inner", "left", "right", "full", "left_semi", "left_anti")


def _join(left: pa.Table, right: pa.Table, how: str) -> list[tuple[Any, ...]]:
    semi = how in ("left_semi", "left_anti")
    op = HashJoinExec(
        SRC, SRC, how, ("k#1",), ("k#3",), (False,), None, ("k#1", "a#2"), () if semi else ("k#3", "b#4")
    )
    out = hash_join(left, right, op, EvalContext())
    return sorted((tuple(r.values()) for r in out.to_pylist()), key=repr)


def _expected(left: pa.Table, right: pa.Table, how: str) -> list[tuple[Any, ...]]:
    """The join row by row, as Spark defines it: null keys never match."""
    ls, rs = left.to_pylist(), right.to_pylist()

    def match(lrow: dict[str, Any], rrow: dict[str, Any]) -> bool:
        return lrow["k#1"] is not None and lrow["k#1"] == rrow["k#3"]

    out = []
    if how in ("left_semi", "left_anti"):
        for lrow in ls:
            if any(match(lrow, r) for r in rs) == (how == "left_semi"):
                out.append((lrow["k#1"], lrow["a#2"]))
        return sorted(out, key=repr)
    for lrow in ls:
        hits = [r for r in rs if match(lrow, r)]
        out += [(lrow["k#1"], lrow["a#2"], r["k#3"], r["b#4"]) for r in hits]
        if not hits and how in ("left", "full"):
            out.append((lrow["k#1"], lrow["a#2"], None, None))
    if how in ("right", "full"):
        for rrow in rs:
            if not any(match(lrow, rrow) for lrow in ls):
                out.append((None, None, rrow["k#3"], rrow["b#4"]))
    return sorted(out, key=repr)


def _side(keys: list[Any], key: str, value: str, type_: pa.DataType, chunks: int = 2) -> pa.Table:
    cut = len(keys) // chunks
    pieces = [keys[:cut], keys[cut:]] if chunks == 2 else [keys]
    column = pa.chunked_array([pa.array(p, type_) for p in pieces], type_)
    return pa.table({key: column, value: pa.array(range(len(keys)), pa.int64())})


@pytest.mark.parametrize("how", HOWS)
def test_unique_dense_keys_on_either_side_join_as_the_hash_join_does(how: str) -> None:
    rng = np.random.default_rng(7)
    dim = [int(k) for k in rng.permutation(200)[:120]] + [None]  # unique, with a null key
    fact = [None if i % 17 == 0 else int(k) for i, k in enumerate(rng.integers(-5, 210, 400))]
    for left, right in (
        (_side(fact, "k#1", "a#2", pa.int64()), _side(dim, "k#3", "b#4", pa.int64())),
        (_side(dim, "k#1", "a#2", pa.int64()), _side(fact, "k#3", "b#4", pa.int64())),
    ):
        assert _join(left, right, how) == _expected(left, right, how)


@pytest.mark.parametrize("how", HOWS)
def test_repeated_keys_on_both_sides_still_join_every_pair(how: str) -> None:
    left = _side([1, 2, 2, 3, None, 5], "k#1", "a#2", pa.int32())
    right = _side([2, 2, 3, 3, 9, None], "k#3", "b#4", pa.int32())
    assert _join(left, right, how) == _expected(left, right, how)


@pytest.mark.parametrize("how", HOWS)
def test_date_keys_join_by_their_day_numbers(how: str) -> None:
    day = datetime.date(2024, 1, 1)
    days = [day + datetime.timedelta(d) for d in (0, 3, 7)]
    left = _side([days[0], days[1], None, days[1]], "k#1", "a#2", pa.date32())
    right = _side([days[1], days[2], days[0]], "k#3", "b#4", pa.date32(), chunks=1)
    assert _join(left, right, how) == _expected(left, right, how)


@pytest.mark.parametrize("how", HOWS)
def test_keys_too_sparse_to_address_join_by_hash_with_the_same_rows(how: str) -> None:
    left = _side([1, 10**12, None, -(10**15), 2**40], "k#1", "a#2", pa.int64())
    right = _side([10**12, 7, -(10**15), 2**41], "k#3", "b#4", pa.int64())
    assert key_table(right.column("k#3"), left.num_rows) is None
    assert _join(left, right, how) == _expected(left, right, how)


def test_a_key_table_knows_whether_its_keys_repeat_and_ignores_nulls() -> None:
    table = key_table(pa.chunked_array([pa.array([3, None, 1]), pa.array([7])]), probe_rows=4)
    assert table is not None and table.unique
    assert table.rows(pa.chunked_array([pa.array([7, None, 2, 1, 99, -5])])).tolist() == [3, -1, -1, 2, -1, -1]
    repeated = key_table(pa.array([4, 4]), probe_rows=1)
    assert repeated is not None and not repeated.unique


def test_probe_keys_anywhere_in_int64_outside_the_table_find_nothing() -> None:
    # offsets from the table's lowest key wrap around int64 for keys far below or above it
    lo, hi = -(2**63), 2**63 - 1
    for build in ([2**62, 2**62 + 3], [-(2**62), -(2**62) + 3], [lo, lo + 2], [hi - 2, hi]):
        table = key_table(pa.array(build, pa.int64()), probe_rows=8)
        keys = key_set(pa.array(build, pa.int64()), probe_rows=8)
        assert table is not None and keys is not None
        outside = [k for k in (lo, lo + 1, -1, 0, 1, hi - 1, hi, build[0] - 1, build[0] + 1, build[-1] + 1)
                   if lo <= k <= hi and k not in build]
        probe = pa.array([*outside, *build], pa.int64())
        assert table.rows(probe).tolist() == [-1] * len(outside) + [0, 1]
        assert keys.contains(probe).tolist() == [False] * len(outside) + [True, True]


@pytest.mark.parametrize("how", ("left_semi", "left_anti"))
def test_semi_and_anti_joins_address_ranges_too_wide_for_a_row_table(how: str) -> None:
    # 3 build keys over a range of 200k: too wide for a table of rows for 10 probes, not for a set
    build = [5, 100_000, 200_004, None]
    left = _side([5, 6, None, 200_004, -1, 300_000, 100_000, 5], "k#1", "a#2", pa.int64())
    right = _side(build, "k#3", "b#4", pa.int64())
    assert key_table(right.column("k#3"), left.num_rows) is None
    keys = key_set(right.column("k#3"), left.num_rows)
    assert keys is not None
    assert keys.contains(left.column("k#1")).tolist() == [True, False, False, True, False, False, True, True]
    assert _join(left, right, how) == _expected(left, right, how)


def test_a_key_set_of_only_nulls_holds_nothing() -> None:
    keys = key_set(pa.array([None, None], pa.int64()), probe_rows=3)
    assert keys is not None and keys.contains(pa.array([0, None, 1])).tolist() == [False, False, False]


@pytest.mark.parametrize("how", HOWS)
def test_joins_on_several_integer_keys_fold_them_into_one(how: str) -> None:
    rng = np.random.default_rng(11)
    pairs = sorted({(int(a), int(b)) for a, b in zip(rng.integers(0, 40, 300), rng.integers(-3, 5, 300))})
    dim = pa.table(
        {
            "k#3": pa.array([a for a, _ in pairs] + [None, 7], pa.int64()),
            "j#5": pa.array([b for _, b in pairs] + [1, None], pa.int32()),
            "b#4": pa.array(range(len(pairs) + 2), pa.int64()),
        }
    )
    fact = pa.table(
        {
            "k#1": pa.array([None if i % 13 == 0 else int(k) for i, k in enumerate(rng.integers(-2, 45, 500))], pa.int64()),
            "j#6": pa.array([int(k) for k in rng.integers(-4, 6, 500)], pa.int32()),
            "a#2": pa.array(range(500), pa.int64()),
        }
    )
    semi = how in ("left_semi", "left_anti")
    op = HashJoinExec(
        SRC, SRC, how, ("k#1", "j#6"), ("k#3", "j#5"), (False, False), None,
        ("k#1", "a#2"), () if semi else ("k#3", "b#4"),
    )
    got = sorted((tuple(r.values()) for r in hash_join(fact, dim, op, EvalContext()).to_pylist()), key=repr)
    def floated(t: pa.Table) -> pa.Table:  # float keys take the general (pairs) path
        return t.set_column(0, t.field(0).name, t.column(0).cast(pa.float64())).set_column(
            1, t.field(1).name, t.column(1).cast(pa.float64())
        )

    expected = hash_join(floated(fact), floated(dim), op, EvalContext())
    assert len(got) == expected.num_rows
    want = sorted(
        (tuple(int(v) if isinstance(v, float) else v for v in r.values()) for r in expected.to_pylist()), key=repr
    )
    assert got == want


@pytest.mark.parametrize("dtype", [pa.int32(), pa.int64(), pa.int8()])
def test_distinct_keys_are_each_non_null_value_once_in_ascending_order(dtype: pa.DataType) -> None:
    table = pa.table({"k": pa.array([5, 3, None, 5, -2, 3, 3], dtype), "v": list(range(7))})
    out = distinct_keys(table, "k")
    assert out.column_names == ["k"] and out.schema.field("k").type == dtype
    assert out.column("k").to_pylist() == [-2, 3, 5]


def test_distinct_keys_of_a_range_too_wide_to_address_are_the_column_as_it_is() -> None:
    keys = [0, 10**12, 0, None]
    out = distinct_keys(pa.table({"k": pa.array(keys, pa.int64()), "v": [1, 2, 3, 4]}), "k")
    assert out.column_names == ["k"] and out.column("k").to_pylist() == keys


def test_distinct_keys_of_no_rows_or_only_nulls_are_none() -> None:
    assert distinct_keys(pa.table({"k": pa.array([], pa.int64())}), "k").num_rows == 0
    assert distinct_keys(pa.table({"k": pa.array([None, None], pa.int64())}), "k").num_rows == 0
