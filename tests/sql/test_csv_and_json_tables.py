"""Warehouse tables kept as CSV or JSON (``CREATE TABLE ... USING csv``, CTAS ``USING json``):
their declared schema and format are kept with them, so INSERT (and OVERWRITE), ADD COLUMNS,
TRUNCATE and SHOW CREATE TABLE behave as for Parquet tables. Expected answers are PySpark 4.3's."""

from __future__ import annotations

import datetime as dt

import pytest
from statements import rows as _rows

import engine
from engine.errors import AnalysisException


def test_a_csv_table_keeps_its_declared_types(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE c (a INT, b STRING, d DATE) USING csv")
    session.sql("INSERT INTO c VALUES (1, 'x,y', DATE'2024-01-02'), (2, NULL, NULL)")
    assert session.table("c").dtypes == [("a", "int"), ("b", "string"), ("d", "date")]
    assert _rows(session, "SELECT * FROM c ORDER BY a") == [(1, "x,y", dt.date(2024, 1, 2)), (2, None, None)]
    session.sql("INSERT OVERWRITE c VALUES (3, 'z', NULL)")
    assert _rows(session, "SELECT * FROM c") == [(3, "z", None)]
    session.sql("ALTER TABLE c ADD COLUMNS (e DOUBLE)")
    assert _rows(session, "SELECT * FROM c") == [(3, "z", None, None)]
    assert _rows(session, "SHOW CREATE TABLE c") == [(
        "CREATE TABLE spark_catalog.default.c (\n  a INT,\n  b STRING COLLATE UTF8_BINARY,\n  d DATE,\n  e DOUBLE)\nUSING csv\n",
    )]  # fmt: skip
    session.sql("TRUNCATE TABLE c")
    assert _rows(session, "SELECT count(*) FROM c") == [(0,)]


def test_a_json_table_from_a_query(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE j USING json AS SELECT 1 AS a, array(1,2) AS arr, named_struct('x', 1.5D) AS s")
    session.sql("INSERT INTO j SELECT 2, array(3), named_struct('x', 2.5D)")
    assert session.table("j").dtypes == [("a", "int"), ("arr", "array<int>"), ("s", "struct<x:double>")]
    assert _rows(session, "SELECT a, arr, s.x FROM j ORDER BY a") == [(1, [1, 2], 1.5), (2, [3], 2.5)]


def test_partitioned_text_tables_are_refused_clearly(session: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException, match="partitioned tables stored as csv"):
        session.sql("CREATE TABLE cp (a INT, p STRING) USING csv PARTITIONED BY (p)")
