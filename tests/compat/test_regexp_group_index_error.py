"""regexp_extract / regexp_extract_all with a group the pattern lacks fail at run time as in
PySpark 4: a SparkRuntimeException of class INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX (SQLSTATE
22023) naming the function."""

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


def test_extract_all_names_itself(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a1b2",)], ["s"])
    with pytest.raises(SparkRuntimeException) as info:
        df.select(F.regexp_extract_all("s", F.lit("([a-z])([0-9])"), 3)).collect()
    assert info.value.getCondition() == "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX"
    assert (
        "The value of parameter(s) `idx` in `regexp_extract_all` is invalid: Expects group index between 0 and 2, "
        "but got 3."
    ) in str(info.value)


def test_java_named_groups_count_as_groups(spark: engine.SparkSession) -> None:
    # PySpark 4.3: (?<first>\w+) is group 1; regexp_extract of "John Smith 42" gives "John"
    df = spark.createDataFrame([("John Smith 42",), (None,)], ["s"])
    out = df.select(
        F.regexp_extract("s", r"(?<first>\w+) (?<last>\w+)", 2).alias("last"),
        F.regexp_extract_all("s", F.lit(r"(?<d>\d)"), 1).alias("digits"),
    )
    assert [tuple(r) for r in out.collect()] == [("Smith", ["4", "2"]), (None, None)]
