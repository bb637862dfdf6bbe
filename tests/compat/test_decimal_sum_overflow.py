"""A decimal sum past its result's 38 digits (answers and error from PySpark 4 runs): sum raises
ARITHMETIC_OVERFLOW "Overflow in sum of decimals" suggesting try_sum, and try_sum is null for
the group that overflows only."""

from __future__ import annotations

import decimal

import pytest

import engine
from engine.errors import ArithmeticException

_BIG = "CAST(99999999999999999999999999999999999999 AS DECIMAL(38,0))"
_ONE = "CAST(1 AS DECIMAL(38,0))"


def test_sum_of_decimals_overflows_with_sparks_error(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql(f"SELECT sum(x) FROM VALUES ({_BIG}), ({_ONE}) AS v(x)").collect()
    assert info.value.getErrorClass() == "ARITHMETIC_OVERFLOW"
    assert "[ARITHMETIC_OVERFLOW] Overflow in sum of decimals. Use 'try_sum' to tolerate overflow" in str(
        info.value
    )


def test_try_sum_of_decimals_is_null_where_it_overflows(spark: engine.SparkSession) -> None:
    q = f"SELECT try_sum(x) AS a, try_sum(y) AS b FROM VALUES ({_BIG}, 1.5), ({_ONE}, 2.5) AS v(x, y)"
    assert tuple(spark.sql(q).collect()[0]) == (None, decimal.Decimal("4.0"))
    q = (
        f"SELECT k, try_sum(x) AS s FROM VALUES (1, {_BIG}), (1, {_ONE}), (2, {_ONE}) AS v(k, x)"
        " GROUP BY k ORDER BY k"
    )
    assert [tuple(r) for r in spark.sql(q).collect()] == [(1, None), (2, decimal.Decimal("1"))]
