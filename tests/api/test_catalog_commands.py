"""The Catalog members PySpark 4 has over SQL commands (createDatabase, dropTable, dropView,
listViews, truncateTable, analyzeTable, getTableProperties, getCreateTableString,
listPartitions) and listFunctions / getFunction; expected values from PySpark 4.3 runs."""

from __future__ import annotations

import pytest

from engine.errors import AnalysisException


def _error_class(call) -> str:
    with pytest.raises(AnalysisException) as info:
        call()
    return str(info.value.getErrorClass())


def test_create_and_drop_database_follow_their_if_exists_and_cascade_flags(wh):
    c = wh.catalog
    c.createDatabase("cat_db")
    c.createDatabase("cat_db", ifNotExists=True)
    assert c.databaseExists("cat_db") and c.databaseExists("spark_catalog.cat_db")
    assert _error_class(lambda: c.createDatabase("cat_db")) == "SCHEMA_ALREADY_EXISTS"
    wh.sql("CREATE TABLE cat_db.t (a INT) USING parquet")
    assert _error_class(lambda: c.dropDatabase("cat_db")) == "SCHEMA_NOT_EMPTY"
    c.dropDatabase("cat_db", cascade=True)
    assert not c.databaseExists("cat_db")
    assert _error_class(lambda: c.dropDatabase("cat_db")) == "SCHEMA_NOT_FOUND"
    c.dropDatabase("cat_db", ifExists=True)
    c.createDatabase("cat_db2", properties={"comment": "hello"})
    assert c.getDatabase("cat_db2").description == "hello"
    assert c.getDatabase("spark_catalog.default").name == "default"
    c.dropDatabase("cat_db2")


def test_table_commands_read_and_change_a_partitioned_table(wh):
    c = wh.catalog
    wh.sql("CREATE TABLE cat_t (id INT, p INT) USING parquet PARTITIONED BY (p) TBLPROPERTIES ('k' = 'v')")
    wh.sql("INSERT INTO cat_t PARTITION (p = 1) SELECT 1")
    assert c.getTableProperties("cat_t") == {"k": "v"}
    assert c.getCreateTableString("cat_t") == (
        "CREATE TABLE spark_catalog.default.cat_t (\n  id INT,\n  p INT)\nUSING parquet\nPARTITIONED BY (p)\n"
        "TBLPROPERTIES (\n  'k' = 'v')\n"
    )
    assert [p.partition for p in c.listPartitions("cat_t")] == ["p=1"]
    assert c.analyzeTable("cat_t") is None and c.analyzeTable("cat_t", noScan=True) is None
    c.truncateTable("cat_t")
    assert wh.table("cat_t").count() == 0
    assert _error_class(lambda: c.dropView("cat_t")) == "WRONG_COMMAND_FOR_OBJECT_TYPE"
    c.dropTable("cat_t")
    assert not c.tableExists("cat_t")
    assert _error_class(lambda: c.dropTable("cat_t")) == "TABLE_OR_VIEW_NOT_FOUND"
    c.dropTable("cat_t", ifExists=True)
    assert _error_class(lambda: c.truncateTable("cat_t")) == "TABLE_OR_VIEW_NOT_FOUND"


def test_list_views_and_drop_view(wh):
    c = wh.catalog
    wh.sql("CREATE VIEW cat_v AS SELECT 1 AS c")
    assert [(v.name, v.tableType) for v in c.listViews(pattern="cat_v*")] == [("cat_v", "VIEW")]
    assert "cat_v" in [v.name for v in c.listViews("spark_catalog.default")]
    wh.range(1).createOrReplaceTempView("cat_tv")
    assert [(v.name, v.isTemporary) for v in c.listViews(pattern="cat_*v")] == [("cat_v", False), ("cat_tv", True)]
    c.dropTempView("cat_tv")
    assert _error_class(lambda: c.listViews("no_such_db")) == "SCHEMA_NOT_FOUND"
    c.dropView("cat_v")
    assert not c.tableExists("cat_v")
    c.dropView("cat_v", ifExists=True)
    assert _error_class(lambda: c.dropView("cat_v")) == "TABLE_OR_VIEW_NOT_FOUND"


def test_functions_are_listed_by_pattern_and_found_by_name(spark):
    c = spark.catalog
    names = [f.name for f in c.listFunctions(pattern="to_date|to_json|to_csv")]
    assert names == ["to_csv", "to_date", "to_json"]
    assert c.listFunctions(pattern="*not_existing_func*") == []
    abs_fn = c.getFunction("abs")
    assert (abs_fn.name, abs_fn.catalog, abs_fn.namespace, abs_fn.isTemporary) == ("abs", None, None, True)
    spark.udf.register("cat_fn_udf", lambda x: x, "int")
    assert [f.name for f in c.listFunctions(pattern="cat_fn_*")] == ["cat_fn_udf"]
    assert c.getFunction("cat_fn_udf").isTemporary is True
    assert _error_class(lambda: c.getFunction("nope_fn")) == "UNRESOLVED_ROUTINE"
    assert _error_class(lambda: c.getFunction("default.abs")) == "UNRESOLVED_ROUTINE"  # no persistent abs


def test_uncaching_a_missing_table_is_an_error(spark):
    assert _error_class(lambda: spark.catalog.uncacheTable("no_such_table_here")) == "TABLE_OR_VIEW_NOT_FOUND"


def test_creating_an_existing_temp_view_is_a_plain_analysis_exception(spark):
    spark.range(1).createOrReplaceTempView("cat_dup_view")
    with pytest.raises(AnalysisException) as info:
        spark.range(1).createTempView("cat_dup_view")
    assert type(info.value) is AnalysisException  # as PySpark Classic converts it
    assert info.value.getErrorClass() == "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS"
    spark.catalog.dropTempView("cat_dup_view")
