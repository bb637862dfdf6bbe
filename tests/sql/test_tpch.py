"""All 22 TPC-H queries (standard text and validation parameters) at SF 0.1, checked against DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from sqlcheck import assert_sql_matches

import engine

QUERIES = Path(__file__).parent / "tpch"
ALL = sorted(p.stem for p in QUERIES.glob("q*.sql"))

# Below the SQL layer: dividing decimal(38,4) by decimal(38,4) (a ratio of two decimal sums)
# fails in the arithmetic kernel with "Decimal precision out of range [1, 76]: 84";
# Spark answers decimal(38,6). Reproduction: df.select(df.a / df.b) over two decimal(38,4) columns.
DECIMAL_DIVISION_BUG = {"q08", "q14"}


def test_there_are_22_queries() -> None:
    assert len(ALL) == 22


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(q, marks=pytest.mark.xfail(reason="decimal(38,4) / decimal(38,4) kernel overflow", strict=False))
        if q in DECIMAL_DIVISION_BUG
        else q
        for q in ALL
    ],
)
def test_tpch_query_matches_duckdb(tpch: engine.SparkSession, duck: duckdb.DuckDBPyConnection, name: str) -> None:
    text = (QUERIES / f"{name}.sql").read_text()
    assert_sql_matches(tpch, duck, text, ordered="order by" in text.lower())
