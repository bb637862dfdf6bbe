"""A broadcast side's direct-address table is built once per process and shared by every task
that probes it; tables of other sides, and of keys folded with the probe side's, are not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine import functions as F
from engine.compute import join_direct


@pytest.fixture()
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The build-side row count of every direct-address table made, shared ones included."""
    made: list[int] = []
    real = join_direct.key_table

    def counting(build: Any, probe_rows: int, uses: int = 1) -> Any:
        made.append(len(build))
        return real(build, probe_rows, uses)

    monkeypatch.setattr(join_direct, "key_table", counting)
    monkeypatch.setattr(join_direct, "_SHARED", type(join_direct._SHARED)())
    return made


def test_tasks_probing_one_broadcast_side_share_its_table(
    local_spark: Any, tmp_path: Path, builds: list[int]
) -> None:
    pq.write_table(
        pa.table({"k": [i % 3_000 for i in range(40_000)]}), tmp_path / "facts.parquet", row_group_size=5_000
    )
    dims = local_spark.createDataFrame([(k, f"d{k}") for k in range(0, 3_000, 2)], "k long, name string")
    facts = local_spark.read.parquet(str(tmp_path / "facts.parquet"))
    local_spark.conf.set("spark.sql.files.minPartitionNum", "4")
    local_spark.conf.set("spark.sql.files.openCostInBytes", "0")
    try:
        joined = facts.join(F.broadcast(dims), "k")
        assert joined.rdd.getNumPartitions() == 4
        rows = joined.groupBy("name").count().collect()
    finally:
        local_spark.conf.unset("spark.sql.files.minPartitionNum")
        local_spark.conf.unset("spark.sql.files.openCostInBytes")
    assert len(rows) == 1_500 and all(r["count"] in (13, 14) for r in rows)
    assert builds.count(1_500) == 1  # the dimension's table, once for the four tasks
