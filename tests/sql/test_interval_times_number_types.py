"""``interval * n`` and ``interval / n`` are typed as Spark 4 types them (schemas observed in
PySpark runs): a whole INTERVAL DAY TO SECOND or YEAR TO MONTH whatever the input's fields,
null only for a null input; dividing by zero is INTERVAL_DIVIDED_BY_ZERO without ANSI's hint."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ArithmeticException


def _schema(spark: engine.SparkSession, query: str) -> list[tuple[str, str, bool]]:
    return [(f.name, f.dataType.simpleString(), f.nullable) for f in spark.sql(query).schema.fields]


def test_literal_intervals_scaled(spark: engine.SparkSession) -> None:
    q = (
        "SELECT INTERVAL '2' YEAR * 2 a, INTERVAL '2' MONTH / 2 b, 3 * INTERVAL '1' HOUR c, "
        "INTERVAL '1' MINUTE / 0.5D d, INTERVAL '1' SECOND * NULL e"
    )
    assert _schema(spark, q) == [
        ("a", "interval year to month", False),
        ("b", "interval year to month", False),
        ("c", "interval day to second", False),
        ("d", "interval day to second", False),
        ("e", "interval day to second", True),
    ]
    assert spark.sql("SELECT CAST(INTERVAL '1' HOUR * 1.5 AS STRING)").collect()[0][0] == (
        "INTERVAL '0 01:30:00' DAY TO SECOND"
    )


def test_null_factor_makes_it_nullable(spark: engine.SparkSession) -> None:
    q = "SELECT i * n a, i / n b FROM VALUES (INTERVAL '1' HOUR, CAST(NULL AS INT)) AS t(i, n)"
    assert _schema(spark, q) == [("a", "interval day to second", True), ("b", "interval day to second", True)]


def test_divided_by_zero(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql("SELECT CAST(INTERVAL '1' HOUR / 0 AS STRING)").collect()
    assert info.value.getCondition() == "INTERVAL_DIVIDED_BY_ZERO"
    assert str(info.value).startswith(
        "[INTERVAL_DIVIDED_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and "
        "return NULL instead. SQLSTATE: 22012"
    )
