"""A TINYINT or SMALLINT ``+ - *`` that overflows under ANSI is Spark's
BINARY_ARITHMETIC_OVERFLOW naming its operands (as PySpark 4 reports it, both with the S
suffix); INT and BIGINT keep ARITHMETIC_OVERFLOW."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ArithmeticException


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "SELECT x + 1Y FROM VALUES (CAST(127 AS TINYINT)) AS t(x)",
            "[BINARY_ARITHMETIC_OVERFLOW] 127S + 1S caused overflow. Use `try_add` to ignore overflow problem "
            "and return NULL.",
        ),
        (
            "SELECT x - 1S FROM VALUES (CAST(-32768 AS SMALLINT)) AS t(x)",
            "[BINARY_ARITHMETIC_OVERFLOW] -32768S - 1S caused overflow. Use `try_subtract` to ignore overflow "
            "problem and return NULL.",
        ),
    ],
)
def test_small_integer_overflow(spark: engine.SparkSession, query: str, message: str) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql(query).collect()
    assert info.value.getSqlState() == "22003"
    assert str(info.value).startswith(message)


def test_int_overflow_keeps_its_class(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql("SELECT x + 1 FROM VALUES (2147483647) AS t(x)").collect()
    assert info.value.getCondition() == "ARITHMETIC_OVERFLOW"
