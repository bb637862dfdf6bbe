"""Splitting a map task's output into buckets keeps every row once, in its bucket, in input
order: few buckets (a filter per bucket) and many (a sort by bucket) agree."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from engine.compute.hashing import partition_ids, split_by_ids


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
