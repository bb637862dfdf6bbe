"""A filter under a projection copies only the columns the projection reads: the columns its
condition alone needed are left behind with the rows it drops."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import engine
from engine import functions as F
from engine.api.execution import physical_stages
from engine.physical import nodes as P
from engine.runtime import narrow


@pytest.fixture()
def orders(tmp_path: Path) -> str:
    path = tmp_path / "orders.parquet"
    table = pa.table(
        {
            "id": pa.array(range(1000), pa.int64()),
            "cust": pa.array([i % 7 for i in range(1000)], pa.int64()),
            "comment": pa.array(["special requests" if i % 10 == 0 else "plain" for i in range(1000)]),
        }
    )
    pq.write_table(table, path, row_group_size=100)
    return str(path)


def _filters(spark: engine.SparkSession, df: engine.DataFrame) -> list[P.FilterExec]:
    found: list[P.FilterExec] = []

    def walk(op: object) -> None:
        if isinstance(op, P.FilterExec):
            found.append(op)
        for name in ("child", "left", "right"):
            if hasattr(op, name):
                walk(getattr(op, name))
        for child in getattr(op, "children", ()):
            walk(child)

    _, stages = physical_stages(spark, df._plan)
    for stage in stages:
        walk(stage.root)
    return found


def test_a_filter_under_a_projection_keeps_only_the_projected_columns(
    local_spark: engine.SparkSession, orders: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    df = local_spark.read.parquet(orders).where(~F.col("comment").like("%special%")).select("id", "cust")
    (f,) = _filters(local_spark, df)
    assert f.columns is not None and not any(k.startswith("comment") for k in f.columns)
    widths: list[int] = []
    real = narrow.filter_batch

    def counting(*args: object) -> pa.RecordBatch:
        out = real(*args)  # type: ignore[arg-type]
        widths.append(out.num_columns)
        return out

    monkeypatch.setattr(narrow, "filter_batch", counting)
    rows = df.collect()
    assert len(rows) == 900 and sorted(rows[0].asDict()) == ["cust", "id"]
    assert widths and set(widths) == {2}


def test_counting_filtered_rows_reads_no_column_after_the_filter(
    local_spark: engine.SparkSession, orders: str
) -> None:
    df = local_spark.read.parquet(orders).where(F.col("comment") == "plain")
    assert df.count() == 900
    assert df.select(F.lit(1).alias("one")).count() == 900
    assert df.groupBy().count().collect()[0][0] == 900
