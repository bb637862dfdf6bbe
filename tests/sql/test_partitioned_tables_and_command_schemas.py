"""Partitioned warehouse tables in SQL behave as in Spark 4: ``PARTITIONED BY`` puts the partition
columns last, ``INSERT ... PARTITION (p = 'v')`` fills them from the spec (``INSERT OVERWRITE``
replacing that partition only), INSERT keeps appending to a table written partitioned, DESCRIBE
adds its ``# Partition Information`` block, SHOW PARTITIONS lists them; command results declare
their columns not null as Spark does, and RESET undoes SET. Expected answers are PySpark 4.3's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine
from engine.errors import AnalysisException


@pytest.fixture
def session(tmp_path: Path) -> Iterator[engine.SparkSession]:
    spark = (
        engine.SparkSession.builder.master("local[1]")
        .config("spark.sql.warehouse.dir", str(tmp_path))
        .create()
    )
    yield spark
    spark.stop()


def _rows(spark: engine.SparkSession, query: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in spark.sql(query).collect()]


def test_static_partition_insert_and_overwrite(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE pt (id INT, dt STRING, name STRING) USING parquet PARTITIONED BY (dt)")
    assert session.table("pt").columns == ["id", "name", "dt"]
    session.sql("INSERT INTO pt VALUES (1, 'a', '2024-01-01'), (2, 'b', '2024-01-02')")
    session.sql("INSERT INTO pt PARTITION (dt = '2024-01-03') VALUES (3, 'c')")
    session.sql("INSERT INTO pt PARTITION (dt = '2024-01-03') SELECT 4, 'd'")
    assert _rows(session, "SELECT * FROM pt ORDER BY id") == [
        (1, "a", "2024-01-01"), (2, "b", "2024-01-02"), (3, "c", "2024-01-03"), (4, "d", "2024-01-03"),
    ]  # fmt: skip
    session.sql("INSERT OVERWRITE TABLE pt PARTITION (dt = '2024-01-03') VALUES (5, 'e')")
    assert _rows(session, "SELECT * FROM pt ORDER BY id") == [
        (1, "a", "2024-01-01"),
        (2, "b", "2024-01-02"),
        (5, "e", "2024-01-03"),
    ]
    assert dict(session.table("pt").dtypes)["dt"] == "string"  # not the date its directory names look like
    assert _rows(session, "SHOW PARTITIONS pt") == [
        ("dt=2024-01-01",),
        ("dt=2024-01-02",),
        ("dt=2024-01-03",),
    ]
    assert _rows(session, "DESCRIBE pt") == [
        ("id", "int", None), ("name", "string", None), ("dt", "string", None),
        ("# Partition Information", "", ""), ("# col_name", "data_type", "comment"), ("dt", "string", None),
    ]  # fmt: skip


def test_insert_into_a_table_created_partitioned_as_select(session: engine.SparkSession) -> None:
    session.sql(
        "CREATE TABLE tr USING parquet PARTITIONED BY (k) AS SELECT 'p' AS k, 1 AS v UNION ALL SELECT 'q', 2"
    )
    session.sql("INSERT INTO tr VALUES (3, 'r')")
    session.sql("INSERT INTO tr PARTITION (k = 'z') SELECT 5")
    session.sql("INSERT OVERWRITE tr PARTITION (k = 'p') SELECT 6")
    assert _rows(session, "SELECT * FROM tr ORDER BY v") == [(2, "q"), (3, "r"), (5, "z"), (6, "p")]
    assert _rows(session, "SHOW PARTITIONS tr") == [("k=p",), ("k=q",), ("k=r",), ("k=z",)]


def test_two_partition_columns_one_static(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE tw (a INT, b STRING, c INT) USING parquet PARTITIONED BY (c, a)")
    session.sql("INSERT INTO tw PARTITION (c = 1, a) VALUES ('x', 7)")
    assert session.table("tw").columns == ["b", "c", "a"]
    assert _rows(session, "SELECT * FROM tw") == [("x", 1, 7)]
    assert _rows(session, "SHOW PARTITIONS tw") == [("c=1/a=7",)]


@pytest.mark.parametrize(
    ("statement", "error_class", "state"),
    [
        ("INSERT INTO tr PARTITION (k = 'z') SELECT 5, 6", "INSERT_PARTITION_COLUMN_ARITY_MISMATCH", "21S01"),
        ("INSERT INTO tr PARTITION (nope = 'z') SELECT 5", "PARTITIONS_NOT_FOUND", "428FT"),
        ("SHOW PARTITIONS plain", "INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY", "42601"),
        ("SHOW PARTITIONS v", "TABLE_OR_VIEW_NOT_FOUND", "42P01"),
    ],
)
def test_partition_errors(session: engine.SparkSession, statement: str, error_class: str, state: str) -> None:
    session.sql("CREATE TABLE tr (v INT, k STRING) USING parquet PARTITIONED BY (k)")
    session.sql("CREATE TABLE plain (a INT) USING parquet")
    session.sql("CREATE TEMP VIEW v AS SELECT 1 AS a")
    with pytest.raises(AnalysisException) as info:
        session.sql(statement)
    assert (info.value.getErrorClass(), info.value.getSqlState()) == (error_class, state)


def _nullability(df: engine.DataFrame) -> list[tuple[str, bool]]:
    return [(f.name, f.nullable) for f in df.schema.fields]


def test_command_results_are_not_null_but_where_spark_says(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE t (a INT) USING parquet")
    assert _nullability(session.sql("DESCRIBE t")) == [
        ("col_name", False),
        ("data_type", False),
        ("comment", True),
    ]
    assert _nullability(session.sql("SHOW TABLES")) == [
        ("namespace", False),
        ("tableName", False),
        ("isTemporary", False),
    ]
    assert _nullability(session.sql("SHOW COLUMNS IN t")) == [("col_name", False)]
    assert _nullability(session.sql("SET spark.sql.shuffle.partitions")) == [("key", False), ("value", False)]
    assert _nullability(session.sql("SHOW TBLPROPERTIES t")) == [("key", False), ("value", False)]
    assert _nullability(session.sql("SHOW CREATE TABLE t")) == [("createtab_stmt", False)]
    assert _nullability(session.sql("EXPLAIN SELECT 1")) == [("plan", True)]


def test_reset_goes_back_to_the_sessions_settings(session: engine.SparkSession) -> None:
    session.sql("SET spark.sql.shuffle.partitions=7")
    session.sql("SET spark.my.key=x")
    session.sql("RESET spark.sql.shuffle.partitions")
    assert _rows(session, "SET spark.sql.shuffle.partitions") == [("spark.sql.shuffle.partitions", "200")]
    assert _rows(session, "SET spark.my.key") == [("spark.my.key", "x")]
    session.sql("RESET")
    assert _rows(session, "SET spark.my.key") == [("spark.my.key", "<undefined>")]
    assert session.conf.get("spark.sql.warehouse.dir") != "spark-warehouse"  # a builder setting stays
