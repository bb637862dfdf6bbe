"""A scan under row-wise operators is read a few row groups at a time when a partial
aggregate or a shuffle map consumes it: same answers as reading the split whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import engine
from engine import functions as F
from engine.io import source
from engine.runtime import stream

ROWS = 40_000


@pytest.fixture()
def lineitems(tmp_path: Path) -> str:
    """One Parquet file of 40 row groups, keys spread over every row group."""
    ids = pa.array(range(ROWS), pa.int64())
    table = pa.table(
        {
            "id": ids,
            "k": pa.compute.remainder(ids, 97),
            "v": pa.compute.multiply(pa.compute.remainder(ids, 13), 3),
            "tag": pa.array(["x", "y", None, "z"] * (ROWS // 4)),
        }
    )
    path = tmp_path / "items.parquet"
    pq.write_table(table, path, row_group_size=1_000)
    return str(path)


@pytest.fixture()
def pieces_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Pieces of ~3,000 rows (3 row groups), and the row count of every piece read."""
    monkeypatch.setattr(stream, "PIECE_ROWS", 3_000)
    monkeypatch.setattr(stream, "_FOLD_ROWS", 200)  # fold partial states as they pile up
    seen: list[int] = []
    real = source.read_split

    def counting(*args: Any, **kwargs: Any) -> pa.Table:
        out = real(*args, **kwargs)
        seen.append(out.num_rows)
        return out

    monkeypatch.setattr(source, "read_split", counting)
    return seen


def _expected_groups(path: str) -> list[tuple]:
    t = pq.read_table(path).filter(pa.compute.field("v") > 3)
    g = t.group_by("k").aggregate([("v", "sum"), ("v", "count"), ("v", "min"), ("v", "max"), ("tag", "count")])
    return sorted(zip(*(g.column(c).to_pylist() for c in ["k", "v_sum", "v_count", "v_min", "v_max", "tag_count"])))


def test_a_partial_aggregate_over_a_streamed_scan_gives_the_whole_split_answer(
    local_spark: engine.SparkSession, lineitems: str, pieces_read: list[int]
) -> None:
    df = (
        local_spark.read.parquet(lineitems)
        .where(F.col("v") > 3)
        .groupBy("k")
        .agg(F.sum("v"), F.count("v"), F.min("v"), F.max("v"), F.count("tag"))
    )
    assert sorted(tuple(r) for r in df.collect()) == _expected_groups(lineitems)
    assert len(pieces_read) > 2 * local_spark.sparkContext.defaultParallelism  # several pieces per split
    assert sum(pieces_read) == ROWS  # each row read once; the filter above the scan drops rows


def test_a_global_aggregate_over_a_streamed_scan_is_one_row(
    local_spark: engine.SparkSession, lineitems: str, pieces_read: list[int]
) -> None:
    row = local_spark.read.parquet(lineitems).agg(F.sum("v"), F.avg("id"), F.count("*")).collect()[0]
    assert tuple(row) == (sum((i % 13) * 3 for i in range(ROWS)), (ROWS - 1) / 2, ROWS)
    assert len(pieces_read) > 2


def test_a_shuffle_map_over_a_streamed_scan_sends_every_row_to_its_bucket(
    local_spark: engine.SparkSession, lineitems: str, pieces_read: list[int]
) -> None:
    items = local_spark.read.parquet(lineitems).select("id", (F.col("k") + 1).alias("k1"))
    keys = local_spark.range(0, ROWS, 7).withColumnRenamed("id", "key")
    local_spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")  # a shuffled join: both sides hashed
    try:
        joined = items.join(keys, items.id == keys.key).select("id", "k1")
        got = sorted(tuple(r) for r in joined.collect())
    finally:
        local_spark.conf.unset("spark.sql.autoBroadcastJoinThreshold")
    assert got == [(i, i % 97 + 1) for i in range(0, ROWS, 7)]
    assert len(pieces_read) > 2
