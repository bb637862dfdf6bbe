"""Persistent views (``CREATE VIEW`` without TEMPORARY) as in Spark 4: kept in the warehouse as
their query, read again at each use, listed by SHOW TABLES and the catalog as views, dropped by
DROP VIEW or DROP TABLE, refused as INSERT targets and over temp views. Expected answers and
error classes are PySpark 4.3's."""

from __future__ import annotations

import pytest
from statements import condition as _condition
from statements import rows as _rows

import engine
from engine.errors import ParseException


@pytest.fixture
def session(session: engine.SparkSession) -> engine.SparkSession:
    """The SQL tests' own-warehouse session, holding a table ``base`` of 1 and 2."""
    session.sql("CREATE TABLE base (a INT) USING parquet")
    session.sql("INSERT INTO base VALUES (1), (2)")
    return session


def test_a_view_reads_its_tables_as_they_are_now(session: engine.SparkSession) -> None:
    session.sql("CREATE VIEW pv (x COMMENT 'cx') AS SELECT a + 1 AS b FROM base")
    assert session.table("pv").columns == ["x"]
    assert _rows(session, "SELECT * FROM pv ORDER BY x") == [(2,), (3,)]
    assert _rows(session, "DESCRIBE pv") == [("x", "int", "cx")]
    session.sql("INSERT INTO base VALUES (3)")
    assert _rows(session, "SELECT * FROM pv ORDER BY x") == [(2,), (3,), (4,)]
    assert _rows(session, "SHOW TABLES") == [("default", "base", False), ("default", "pv", False)]
    assert _rows(session, "SHOW VIEWS") == [("default", "pv", False)]
    assert [(t.name, t.tableType) for t in session.catalog.listTables()] == [("base", "MANAGED"), ("pv", "VIEW")]
    session.sql("CREATE OR REPLACE VIEW pv AS SELECT a FROM base WHERE a > 2")
    assert _rows(session, "SELECT * FROM pv") == [(3,)]
    session.sql("DROP VIEW pv")
    assert _rows(session, "SHOW TABLES") == [("default", "base", False)]


def test_view_errors(session: engine.SparkSession) -> None:
    session.sql("CREATE VIEW pv AS SELECT a FROM base")
    assert _condition(session, "CREATE VIEW pv AS SELECT 1") == "TABLE_OR_VIEW_ALREADY_EXISTS"
    session.sql("CREATE VIEW IF NOT EXISTS pv AS SELECT 1")
    assert _rows(session, "SELECT * FROM pv ORDER BY a") == [(1,), (2,)]
    assert _condition(session, "INSERT INTO pv VALUES (1)") == "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE"
    assert _condition(session, "CREATE VIEW base AS SELECT 1") == "TABLE_OR_VIEW_ALREADY_EXISTS"
    session.sql("CREATE TEMP VIEW tv AS SELECT 1 AS z")
    assert _condition(session, "CREATE VIEW pv2 AS SELECT * FROM tv") == "INVALID_TEMP_OBJ_REFERENCE"
    with pytest.raises(ParseException) as e:
        session.sql("CREATE TEMP VIEW IF NOT EXISTS v3 AS SELECT 1")
    assert e.value.getCondition() == "_LEGACY_ERROR_TEMP_0053"
    session.sql("DROP TABLE pv")  # DROP TABLE drops a view too
    assert _condition(session, "DROP VIEW pv") == "TABLE_OR_VIEW_NOT_FOUND"
    session.sql("DROP VIEW IF EXISTS pv")


def test_global_temp_views_live_in_global_temp(session: engine.SparkSession) -> None:
    session.sql("CREATE GLOBAL TEMP VIEW g AS SELECT 1 AS a")
    session.sql("CREATE TEMP VIEW v AS SELECT 2 AS b")
    assert _rows(session, "SELECT * FROM global_temp.g") == [(1,)]
    assert _condition(session, "SELECT * FROM g") == "TABLE_OR_VIEW_NOT_FOUND"
    assert _rows(session, "SHOW TABLES") == [("default", "base", False), ("", "v", True)]
    assert _rows(session, "SHOW TABLES IN global_temp") == [("global_temp", "g", True), ("", "v", True)]
    assert _rows(session, "SHOW VIEWS IN global_temp LIKE 'g'") == [("global_temp", "g", True)]
    assert _condition(session, "DROP VIEW g") == "TABLE_OR_VIEW_NOT_FOUND"
    session.sql("DROP VIEW global_temp.g")
    assert _rows(session, "SHOW TABLES IN global_temp") == [("", "v", True)]
    session.range(2).createGlobalTempView("gd")
    assert session.table("global_temp.gd").count() == 2 and session.catalog.dropGlobalTempView("gd")


def test_alter_view_as_replaces_the_query(session: engine.SparkSession) -> None:
    session.sql("CREATE VIEW pv AS SELECT a FROM base")
    session.sql("ALTER VIEW pv AS SELECT a + 1 AS c FROM base")
    assert _rows(session, "SELECT * FROM pv ORDER BY c") == [(2,), (3,)]
    session.sql("CREATE TEMP VIEW tv AS SELECT 1 AS x")
    session.sql("ALTER VIEW tv AS SELECT 2 AS y")
    assert session.table("tv").columns == ["y"]
    assert _condition(session, "ALTER VIEW base AS SELECT 1") == "EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE"
    assert _condition(session, "ALTER VIEW nope AS SELECT 1") == "TABLE_OR_VIEW_NOT_FOUND"


def test_drop_table_drops_a_temp_view_of_the_name_first(session: engine.SparkSession) -> None:
    session.sql("CREATE TEMP VIEW tv AS SELECT 1 AS x")
    session.sql("CREATE TABLE tv AS SELECT 1 AS z")
    assert session.table("tv").columns == ["x"]  # the temp view shadows the table
    session.sql("DROP TABLE IF EXISTS tv")
    assert session.table("tv").columns == ["z"]
