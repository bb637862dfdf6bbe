"""SQL strings inside the DataFrame API (selectExpr, filter, F.expr) and spark.sql's own behaviour:
syntax errors with positions, parameters, commands and the catalog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, ParseException


@pytest.fixture()
def people(spark: engine.SparkSession) -> engine.DataFrame:
    df = spark.createDataFrame([(1, "Ann", 100), (2, "Bob", None), (3, "Cid", 70)], ["id", "name", "salary"])
    df.createOrReplaceTempView("api_people")
    return df


def test_select_expr_names_columns_like_spark(people: engine.DataFrame) -> None:
    out = people.selectExpr("id + 1", "salary * 2 AS pay", "upper(name)")
    assert out.columns == ["(id + 1)", "pay", "upper(name)"]
    assert [tuple(r) for r in out.orderBy("pay").collect()] == [(3, None, "BOB"), (4, 140, "CID"), (2, 200, "ANN")]


def test_filter_takes_a_sql_condition(people: engine.DataFrame) -> None:
    assert [r.id for r in people.filter("salary IS NULL OR name LIKE 'C%'").orderBy("id").collect()] == [2, 3]


def test_functions_expr_parses_sql(people: engine.DataFrame) -> None:
    row = people.select(F.expr("count(*)"), F.expr("sum(salary) AS total")).collect()[0]
    assert (row["count(1)"], row["total"]) == (3, 170)


def test_syntax_error_names_the_token_line_and_position(spark: engine.SparkSession) -> None:
    with pytest.raises(ParseException) as info:
        spark.sql("SELECT id\nFROM api_people\nWHERE id >")
    msg = str(info.value)
    assert info.value.getErrorClass() == "PARSE_SYNTAX_ERROR"
    assert "Syntax error at or near end of input" in msg and "(line 3, pos 10)" in msg


def test_syntax_error_shows_a_caret_under_the_offending_text(spark: engine.SparkSession) -> None:
    with pytest.raises(ParseException) as info:
        spark.sql("SELECT * FORM t")
    assert "at or near 't'" in str(info.value)
    assert "== SQL ==\nSELECT * FORM t\n--------------^^^" in str(info.value)


def test_unknown_column_suggests_the_nearest(spark: engine.SparkSession, people: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT nmae FROM api_people")
    assert info.value.getErrorClass() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    assert "`name`" in str(info.value)


def test_unsupported_construct_is_named(spark: engine.SparkSession, people: engine.DataFrame) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT * FROM api_people p RIGHT JOIN LATERAL (SELECT p.id * 2 AS d) ON true")
    assert info.value.getErrorClass() == "INVALID_LATERAL_JOIN_TYPE"
    assert "LATERAL" in str(info.value)


def test_named_and_positional_parameters(spark: engine.SparkSession, people: engine.DataFrame) -> None:
    assert spark.sql("SELECT name FROM api_people WHERE id = :id", {"id": 2}).collect()[0].name == "Bob"
    assert spark.sql("SELECT name FROM api_people WHERE id = ? OR id = ?", [1, 3]).count() == 2


def test_temp_view_create_replace_and_drop(spark: engine.SparkSession, people: engine.DataFrame) -> None:
    spark.sql("CREATE OR REPLACE TEMP VIEW rich AS SELECT * FROM api_people WHERE salary > 80")
    assert [r.id for r in spark.table("rich").collect()] == [1]
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW rich (who) AS SELECT name FROM api_people WHERE salary < 80")
    assert [tuple(r) for r in spark.sql("SELECT * FROM rich").collect()] == [("Cid",)]
    assert spark.catalog.tableExists("rich")
    spark.sql("DROP VIEW rich")
    assert not spark.catalog.tableExists("rich")
    spark.sql("DROP VIEW IF EXISTS rich")
    with pytest.raises(AnalysisException):
        spark.sql("DROP VIEW rich")


def test_warehouse_tables_ctas_insert_describe_show(tmp_path: Path, people: engine.DataFrame) -> None:
    spark = engine.SparkSession.builder.master("local[2]").config("spark.sql.warehouse.dir", str(tmp_path)).create()
    try:
        spark.createDataFrame([(1, "a")], ["k", "v"]).createOrReplaceTempView("src")
        spark.sql("CREATE TABLE kv USING parquet AS SELECT * FROM src")
        spark.sql("INSERT INTO kv VALUES (2, 'b')")
        spark.sql("INSERT INTO kv SELECT k + 10, v FROM src")
        assert sorted(tuple(r) for r in spark.sql("SELECT * FROM kv").collect()) == [(1, "a"), (2, "b"), (11, "a")]
        assert (tmp_path / "kv").is_dir()
        spark.sql("INSERT OVERWRITE TABLE kv SELECT k * 2, v FROM kv WHERE k < 5")
        assert sorted(tuple(r) for r in spark.table("kv").collect()) == [(2, "a"), (4, "b")]
        described = [tuple(r) for r in spark.sql("DESCRIBE kv").collect()]
        assert described == [("k", "bigint", None), ("v", "string", None)]
        shown = [tuple(r) for r in spark.sql("SHOW TABLES").collect()]
        assert ("default", "kv", False) in shown and ("", "src", True) in shown
        spark.sql("CREATE TABLE empty_t (a INT, b STRING) USING parquet")
        assert spark.sql("SELECT count(*) FROM empty_t").collect()[0][0] == 0
        spark.sql("INSERT INTO empty_t (b, a) VALUES ('x', 1)")
        spark.sql("INSERT INTO empty_t (b) SELECT 'y'")
        assert sorted((tuple(r) for r in spark.table("empty_t").collect()), key=str) == [(1, "x"), (None, "y")]
        with pytest.raises(AnalysisException) as info:
            spark.sql("INSERT INTO empty_t (a, b) SELECT 1")
        assert info.value.getErrorClass() == "INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS"
        with pytest.raises(AnalysisException) as info:
            spark.sql("CREATE TABLE kv USING parquet AS SELECT 1")
        assert info.value.getErrorClass() == "TABLE_OR_VIEW_ALREADY_EXISTS"
        spark.sql("DROP TABLE kv")
        assert not (tmp_path / "kv").exists()
        spark.sql("DROP TABLE IF EXISTS kv")
    finally:
        spark.stop()


def test_insert_casts_only_what_spark_store_assignment_allows(tmp_path: Path) -> None:
    spark = engine.SparkSession.builder.master("local[1]").config("spark.sql.warehouse.dir", str(tmp_path)).create()
    try:
        spark.sql("CREATE TABLE ti (a INT, b STRING, c DATE) USING parquet")
        spark.sql("INSERT INTO ti VALUES (1.7, 2, TIMESTAMP '2024-01-01 10:00:00')")  # number, to text, to date
        assert [tuple(r) for r in spark.table("ti").collect()] == [(1, "2", dt.date(2024, 1, 1))]
        for bad in ("INSERT INTO ti VALUES ('3', 'x', NULL)", "INSERT INTO ti VALUES (1, 'x', '2024-01-01')"):
            with pytest.raises(AnalysisException) as info:
                spark.sql(bad)
            assert info.value.getErrorClass() == "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST"
        with pytest.raises(AnalysisException) as info:
            spark.sql("INSERT INTO ti VALUES (1)")
        assert info.value.getErrorClass() == "INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS"
    finally:
        spark.stop()


def test_save_as_table_and_insert_into_from_the_dataframe_writer(tmp_path: Path) -> None:
    spark = engine.SparkSession.builder.master("local[1]").config("spark.sql.warehouse.dir", str(tmp_path)).create()
    try:
        df = spark.createDataFrame([(1, "x")], ["n", "s"])
        df.write.saveAsTable("w")
        df.write.mode("append").saveAsTable("w")
        spark.createDataFrame([(5, "y")], ["a", "b"]).write.insertInto("w")
        assert sorted(tuple(r) for r in spark.table("w").collect()) == [(1, "x"), (1, "x"), (5, "y")]
        df.write.mode("ignore").saveAsTable("w")
        with pytest.raises(AnalysisException):
            df.write.saveAsTable("w")
        df.write.mode("overwrite").saveAsTable("w")
        assert spark.table("w").count() == 1
    finally:
        spark.stop()


def test_catalog_lists_views_and_columns(spark: engine.SparkSession, people: engine.DataFrame) -> None:
    cat = spark.catalog
    assert cat.currentDatabase() == "default" and cat.currentCatalog() == "spark_catalog"
    view = next(t for t in cat.listTables() if t.name == "api_people")
    assert (view.isTemporary, view.tableType, view.catalog, view.namespace) == (True, "TEMPORARY", None, [])
    cols = cat.listColumns("api_people")
    assert [(c.name, c.dataType) for c in cols] == [("id", "bigint"), ("name", "string"), ("salary", "bigint")]
    assert [d.name for d in cat.listDatabases()] == ["default"]
    cat.cacheTable("api_people")
    assert cat.isCached("api_people")
    assert spark.sql("SELECT count(*) FROM api_people").collect()[0][0] == 3
    cat.uncacheTable("api_people")
    assert not cat.isCached("api_people")
    assert cat.dropTempView("api_people") and not cat.dropTempView("api_people")


def test_explain_returns_one_plan_row(spark: engine.SparkSession, people: engine.DataFrame) -> None:
    out = spark.sql("EXPLAIN SELECT id FROM api_people WHERE id > 1")
    assert out.columns == ["plan"]
    assert "== Physical Plan ==" in out.collect()[0].plan


def test_set_changes_the_session_conf(spark: engine.SparkSession) -> None:
    row = spark.sql("SET spark.sql.shuffle.partitions=7").collect()[0]
    assert (row.key, row.value) == ("spark.sql.shuffle.partitions", "7")
    assert spark.conf.get("spark.sql.shuffle.partitions") == "7"
    spark.conf.unset("spark.sql.shuffle.partitions") if hasattr(spark.conf, "unset") else None


def test_table_valued_file_read(spark: engine.SparkSession, tmp_path: Path) -> None:
    path = tmp_path / "f.parquet"
    spark.createDataFrame([(1,), (2,)], ["v"]).write.parquet(str(path))
    assert sorted(r.v for r in spark.sql(f"SELECT v FROM parquet.`{path}`").collect()) == [1, 2]


@pytest.fixture()
def warehouse(tmp_path: Path) -> Iterator[engine.SparkSession]:
    """A session of its own whose tables live under `tmp_path`."""
    spark = engine.SparkSession.builder.master("local[1]").config("spark.sql.warehouse.dir", str(tmp_path)).create()
    yield spark
    spark.stop()


def error_class(spark: engine.SparkSession, query: str) -> str | None:
    """The error class of the AnalysisException `query` raises."""
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    return info.value.getErrorClass()


def test_alter_table_truncate_and_show_create_as_spark(warehouse: engine.SparkSession) -> None:
    spark = warehouse
    spark.sql("CREATE TABLE t1 (a INT, b STRING) USING parquet")
    spark.sql("INSERT INTO t1 VALUES (1, 'x'), (2, 'y')")
    spark.sql("ALTER TABLE t1 ADD COLUMNS (c DOUBLE, d DATE)")
    spark.sql("INSERT INTO t1 VALUES (3, 'z', 1.5, DATE'2020-01-01')")
    assert spark.table("t1").schema.simpleString() == "struct<a:int,b:string,c:double,d:date>"
    assert sorted(tuple(r) for r in spark.table("t1").collect())[1:] == [(2, "y", None, None), (3, "z", 1.5, dt.date(2020, 1, 1))]
    spark.sql("ALTER TABLE t1 RENAME TO t2")
    assert error_class(spark, "SELECT * FROM t1") == "TABLE_OR_VIEW_NOT_FOUND"
    spark.sql("ALTER TABLE t2 SET TBLPROPERTIES ('k1' = 'v1', 'k2' = 'v2')")
    spark.sql("ALTER TABLE t2 UNSET TBLPROPERTIES ('k1')")
    assert [tuple(r) for r in spark.sql("SHOW TBLPROPERTIES t2").collect()] == [("k2", "v2")]
    assert spark.sql("SHOW CREATE TABLE t2").collect()[0][0] == (
        "CREATE TABLE spark_catalog.default.t2 (\n  a INT,\n  b STRING COLLATE UTF8_BINARY,\n  c DOUBLE,\n"
        "  d DATE)\nUSING parquet\nTBLPROPERTIES (\n  'k2' = 'v2')\n"
    )
    spark.sql("TRUNCATE TABLE t2")
    assert spark.sql("SELECT count(*) FROM t2").collect()[0][0] == 0
    assert [r[0] for r in spark.sql("SHOW COLUMNS IN t2").collect()] == ["a", "b", "c", "d"]
    assert error_class(spark, "ALTER TABLE t2 ADD COLUMNS (a INT)") == "COLUMN_ALREADY_EXISTS"
    assert error_class(spark, "ALTER TABLE t2 DROP COLUMN b") == "UNSUPPORTED_FEATURE.TABLE_OPERATION"
    assert error_class(spark, "TRUNCATE TABLE nosuch") == "TABLE_OR_VIEW_NOT_FOUND"
    spark.sql("CREATE TEMP VIEW v1 AS SELECT 1 AS x")
    for q in ("INSERT INTO v1 VALUES (2)", "TRUNCATE TABLE v1", "ALTER TABLE v1 ADD COLUMNS (z INT)"):
        assert error_class(spark, q) == "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE", q
    assert error_class(spark, "SHOW CREATE TABLE v1") == "EXPECT_PERMANENT_VIEW_NOT_TEMP"
    spark.sql("ALTER VIEW v1 RENAME TO v2")
    assert [tuple(r) for r in spark.sql("SELECT * FROM v2").collect()] == [(1,)]


def test_create_table_like_replace_and_drop_of_nothing_as_spark(warehouse: engine.SparkSession) -> None:
    spark = warehouse
    spark.sql("CREATE TABLE t5 USING parquet AS SELECT 1 AS a, 'x' AS b")
    spark.sql("CREATE TABLE t6 LIKE t5")
    assert spark.table("t6").schema.simpleString() == "struct<a:int,b:string>" and spark.table("t6").count() == 0
    assert error_class(spark, "CREATE OR REPLACE TABLE t5 USING parquet AS SELECT 3 AS a") == "UNSUPPORTED_FEATURE.TABLE_OPERATION"
    assert [tuple(r) for r in spark.table("t5").collect()] == [(1, "x")]
    assert error_class(spark, "DROP VIEW nosuchview") == "TABLE_OR_VIEW_NOT_FOUND"
    assert error_class(spark, "DROP TABLE nosuchtable") == "TABLE_OR_VIEW_NOT_FOUND"
