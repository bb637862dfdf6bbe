"""Databases (schemas) as in Spark 4: CREATE/DROP DATABASE|SCHEMA|NAMESPACE, USE, tables
qualified by database or found in the current one, SHOW DATABASES [LIKE], DESCRIBE DATABASE,
current_database(), and the catalog API over them. Expected answers and error classes are
PySpark 4.3's."""

from __future__ import annotations

from statements import condition as _condition
from statements import rows as _rows

import engine


def test_create_show_and_drop_databases(session: engine.SparkSession) -> None:
    session.sql("CREATE DATABASE d1")
    assert _condition(session, "CREATE DATABASE d1") == "SCHEMA_ALREADY_EXISTS"
    session.sql("CREATE DATABASE IF NOT EXISTS d1")
    session.sql("CREATE SCHEMA d2 COMMENT 'c2'")
    assert _rows(session, "SHOW DATABASES") == [("d1",), ("d2",), ("default",)]
    assert _rows(session, "SHOW SCHEMAS LIKE 'd2|def*'") == [("d2",), ("default",)]
    info = _rows(session, "DESCRIBE SCHEMA EXTENDED d2")
    assert [r[0] for r in info] == ["Catalog Name", "Namespace Name", "Comment", "Location", "Owner", "Properties"]
    assert info[:3] == [("Catalog Name", "spark_catalog"), ("Namespace Name", "d2"), ("Comment", "c2")]
    assert _rows(session, "DESCRIBE DATABASE default")[2] == ("Comment", "default database")
    session.sql("CREATE TABLE d1.x (a INT) USING parquet")
    assert _condition(session, "DROP DATABASE d1") == "SCHEMA_NOT_EMPTY"
    session.sql("DROP DATABASE d1 CASCADE")
    session.sql("DROP DATABASE IF EXISTS d1")
    assert _condition(session, "DROP DATABASE nope") == "SCHEMA_NOT_FOUND"
    assert _condition(session, "DROP DATABASE default") == "UNSUPPORTED_FEATURE.DROP_DATABASE"
    assert _rows(session, "SHOW NAMESPACES") == [("d2",), ("default",)]


def test_use_makes_unqualified_names_the_current_databases(session: engine.SparkSession) -> None:
    session.sql("CREATE DATABASE d1")
    session.sql("USE d1")
    assert session.sql("SELECT current_database()").columns == ["current_schema()"]
    assert _rows(session, "SELECT current_database(), current_schema() AS s") == [("d1", "d1")]
    session.sql("CREATE TABLE x (a INT) USING parquet")
    session.sql("CREATE TEMP VIEW tv AS SELECT 1")
    assert _rows(session, "SHOW TABLES") == [("d1", "x", False), ("", "tv", True)]
    assert _rows(session, "SHOW TABLES IN default") == [("", "tv", True)]
    assert _condition(session, "SELECT * FROM default.x") == "TABLE_OR_VIEW_NOT_FOUND"
    session.sql("USE default")
    session.sql("INSERT INTO d1.x VALUES (5)")
    assert _rows(session, "SELECT * FROM d1.x") == [(5,)]
    assert _rows(session, "SHOW TABLES IN d1") == [("d1", "x", False), ("", "tv", True)]
    assert _condition(session, "USE nope") == "SCHEMA_NOT_FOUND"
    assert _condition(session, "CREATE TABLE nope.t (a INT) USING parquet") == "SCHEMA_NOT_FOUND"


def test_catalog_api_sees_databases(session: engine.SparkSession) -> None:
    session.sql("CREATE DATABASE d1")
    session.sql("CREATE TABLE d1.x (a INT) USING parquet")
    assert [d.name for d in session.catalog.listDatabases()] == ["d1", "default"]
    assert session.catalog.databaseExists("d1") and not session.catalog.databaseExists("nope")
    assert [(t.name, t.namespace) for t in session.catalog.listTables("d1")] == [("x", ["d1"])]
    assert session.catalog.tableExists("x", "d1") and not session.catalog.tableExists("x")
    session.catalog.setCurrentDatabase("d1")
    assert session.catalog.currentDatabase() == "d1"
    assert [c.name for c in session.catalog.listColumns("x")] == ["a"]


def test_a_view_reads_names_in_the_database_it_was_made_in(session: engine.SparkSession) -> None:
    session.sql("CREATE DATABASE d")
    session.sql("USE d")
    session.sql("CREATE TABLE t (a INT) USING parquet")
    session.sql("INSERT INTO t VALUES (7)")
    session.sql("CREATE VIEW v AS SELECT a FROM t")
    session.sql("USE default")
    session.sql("CREATE TABLE t (a INT) USING parquet")  # another t, in default
    assert _rows(session, "SELECT * FROM d.v") == [(7,)]
    assert _rows(session, "SELECT current_database()") == [("default",)]
