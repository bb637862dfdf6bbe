"""Table commands as Spark 4 runs them on file-source tables: TRUNCATE TABLE ... PARTITION and
ALTER TABLE ... DROP PARTITION remove that partition's rows only, INSERT ... BY NAME matches
columns by name, INSERT ... REPLACE WHERE and DROP VIEW of a table are refused, ADD COLUMN
adds one, ANALYZE TABLE checks its table, SHOW CATALOGS / CURRENT NAMESPACE / [USER|SYSTEM]
FUNCTIONS / COLUMNS ... IN db. Expected answers and error classes are PySpark 4.3's."""

from __future__ import annotations

from pathlib import Path

import pytest
from statements import condition as _condition
from statements import rows as _rows

import engine
from engine.errors import ParseException


def test_truncate_a_partition_keeps_the_other_partitions(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE trp (a INT, p INT) USING parquet PARTITIONED BY (p)")
    session.sql("INSERT INTO trp VALUES (1, 1), (2, 2)")
    session.sql("TRUNCATE TABLE trp PARTITION (p=1)")
    assert _rows(session, "SELECT * FROM trp") == [(2, 2)]
    session.sql("CREATE TABLE flat (a INT) USING parquet")
    assert _condition(session, "TRUNCATE TABLE flat PARTITION (a=1)") == "_LEGACY_ERROR_TEMP_1267"


def test_drop_partition_needs_a_whole_existing_spec_unless_if_exists(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE p (id INT, dt STRING) USING parquet PARTITIONED BY (dt)")
    session.sql("INSERT INTO p VALUES (1, 'x'), (2, 'y')")
    session.sql("ALTER TABLE p DROP PARTITION (dt='x')")
    assert _rows(session, "SELECT * FROM p ORDER BY id") == [(2, "y")]
    assert _rows(session, "SHOW PARTITIONS p") == [("dt=y",)]
    session.sql("ALTER TABLE p DROP IF EXISTS PARTITION (dt='nope')")
    assert _condition(session, "ALTER TABLE p DROP PARTITION (dt='nope')") == "PARTITIONS_NOT_FOUND"
    session.sql("CREATE TABLE p2 (id INT, dt STRING, x INT) USING parquet PARTITIONED BY (dt, x)")
    session.sql("INSERT INTO p2 VALUES (2, 'b', 2)")
    assert _condition(session, "ALTER TABLE p2 DROP PARTITION (dt='b')") == "PARTITIONS_NOT_FOUND"
    assert _rows(session, "SELECT * FROM p2") == [(2, "b", 2)]


def test_insert_by_name_and_refused_inserts(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE i (a INT, b STRING, c DOUBLE) USING parquet")
    session.sql("INSERT INTO i BY NAME SELECT 'q' AS b, 1.0 AS c, 7 AS a")
    assert _rows(session, "SELECT * FROM i") == [(7, "q", 1.0)]
    assert _condition(session, "INSERT INTO i REPLACE WHERE a = 7 SELECT 7, 'r', 2.0") == "UNSUPPORTED_FEATURE.TABLE_OPERATION"
    assert _rows(session, "SELECT * FROM i") == [(7, "q", 1.0)]


def test_add_column_drop_view_of_a_table_and_analyze(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE a2 (id INT) USING parquet")
    session.sql("INSERT INTO a2 VALUES (1)")
    session.sql("ALTER TABLE a2 ADD COLUMN solo INT")
    assert _rows(session, "SELECT * FROM a2") == [(1, None)]
    assert _condition(session, "DROP VIEW a2") == "WRONG_COMMAND_FOR_OBJECT_TYPE"
    assert _rows(session, "ANALYZE TABLE a2 COMPUTE STATISTICS") == []
    assert _rows(session, "ANALYZE TABLE a2 COMPUTE STATISTICS FOR ALL COLUMNS") == []
    assert _condition(session, "ANALYZE TABLE nope COMPUTE STATISTICS") == "TABLE_OR_VIEW_NOT_FOUND"
    session.sql("CREATE TEMP VIEW v AS SELECT 1")
    assert _condition(session, "ANALYZE TABLE v COMPUTE STATISTICS") == "EXPECT_PERMANENT_VIEW_NOT_TEMP"


def test_show_catalogs_namespace_columns_and_functions(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE s1 (a INT, b STRING) USING parquet")
    assert _rows(session, "SHOW CATALOGS") == [("spark_catalog",)]
    df = session.sql("SHOW CURRENT NAMESPACE")
    assert df.columns == ["catalog", "namespace"] and _rows(session, "SHOW CURRENT NAMESPACE") == [("spark_catalog", "default")]
    assert _rows(session, "SHOW COLUMNS FROM s1 IN default") == [("a",), ("b",)]
    session.udf.register("my_show_fn", lambda x: x, "int")
    assert _rows(session, "SHOW USER FUNCTIONS LIKE 'my_show*'") == [("my_show_fn",)]
    assert _rows(session, "SHOW FUNCTIONS LIKE 'my_show*'") == [("my_show_fn",)]
    assert _rows(session, "SHOW SYSTEM FUNCTIONS LIKE 'my_show*'") == []
    assert _rows(session, "SHOW USER FUNCTIONS LIKE 'abs'") == []
    assert _rows(session, "SHOW SYSTEM FUNCTIONS LIKE 'abs'") == [("abs",)]


def test_declared_comments_and_properties_show_in_describe(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE t5 (a INT COMMENT 'the a', b DOUBLE) USING parquet COMMENT 'tbl' TBLPROPERTIES ('k'='v')")
    assert _rows(session, "DESCRIBE t5") == [("a", "int", "the a"), ("b", "double", None)]
    assert _rows(session, "SHOW TBLPROPERTIES t5") == [("k", "v")]
    session.sql("INSERT INTO t5 VALUES (1, 2.0)")
    session.sql("ALTER TABLE t5 ALTER COLUMN b COMMENT 'the b'")
    session.sql("ALTER TABLE t5 ADD COLUMNS (c STRING)")  # a rewrite keeps the comments
    assert _rows(session, "DESCRIBE t5") == [("a", "int", "the a"), ("b", "double", "the b"), ("c", "string", None)]
    assert _rows(session, "SHOW TBLPROPERTIES t5") == [("k", "v")]


def test_describe_a_column(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE dt (a INT COMMENT 'ca', d STRUCT<x: INT, y: STRING>) USING parquet")
    df = session.sql("DESCRIBE dt d")
    assert df.columns == ["info_name", "info_value"]
    assert _rows(session, "DESCRIBE dt d") == [("col_name", "d"), ("data_type", "struct<x:int,y:string>"), ("comment", "NULL")]
    assert _rows(session, "DESCRIBE TABLE dt a") == [("col_name", "a"), ("data_type", "int"), ("comment", "ca")]
    assert [r[0] for r in _rows(session, "DESCRIBE EXTENDED dt a")] == [
        "col_name", "data_type", "comment", "min", "max", "num_nulls", "distinct_count", "avg_col_len", "max_col_len",
        "histogram",
    ]  # fmt: skip
    assert _rows(session, "DESCRIBE TABLE dt")[0] == ("a", "int", "ca")
    assert _condition(session, "DESCRIBE dt nope") == "COLUMN_NOT_FOUND"


def test_show_partitions_of_a_spec(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE p (id INT, dt STRING, x INT) USING parquet PARTITIONED BY (dt, x)")
    session.sql("INSERT INTO p VALUES (1,'a',1),(2,'b',2),(3,'a',3)")
    assert _rows(session, "SHOW PARTITIONS p PARTITION (dt='a')") == [("dt=a/x=1",), ("dt=a/x=3",)]
    assert _rows(session, "SHOW PARTITIONS p PARTITION (x=2)") == [("dt=b/x=2",)]
    assert _rows(session, "SHOW PARTITIONS p PARTITION (dt='zz')") == []
    assert _condition(session, "SHOW PARTITIONS p PARTITION (nope='zz')") == "PARTITIONS_NOT_FOUND"


def test_column_defaults_fill_what_an_insert_leaves_out(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE t7 (a INT, b STRING DEFAULT 'dflt', c INT DEFAULT 1 + 1) USING parquet")
    session.sql("INSERT INTO t7 (a) VALUES (1)")
    session.sql("INSERT INTO t7 VALUES (2, DEFAULT, DEFAULT)")
    session.sql("INSERT INTO t7 (a, c) SELECT 4, 9")
    assert _rows(session, "SELECT * FROM t7 ORDER BY a") == [(1, "dflt", 2), (2, "dflt", 2), (4, "dflt", 9)]
    assert _condition(session, "INSERT INTO t7 VALUES (3)") == "INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS"
    assert _rows(session, "DESCRIBE t7")[3:] == [
        ("", "", ""), ("# Column Default Values", "", ""), ("b", "string", "'dflt'"), ("c", "int", "1 + 1"),
    ]  # fmt: skip
    session.sql("ALTER TABLE t7 ALTER COLUMN b SET DEFAULT 'x2'")
    session.sql("INSERT INTO t7 (a) VALUES (5)")
    assert _rows(session, "SELECT * FROM t7 WHERE a = 5") == [(5, "x2", 2)]
    session.sql("ALTER TABLE t7 ADD COLUMNS (d INT DEFAULT 7)")  # existing rows get the default too
    assert _rows(session, "SELECT a, d FROM t7 ORDER BY a") == [(1, 7), (2, 7), (4, 7), (5, 7)]
    assert _rows(session, "SHOW TBLPROPERTIES t7") == []


def test_inserting_no_rows_into_a_partitioned_table_keeps_it_readable(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE ip (a INT, p STRING) USING parquet PARTITIONED BY (p)")
    session.sql("INSERT INTO ip VALUES (1, 'a')")
    session.sql("INSERT INTO ip SELECT * FROM ip WHERE a = 7")  # no rows
    assert _rows(session, "SELECT * FROM ip") == [(1, "a")]  # was CONFLICTING_PARTITION_COLUMN_NAMES


def test_show_create_table_carries_partitioning_and_comments(session: engine.SparkSession) -> None:
    session.sql(
        "CREATE TABLE sc (a INT COMMENT 'ca', b STRING) USING parquet PARTITIONED BY (b) COMMENT 'tc' TBLPROPERTIES ('x'='1')"
    )
    assert _rows(session, "SHOW CREATE TABLE sc") == [(
        "CREATE TABLE spark_catalog.default.sc (\n  a INT COMMENT 'ca',\n  b STRING COLLATE UTF8_BINARY)\nUSING parquet\n"
        "PARTITIONED BY (b)\nCOMMENT 'tc'\nTBLPROPERTIES (\n  'x' = '1')\n",
    )]  # fmt: skip


def test_ctas_and_insert_forms(session: engine.SparkSession) -> None:
    with pytest.raises(ParseException) as e:
        session.sql("CREATE TABLE c3 (a INT, b STRING) USING parquet AS SELECT 1, 'x'")
    assert e.value.getCondition() == "_LEGACY_ERROR_TEMP_0035"
    assert _condition(session, "CREATE TABLE c6 (a INT) STORED AS PARQUET") == "NOT_SUPPORTED_COMMAND_WITHOUT_HIVE_SUPPORT"
    session.sql("CREATE TABLE ip (a INT, p STRING) USING parquet PARTITIONED BY (p)")
    session.sql("WITH q AS (SELECT 7 AS a, 'w' AS p) INSERT INTO ip SELECT * FROM q")
    assert _rows(session, "SELECT * FROM ip") == [(7, "w")]


def test_describe_extended_adds_the_detailed_table_information(session: engine.SparkSession, tmp_path: Path) -> None:
    session.sql("CREATE TABLE p2 (v INT COMMENT 'cv', k STRING) USING parquet PARTITIONED BY (k) COMMENT 'tc' TBLPROPERTIES ('a'='b')")
    described = _rows(session, "DESCRIBE EXTENDED p2")
    assert described[:7] == [
        ("v", "int", "cv"), ("k", "string", None), ("# Partition Information", "", ""),
        ("# col_name", "data_type", "comment"), ("k", "string", None), ("", "", ""), ("# Detailed Table Information", "", ""),
    ]  # fmt: skip
    details = {r[0]: r[1] for r in described[7:]}
    assert [r[0] for r in described[7:]] == [
        "Catalog", "Database", "Table", "Created Time", "Last Access", "Created By", "Type", "Provider", "Comment",
        "Table Properties", "Location", "Partition Provider",
    ]  # fmt: skip
    assert (details["Table"], details["Type"], details["Provider"], details["Comment"]) == ("p2", "MANAGED", "parquet", "tc")
    assert (details["Table Properties"], details["Location"]) == ("[a=b]", f"file:{tmp_path}/p2")
    session.sql("CREATE VIEW pv AS SELECT 1 AS x")
    view = {r[0]: r[1] for r in _rows(session, "DESC FORMATTED pv")}
    assert (view["Type"], view["View Text"], view["View Query Output Columns"]) == ("VIEW", "SELECT 1 AS x", "[`x`]")


def test_add_partition_makes_an_empty_partition(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE p (id INT, dt STRING, x INT) USING parquet PARTITIONED BY (dt, x)")
    session.sql("ALTER TABLE p ADD PARTITION (dt='a b/c', x=1)")
    assert _condition(session, "ALTER TABLE p ADD PARTITION (dt='w')") == "_LEGACY_ERROR_TEMP_1232"
    session.sql("ALTER TABLE p ADD IF NOT EXISTS PARTITION (dt='a b/c', x=1)")
    session.sql("ALTER TABLE p ADD PARTITION (dt='q', x=2)")
    assert _rows(session, "SHOW PARTITIONS p") == [("dt=a b%2Fc/x=1",), ("dt=q/x=2",)]
    assert _rows(session, "SHOW PARTITIONS p PARTITION (x=2)") == [("dt=q/x=2",)]
    assert _rows(session, "SELECT * FROM p") == []
    session.sql("INSERT INTO p VALUES (1, 'q', 2)")
    session.sql("ALTER TABLE p DROP PARTITION (dt='a b/c', x=1)")
    assert _rows(session, "SHOW PARTITIONS p") == [("dt=q/x=2",)]
    assert _condition(session, "ALTER TABLE p ADD PARTITION (dt='q', x=2)") == "PARTITIONS_ALREADY_EXIST"
    assert _rows(session, "SELECT * FROM p") == [(1, "q", 2)]


def test_partitions_without_rows_survive_rewrites(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE p (id INT, dt STRING) USING parquet PARTITIONED BY (dt)")
    session.sql("INSERT INTO p VALUES (1, 'a'), (2, 'b')")
    session.sql("ALTER TABLE p ADD PARTITION (dt='e')")
    session.sql("TRUNCATE TABLE p PARTITION (dt='a')")  # the partition stays, empty
    assert _rows(session, "SHOW PARTITIONS p") == [("dt=a",), ("dt=b",), ("dt=e",)]
    session.sql("INSERT OVERWRITE p PARTITION (dt='b') SELECT 3")
    assert _rows(session, "SHOW PARTITIONS p") == [("dt=a",), ("dt=b",), ("dt=e",)]
    assert _rows(session, "SELECT * FROM p") == [(3, "b")]
    session.sql("ALTER TABLE p DROP PARTITION (dt='b')")
    assert _rows(session, "SHOW PARTITIONS p") == [("dt=a",), ("dt=e",)]
