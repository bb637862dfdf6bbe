"""regexp_extract with a group the pattern lacks fails at run time as in PySpark 4: a
SparkRuntimeException of class INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX (SQLSTATE 22023)."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import IllegalArgumentException, SparkRuntimeException


def test_group_past_the_patterns_groups(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("abc",)], ["s"])
    with pytest.raises(SparkRuntimeException) as info:
        df.select(F.regexp_extract("s", "(a)", 3)).collect()
    assert not isinstance(info.value, IllegalArgumentException)
    assert info.value.getCondition() == "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX"
    assert info.value.getSqlState() == "22023"
    assert "Expects group index between 0 and 1, but got 3." in str(info.value)
