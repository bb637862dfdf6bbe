"""A lambda given to a function that takes none is an error, as in PySpark 4.3
(INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION), not a silently null column."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


@pytest.mark.parametrize("call", ["upper(x -> x)", "concat(x -> x, 'a')"])
def test_lambda_in_a_plain_function_is_refused(spark: engine.SparkSession, call: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"SELECT {call} AS v")
    assert info.value.getCondition() == "INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION"
    assert info.value.getSqlState() == "42K0D"


def test_higher_order_functions_still_take_lambdas(spark: engine.SparkSession) -> None:
    row = spark.sql("SELECT transform(array(1, 2), x -> x + 1), array_sort(array(2, 1), (a, b) -> a - b)").collect()[0]
    assert list(row) == [[2, 3], [1, 2]]
