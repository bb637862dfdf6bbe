"""``IDENTIFIER(expr)`` names a table or column by a constant string, as in Spark 4: a literal
(anywhere a name can stand, DDL included), a parameter marker, a session variable or a string
expression; a qualified name's parts are split at dots. Expected answers are PySpark 4.3's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from engine.errors import AnalysisException


@pytest.fixture
def session(tmp_path: Path) -> Iterator[engine.SparkSession]:
    spark = engine.SparkSession.builder.master("local[1]").config("spark.sql.warehouse.dir", str(tmp_path)).create()
    spark.sql("CREATE TABLE idt (a INT) USING parquet")
    yield spark
    spark.stop()


def _rows(spark: engine.SparkSession, query: str, args: object = None) -> list[tuple[object, ...]]:
    return [tuple(r) for r in spark.sql(query, args).collect()]  # type: ignore[arg-type]


def test_identifier_names_tables_in_ddl_dml_and_queries(session: engine.SparkSession) -> None:
    session.sql("INSERT INTO IDENTIFIER('idt') VALUES (1)")
    assert _rows(session, "SELECT * FROM IDENTIFIER('idt')") == [(1,)]
    assert _rows(session, "SELECT * FROM IDENTIFIER('default.' || 'idt')") == [(1,)]
    assert _rows(session, "SELECT * FROM IDENTIFIER(:t)", {"t": "idt"}) == [(1,)]
    session.sql("CREATE TABLE IDENTIFIER('idt2') (b INT) USING parquet")
    assert _rows(session, "SHOW TABLES") == [("default", "idt", False), ("default", "idt2", False)]
    session.sql("DROP TABLE IDENTIFIER('idt2')")
    assert _rows(session, "DESCRIBE IDENTIFIER('idt')") == [("a", "int", None)]
    with pytest.raises(AnalysisException) as e:
        session.sql("SELECT * FROM IDENTIFIER('nope')")
    assert e.value.getCondition() == "TABLE_OR_VIEW_NOT_FOUND"


def test_identifier_names_columns_and_takes_session_variables(session: engine.SparkSession) -> None:
    session.sql("INSERT INTO idt VALUES (1)")
    df = session.sql("SELECT IDENTIFIER('a') FROM idt")
    assert df.columns == ["a"] and [tuple(r) for r in df.collect()] == [(1,)]
    session.sql("DECLARE tn STRING DEFAULT 'idt'")
    assert _rows(session, "SELECT * FROM IDENTIFIER(tn)") == [(1,)]
    assert _rows(session, "SELECT 'IDENTIFIER(''a'')' AS s") == [("IDENTIFIER('a')",)]  # a string stays one
