"""Grouping by one integer key in order gives exactly Acero's sums, counts and integer extremes;
anything it cannot prove exact is left to Acero."""

from __future__ import annotations

import decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from engine.compute.aggregate_sorted import segmented

WANTED = [("i", "sum", None), ("f", "sum", None), ("d", "sum", None), ("i", "count", pc.CountOptions(mode="only_valid"))]


def _table(keys: list[int]) -> pa.Table:
    rng = np.random.default_rng(len(keys))
    n = len(keys)
    ints = [None if i % 7 == 0 else int(v) for i, v in enumerate(rng.integers(-1000, 1000, n))]
    floats = [None if i % 5 == 0 else float(v) for i, v in enumerate(rng.normal(size=n))]
    decs = [None if i % 3 == 0 else decimal.Decimal(int(v)).scaleb(-2) for i, v in enumerate(rng.integers(-10**9, 10**9, n))]
    return pa.table(
        {
            "k": pa.array(keys, pa.int64()),
            "i": pa.array(ints, pa.int64()),
            "f": pa.array(floats, pa.float64()),
            "d": pa.array(decs, pa.decimal128(38, 2)),
        }
    )


def _by_key(t: pa.Table) -> dict:
    return {row["k"]: row for row in t.to_pylist()}


def test_runs_of_sorted_keys_sum_and_count_as_acero_does() -> None:
    keys = sorted(int(k) for k in np.random.default_rng(3).integers(0, 300, 5000))
    keys[:40] = [keys[0]] * 40  # a long first run; a run of one key with every value null below
    table = _table(keys)
    got = segmented(table, "k", WANTED)
    want = table.group_by("k").aggregate(WANTED)
    assert got is not None and got.schema == want.schema
    mine, acero = _by_key(got), _by_key(want)
    assert mine.keys() == acero.keys()
    for k, row in acero.items():
        assert mine[k]["i_sum"] == row["i_sum"] and mine[k]["d_sum"] == row["d_sum"]
        assert mine[k]["i_count"] == row["i_count"]
        assert (mine[k]["f_sum"] is None) == (row["f_sum"] is None)
        if row["f_sum"] is not None:
            assert mine[k]["f_sum"] == pytest.approx(row["f_sum"])


def test_a_run_of_only_nulls_sums_to_null() -> None:
    table = pa.table({"k": pa.array([1, 1, 2], pa.int64()), "i": pa.array([None, None, 4], pa.int64())})
    got = segmented(table, "k", [("i", "sum", None)])
    assert got is not None and got.column("i_sum").to_pylist() == [None, 4]


def test_unsorted_keys_null_keys_and_other_aggregates_are_left_to_acero() -> None:
    assert segmented(_table([3, 1, 2]), "k", WANTED) is None
    with_null = pa.table({"k": pa.array([1, None], pa.int64()), "i": pa.array([1, 2], pa.int64())})
    assert segmented(with_null, "k", [("i", "sum", None)]) is None
    assert segmented(_table([1, 1, 2]), "k", [("f", "min", None)]) is None
    assert segmented(_table([1, 1, 2]), "k", [("i", "count", pc.CountOptions(mode="only_null"))]) is None


def test_sums_that_could_overflow_64_bits_are_left_to_acero() -> None:
    big = pa.table({"k": pa.array([1, 1], pa.int64()), "i": pa.array([2**62, 2**62], pa.int64())})
    assert segmented(big, "k", [("i", "sum", None)]) is None


def test_runs_of_sorted_keys_take_integer_extremes_as_acero_does() -> None:
    keys = sorted(int(k) for k in np.random.default_rng(5).integers(0, 200, 3000))
    table = _table(keys).append_column("small", pa.array([k % 11 - 5 for k in keys], pa.int32()))
    table = table.append_column("gone", pa.array([None if k % 4 else 1 for k in keys], pa.int64()))
    wanted = [(c, fn, None) for c in ("i", "small", "gone") for fn in ("min", "max")]
    got = segmented(table, "k", wanted)
    want = table.group_by("k").aggregate(wanted)
    assert got is not None and got.schema == want.schema
    assert sorted(got.to_pylist(), key=lambda r: r["k"]) == sorted(want.to_pylist(), key=lambda r: r["k"])


def test_extremes_of_other_types_are_left_to_acero() -> None:
    table = pa.table({"k": pa.array([1, 1, 2], pa.int64()), "s": ["b", "a", "c"]})
    assert segmented(table, "k", [("s", "min", None)]) is None


def test_counting_all_rows_counts_each_run_nulls_included() -> None:
    table = pa.table({"k": pa.array([1, 1, 1, 4, 7, 7], pa.int64()), "n": pa.nulls(6)})
    got = segmented(table, "k", [("n", "count", pc.CountOptions(mode="all"))])
    assert got is not None and got.column("n_count").to_pylist() == [3, 1, 2]
