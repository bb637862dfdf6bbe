"""Identical exchanges in one job share one stage (Spark's ReuseExchange): a filtered table that
several joins broadcast is computed once, and each join reads the same rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine import functions as F
from engine.api.execution import physical_stages
from engine.physical import nodes as P


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, str]:
    items = pa.table({"k": [i % 50 for i in range(2_000)], "q": list(range(2_000))})
    keys = pa.table({"k": list(range(50)), "hot": [k % 3 == 0 for k in range(50)]})
    pq.write_table(items, tmp_path / "items.parquet", row_group_size=250)
    pq.write_table(keys, tmp_path / "keys.parquet")
    return {"items": str(tmp_path / "items.parquet"), "keys": str(tmp_path / "keys.parquet")}


def test_a_side_two_joins_broadcast_is_computed_once(spark: Any, files: dict[str, str]) -> None:
    items = spark.read.parquet(files["items"])
    hot = spark.read.parquet(files["keys"]).filter(F.col("hot")).select("k")
    df = (
        items.join(hot, "k", "left_semi")
        .select("q")
        .union(items.join(hot, "k", "left_anti").select(-F.col("q")))
    )
    _, stages = physical_stages(spark, df._plan)
    assert sum(isinstance(s.output, P.BroadcastOut) for s in stages) == 1
    assert sorted(r[0] for r in df.collect()) == sorted(q if q % 50 % 3 == 0 else -q for q in range(2_000))


def test_exchanges_of_different_rows_are_not_shared(spark: Any, files: dict[str, str]) -> None:
    items = spark.read.parquet(files["items"])
    keys = spark.read.parquet(files["keys"])
    hot, cold = keys.filter(F.col("hot")).select("k"), keys.filter(~F.col("hot")).select("k")
    df = items.join(hot, "k", "left_semi").union(items.join(cold, "k", "left_semi"))
    _, stages = physical_stages(spark, df._plan)
    assert sum(isinstance(s.output, P.BroadcastOut) for s in stages) == 2
    assert df.count() == 2_000
