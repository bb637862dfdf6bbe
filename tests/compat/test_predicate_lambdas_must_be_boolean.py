"""filter, exists, forall and map_filter refuse a lambda whose body is not a boolean while the
plan is analyzed, as PySpark 4 does (UNEXPECTED_INPUT_TYPE), instead of reading a number as a
truth value. Expected values are PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


@pytest.mark.parametrize(
    "make",
    [
        lambda: F.filter("a", lambda x: x + 1),
        lambda: F.exists("a", lambda x: x + 1),
        lambda: F.forall("a", lambda x: x),
        lambda: F.map_filter("m", lambda k, v: v),
    ],
)
def test_non_boolean_predicate_is_unexpected_input_type(spark: engine.SparkSession, make) -> None:
    df = spark.createDataFrame([([1], {"a": 1})], "a array<int>, m map<string,int>")
    with pytest.raises(AnalysisException, match='The second parameter requires the "BOOLEAN" type') as info:
        df.select(make()).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"


def test_filter_message_names_the_lambda(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1],)], "a array<int>")
    with pytest.raises(AnalysisException) as info:
        df.select(F.filter("a", lambda x: x + 1)).collect()
    assert (
        'Cannot resolve "filter(a, lambdafunction((namedlambdavariable() + 1), namedlambdavariable()))"'
        in str(info.value)
    )
