"""nanvl(a, b) evaluates `b` only on rows where `a` is NaN, as PySpark 4.3 does: a fallback
that would fail (a division by zero under ANSI) fails only where it is needed."""

from __future__ import annotations

import pytest

import engine
from engine.errors import ArithmeticException

_VALUES = "VALUES (1d, 0), (2d, 1), (NULL, 1), (CAST('NaN' AS DOUBLE), 0) AS t(c1, c2)"


@pytest.mark.parametrize(
    "expr,expected",
    [
        # answers observed in PySpark 4.3
        ("nanvl(c2, 1/0)", [0.0, 1.0, 1.0, 0.0]),
        ("nanvl(c2, c1/c2 + c1/c2)", [0.0, 1.0, 1.0, 0.0]),
        ("nanvl(c1, c2 + 5)", [1.0, 2.0, None, 5.0]),
    ],
)
def test_fallback_runs_only_on_nan_rows(spark: engine.SparkSession, expr: str, expected: list[float | None]) -> None:
    rows = spark.sql(f"SELECT {expr} AS v FROM {_VALUES}").collect()
    assert sorted((r.v for r in rows), key=lambda v: (v is None, v)) == sorted(expected, key=lambda v: (v is None, v))


def test_failing_fallback_still_fails_where_a_nan_needs_it(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql(f"SELECT nanvl(c1, 1/0) FROM {_VALUES}").collect()
    assert info.value.getCondition() == "DIVIDE_BY_ZERO"
