"""All 22 TPC-H queries (standard text and validation parameters) at SF 0.1, checked against DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from sqlcheck import assert_sql_matches

import engine

QUERIES = Path(__file__).parent / "tpch"
ALL = sorted(p.stem for p in QUERIES.glob("q*.sql"))


def test_there_are_22_queries() -> None:
    assert len(ALL) == 22


@pytest.mark.parametrize("name", ALL)
def test_tpch_query_matches_duckdb(tpch: engine.SparkSession, duck: duckdb.DuckDBPyConnection, name: str) -> None:
    text = (QUERIES / f"{name}.sql").read_text()
    assert_sql_matches(tpch, duck, text, ordered="order by" in text.lower())
