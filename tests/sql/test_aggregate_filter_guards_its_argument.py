"""An aggregate's FILTER decides which rows its argument is computed for, as in Spark:
``sum(1 / ten) FILTER (WHERE ten > 0)`` never divides by the rows the filter drops, while the
same sum without the filter raises DIVIDE_BY_ZERO. (Expected rows and errors from PySpark 4.3.)"""

from __future__ import annotations

import pytest

import engine
from engine.errors import ArithmeticException
from tests.sql.statements import rows

TEN = "(SELECT id % 3 AS ten FROM range(10))"


def test_the_filter_guards_a_division(spark: engine.SparkSession) -> None:
    df = spark.sql(f"SELECT sum(1 / ten) FILTER (WHERE ten > 0) FROM {TEN}")
    assert df.columns == ["sum((1 / ten)) FILTER (WHERE (ten > 0))"]
    assert [tuple(r) for r in df.collect()] == [(4.5,)]


def test_a_filtered_group_keeps_a_null(spark: engine.SparkSession) -> None:
    q = f"SELECT ten, max(10 div ten) FILTER (WHERE ten > 0) FROM {TEN} GROUP BY ten ORDER BY ten"
    assert rows(spark, q) == [(0, None), (1, 10), (2, 5)]


def test_without_the_filter_the_division_raises(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException) as e:
        spark.sql(f"SELECT sum(1 / ten) FROM {TEN}").collect()
    assert e.value.getCondition() == "DIVIDE_BY_ZERO"
