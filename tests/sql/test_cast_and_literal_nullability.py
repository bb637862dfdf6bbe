"""Nullability of casts, typed literals and decimal arithmetic as PySpark 4 types them
(observed in PySpark runs): Spark's Cast.forceNullable decides whether a cast of a non-null
value may be null; typed literals are literals; ANSI decimal + - * only carry their inputs'
nulls."""

from __future__ import annotations

import engine


def _nullable(spark: engine.SparkSession, query: str) -> list[bool]:
    return [f.nullable for f in spark.sql(query).schema.fields]


def test_casts_of_non_null_values(spark: engine.SparkSession) -> None:
    q = (
        "SELECT CAST('1' AS INT), CAST(1 AS BIGINT), CAST(1 AS STRING), CAST(1.5 AS INT),"
        " CAST(DATE'2024-01-01' AS TIMESTAMP), CAST(TIMESTAMP'2024-01-01 00:00:00' AS DATE),"
        " CAST(1 AS DECIMAL(5,2)), CAST(1 AS DECIMAL(10,0)), CAST(1 AS DECIMAL(11,0))"
    )
    assert _nullable(spark, q) == [True, False, False, True, False, False, True, False, False]


def test_typed_literals_are_not_null(spark: engine.SparkSession) -> None:
    q = (
        "SELECT timestampadd(MONTH, 1, TIMESTAMP'2024-01-31 00:00:00'), timestampadd(DAY, 1, DATE'2024-01-31'),"
        " timestampdiff(MONTH, DATE'2024-01-31', DATE'2024-02-29'), months_between(DATE'2024-03-31', DATE'2024-02-29'),"
        " unix_seconds(TIMESTAMP'2024-01-01 00:00:00'), 1L, TIMESTAMP_NTZ'2024-01-01 00:00:00'"
    )
    assert _nullable(spark, q) == [False] * 7


def test_decimal_arithmetic_nullability(spark: engine.SparkSession) -> None:
    q = (
        "SELECT CAST(1.5 AS DECIMAL(10,2)) * CAST(2.25 AS DECIMAL(12,4)), 1.5 + 2,"
        " CAST(1 AS DECIMAL(38,10)) / CAST(3 AS DECIMAL(38,10)), CAST(NULL AS DECIMAL(3,1)) - 1.5"
    )
    assert _nullable(spark, q) == [False, True, True, True]  # 2 is cast to decimal(1,0), which may overflow
