"""Splitting a map task's output into buckets keeps every row once, in its bucket, in input
order: few buckets (a filter per bucket) and many (a sort by bucket) agree. A string hashes
the same wherever it is: in a few-valued column or a many-valued one, in any string type, at
any offset, so a shuffle sends equal keys from different map tasks to one reduce task."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from engine.compute.hashing import hash_array, partition_ids, split_by_ids


@pytest.mark.parametrize("buckets", [2, 5, 7, 300])
def test_buckets_hold_their_rows_in_input_order(buckets: int) -> None:
    rows = 5_000
    table = pa.Table.from_batches(
        [pa.record_batch({"k": pa.array(range(i, i + 1000)), "s": pa.array([f"v{j}" for j in range(i, i + 1000)])})
         for i in range(0, rows, 1000)]
    )
    ids = partition_ids(table, ["k"], buckets)
    parts = split_by_ids(table, ids, buckets)
    assert len(parts) == buckets
    for b, part in enumerate(parts):
        expected = np.flatnonzero(ids == b)
        assert part.column("k").to_pylist() == expected.tolist()  # k is the row number
        assert part.column("s").to_pylist() == [f"v{j}" for j in expected]


VALUES = ["a", "bb", None, "a", "", "ccc", "bb\x00", "é"]


@pytest.mark.parametrize("dtype", [pa.string(), pa.large_string(), pa.string_view(), pa.binary()])
def test_a_string_hashes_the_same_in_a_few_valued_column_and_alone(dtype: pa.DataType) -> None:
    alone = hash_array(pa.array(VALUES, pa.string()))
    few_valued = hash_array(pa.array(VALUES * 1000, dtype))  # hashed through a dictionary
    assert (few_valued[: len(VALUES)] == alone).all() and (few_valued.reshape(1000, -1) == alone).all()
    assert alone[0] == alone[3] and alone[1] != alone[6] and len(set(alone.tolist())) == len(VALUES) - 1


def test_a_string_hashes_the_same_at_any_offset_of_a_many_valued_column() -> None:
    many = [f"key-{i}" for i in range(5000)]
    whole = hash_array(pa.array(many))
    assert (hash_array(pa.array(many).slice(1234, 10)) == whole[1234:1244]).all()
    assert (hash_array(pa.array(many[::-1]))[::-1] == whole).all()
    assert len(set(whole.tolist())) == 5000


def test_nulls_hash_alike_in_a_long_column_of_only_nulls() -> None:
    hashes = hash_array(pa.array([None] * 5000, pa.string()))
    assert len(set(hashes.tolist())) == 1 and hashes[0] == hash_array(pa.array([None], pa.string()))[0]
