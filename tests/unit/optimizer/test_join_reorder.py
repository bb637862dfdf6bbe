"""Inner joins are reordered so a small filtered input joins before a big one: the same rows in
the same columns, fewer rows carried from join to join."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from engine.api.execution import optimized_plan
from engine.logical import nodes as L


@pytest.fixture()
def tables(spark: Any, tmp_path: Path) -> None:
    """suppliers (100, 25 per nation), lines (5,000 over the suppliers), nations (4, one of them chosen)."""
    pq.write_table(
        pa.table(
            {
                "s_id": pa.array(range(100), pa.int64()),
                "s_nation": pa.array([i % 4 for i in range(100)], pa.int64()),
            }
        ),
        tmp_path / "suppliers.parquet",
    )
    pq.write_table(
        pa.table(
            {"l_supp": pa.array([i % 100 for i in range(5000)], pa.int64()), "l_qty": list(range(5000))}
        ),
        tmp_path / "lines.parquet",
    )
    pq.write_table(
        pa.table({"n_id": pa.array(range(4), pa.int64()), "n_name": ["A", "B", "C", "D"]}),
        tmp_path / "nations.parquet",
    )
    for name in ("suppliers", "lines", "nations"):
        spark.read.parquet(str(tmp_path / f"{name}.parquet")).createOrReplaceTempView(name)


QUERY = """
    SELECT * FROM suppliers, lines, nations
    WHERE s_id = l_supp AND s_nation = n_id AND n_name = 'C'
"""


def _joins(plan: L.LogicalPlan) -> list[L.Join]:
    found = [plan] if isinstance(plan, L.Join) else []
    return found + [j for k in L.children(plan) for j in _joins(k)]


def test_a_small_filtered_input_joins_first_and_the_answer_keeps_its_columns(
    spark: Any, tables: None
) -> None:
    df = spark.sql(QUERY)
    deepest = _joins(optimized_plan(spark, df._plan))[-1]  # the first join to run
    scans = {a.name for a in L.output(deepest)}
    assert "n_name" in scans and "l_qty" not in scans  # suppliers meet their nation before the lines
    spark.conf.set("spark.sql.optimizer.excludedRules", "reorder_joins")
    try:
        written = df.collect()
    finally:
        spark.conf.set("spark.sql.optimizer.excludedRules", "")
    reordered = df.collect()
    assert df.columns == ["s_id", "s_nation", "l_supp", "l_qty", "n_id", "n_name"]
    assert sorted(map(tuple, reordered)) == sorted(map(tuple, written)) and len(written) == 1250
