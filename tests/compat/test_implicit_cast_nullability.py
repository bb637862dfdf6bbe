"""Nullability of the casts Spark inserts or is asked for, as PySpark 4 reports it (its
Cast.forceNullable): a date to or from TIMESTAMP_NTZ and a timestamp to int may be null; so
may ``coalesce(d, '2024-01-01')`` (a string cast to a date) and a comparison of a decimal
with an integer literal (the literal is cast to the decimal of its own digits first)."""

from __future__ import annotations

import engine


def _nullable(spark: engine.SparkSession, query: str) -> list[bool]:
    return [f.nullable for f in spark.sql(query).schema.fields]


_V = (
    "VALUES (DATE '2024-01-01', TIMESTAMP_NTZ '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 00:00:00', 1.5D, 1)"
    " AS v(d, n, ts, x, i)"
)


def test_datetime_casts(spark: engine.SparkSession) -> None:
    q = (
        "SELECT CAST(d AS TIMESTAMP_NTZ), CAST(n AS DATE), CAST(ts AS DATE), CAST(d AS TIMESTAMP),"
        " CAST(ts AS TIMESTAMP_NTZ), CAST(n AS TIMESTAMP), CAST(ts AS INT), CAST(ts AS BIGINT),"
        f" CAST(ts AS SMALLINT), CAST(ts AS DOUBLE), CAST(x AS TIMESTAMP), CAST(i AS TIMESTAMP) FROM {_V}"
    )
    assert _nullable(spark, q) == [
        True,
        True,
        False,
        False,
        False,
        False,
        True,
        False,
        True,
        False,
        True,
        False,
    ]


def test_date_compared_with_timestamp_ntz(spark: engine.SparkSession) -> None:
    q = f"SELECT d < n, d = ts, DATE '2024-01-01' < TIMESTAMP_NTZ '2024-01-01 10:00:00' FROM {_V}"
    assert _nullable(spark, q) == [True, False, True]


def test_coalesce_family_counts_the_cast_of_each_argument(spark: engine.SparkSession) -> None:
    v = "VALUES (DATE '2024-01-01', 1.5D, 1), (NULL, NULL, NULL) AS v(d, x, i)"
    q = (
        "SELECT ifnull(d, '2024-01-01'), coalesce(d, '2024-01-01'), nvl(i, '1'), coalesce(i, 1.5),"
        f" nvl2(i, d, '2024-01-01'), coalesce(x, 1), coalesce(d, DATE '2024-01-01') FROM {v}"
    )
    assert _nullable(spark, q) == [True, True, True, False, True, False, False]
    assert [tuple(map(str, r)) for r in spark.sql(q).collect()] == [
        ("2024-01-01", "2024-01-01", "1", "1.0", "2024-01-01", "1.5", "2024-01-01"),
        ("2024-01-01", "2024-01-01", "1", "1.5", "2024-01-01", "1.0", "2024-01-01"),
    ]


def test_decimal_compared_with_integer_literal(spark: engine.SparkSession) -> None:
    q = (
        "SELECT x BETWEEN 1 AND 3, x > 1, x = 100, x < 100000000000, i = 1.25, x IN (1, 2),"
        " 2.5 BETWEEN 1 AND 3, 2 BETWEEN 1 AND 3, 2.5 BETWEEN 1.0 AND 3.0, 2.5 = 1, x <=> 1"
        " FROM VALUES (2.5, 1) AS v(x, i)"
    )
    assert _nullable(spark, q) == [True, True, True, True, False, False, True, False, False, True, False]
