"""A value too large for the column an INSERT assigns it to fails as in PySpark 4 (messages
observed in PySpark runs): CAST_OVERFLOW_IN_TABLE_INSERT (SQLSTATE 22003) naming the source and
column types and the column, for integral, fractional and decimal columns alike, not the plain
cast's CAST_OVERFLOW / NUMERIC_VALUE_OUT_OF_RANGE; a CAST written in the query keeps its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from engine.errors import ArithmeticException


@pytest.fixture
def table(spark: engine.SparkSession) -> Iterator[str]:
    spark.sql("DROP TABLE IF EXISTS ovf_t")
    spark.sql("CREATE TABLE ovf_t (a INT, b TINYINT, c DECIMAL(4,1)) USING parquet")
    yield "ovf_t"
    spark.sql("DROP TABLE IF EXISTS ovf_t")


@pytest.mark.parametrize(
    "values,source,target,column",
    [
        ("SELECT 12345678901, 1, 1", "BIGINT", "INT", "a"),
        ("VALUES (1, 300, 1)", "INT", "TINYINT", "b"),
        ("VALUES (1, 1, 12345.6)", "DECIMAL(6,1)", "DECIMAL(4,1)", "c"),
        ("SELECT 1.5e20, 1, 1", "DOUBLE", "INT", "a"),
    ],
)
def test_overflow_names_the_column(
    spark: engine.SparkSession, table: str, values: str, source: str, target: str, column: str
) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql(f"INSERT INTO {table} {values}")
    assert info.value.getCondition() == "CAST_OVERFLOW_IN_TABLE_INSERT"
    assert info.value.getSqlState() == "22003"
    assert (
        f'Fail to assign a value of "{source}" type to the "{target}" type column or variable `{column}` due to an '
        "overflow. Use `try_cast` on the input value to tolerate overflow and return NULL instead."
    ) in str(info.value)


def test_values_that_fit_are_inserted(spark: engine.SparkSession, table: str) -> None:
    spark.sql(f"INSERT INTO {table} VALUES (7, 100, 123.4)")
    assert [tuple(r) for r in spark.table(table).collect()][0][:2] == (7, 100)


def test_a_cast_in_the_query_keeps_its_own_error(spark: engine.SparkSession, table: str) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql(f"INSERT INTO {table} SELECT CAST(12345678901 AS INT), 1, 1")
    assert info.value.getCondition() == "CAST_OVERFLOW"
