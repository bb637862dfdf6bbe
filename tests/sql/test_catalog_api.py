"""``spark.catalog`` over the same warehouse the SQL commands use: createTable, listTables,
listColumns (comments, partition columns), tableExists, getTable, getDatabase, functionExists,
isCached, recoverPartitions, as PySpark 4.3 answers them (its answers are the literals here)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from engine.errors import AnalysisException
from engine.types import IntegerType, StringType, StructField, StructType


@pytest.fixture
def session(tmp_path: Path) -> Iterator[engine.SparkSession]:
    spark = engine.SparkSession.builder.master("local[1]").config("spark.sql.warehouse.dir", str(tmp_path)).create()
    yield spark
    spark.stop()


SCHEMA = StructType([StructField("a", IntegerType()), StructField("b", StringType())])


def test_create_table_and_list_it(session: engine.SparkSession) -> None:
    c = session.catalog
    assert c.createTable("ct", schema=SCHEMA).columns == ["a", "b"]
    with pytest.raises(AnalysisException) as e:
        c.createTable("ct", schema=SCHEMA)
    assert e.value.getCondition() == "TABLE_OR_VIEW_ALREADY_EXISTS"
    c.createTable("ct2", schema=SCHEMA, source="parquet", description="d")
    assert [(t.name, t.catalog, t.namespace, t.description, t.tableType, t.isTemporary) for t in c.listTables()] == [
        ("ct", "spark_catalog", ["default"], None, "MANAGED", False),
        ("ct2", "spark_catalog", ["default"], "d", "MANAGED", False),
    ]
    assert [tuple(x) for x in c.listColumns("ct")] == [
        ("a", None, "int", True, False, False, False), ("b", None, "string", True, False, False, False),
    ]  # fmt: skip
    assert (c.tableExists("ct"), c.tableExists("nope"), c.tableExists("default.ct"), c.tableExists("ct", "default")) == (
        True, False, True, True,
    )  # fmt: skip
    assert tuple(c.getTable("ct")) == ("ct", "spark_catalog", ["default"], None, "MANAGED", False)
    assert [t.name for t in c.listTables(pattern="c*")] == ["ct", "ct2"]


def test_columns_show_comments_and_partitions(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE p (id INT COMMENT 'key', dt STRING) USING parquet PARTITIONED BY (dt) COMMENT 'tbl'")
    assert [(x.name, x.description, x.isPartition) for x in session.catalog.listColumns("p")] == [
        ("id", "key", False), ("dt", None, True),
    ]  # fmt: skip
    assert session.catalog.getTable("p").description == "tbl"
    session.catalog.recoverPartitions("p")
    session.catalog.createTable("flat", schema=SCHEMA)
    with pytest.raises(AnalysisException) as e:
        session.catalog.recoverPartitions("flat")
    assert e.value.getCondition() == "NOT_A_PARTITIONED_TABLE"


def test_functions_databases_and_cache_questions(session: engine.SparkSession) -> None:
    c = session.catalog
    assert (c.functionExists("abs"), c.functionExists("nope")) == (True, False)
    assert tuple(c.getDatabase("default"))[:3] == ("default", "spark_catalog", "default database")
    session.range(3).createOrReplaceTempView("tv")
    c.cacheTable("tv")
    assert c.isCached("tv")
    c.uncacheTable("tv")
    assert not c.isCached("tv")
    with pytest.raises(AnalysisException) as e:
        c.isCached("nope")
    assert e.value.getCondition() == "TABLE_OR_VIEW_NOT_FOUND"
    assert (c.dropTempView("tv"), c.dropTempView("tv")) == (True, False)
