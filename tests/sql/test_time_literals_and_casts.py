"""TIME literals as Spark 4.3 takes them (values, names and errors observed in PySpark 4.3 runs):
``TIME '00:01:52'`` is a TIME(6) time of day that casts to its seconds (floored for integers,
rounded half up for decimals, CAST_OVERFLOW / NUMERIC_VALUE_OUT_OF_RANGE when they do not fit),
while a CAST to TIME is UNSUPPORTED_TIME_TYPE and TIME meets no timestamp in a UNION or
coalesce. Engine read TIME as TIMESTAMP: its literals failed and CAST(ts AS TIME(6)) answered a
timestamp."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

import engine
from engine.errors import AnalysisException, ArithmeticException, ParseException


def test_time_literal(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT TIME '00:01:52', TIME '00:00:17.5'")
    assert df.columns == ["TIME '00:01:52'", "TIME '00:00:17.5'"]
    assert df.schema.simpleString() == "struct<TIME '00:01:52':time(6),TIME '00:00:17.5':time(6)>"
    assert tuple(df.collect()[0]) == (dt.time(0, 1, 52), dt.time(0, 0, 17, 500000))


def test_time_to_seconds(spark: engine.SparkSession) -> None:
    row = spark.sql(
        "SELECT CAST(TIME '00:01:52' AS TINYINT), CAST(TIME '23:59:59' AS INT), CAST(TIME '00:00:17.9' AS INT), "
        "TIME '00:01:52' :: INT, CAST(TIME '23:59:59.9' AS DECIMAL(6, 0)), CAST(TIME '01:30:45' AS DECIMAL(8, 3)), "
        "CAST(TIME '23:59:59.999' AS DECIMAL(8, 2))"
    ).collect()[0]
    assert tuple(row) == (
        112, 86399, 17, 112, decimal.Decimal("86400"), decimal.Decimal("5445.000"), decimal.Decimal("86400.00"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("query", "condition"),
    [
        ("SELECT CAST(TIME '23:59:59' AS TINYINT)", "CAST_OVERFLOW"),
        ("SELECT CAST(TIME '00:01:00' AS DECIMAL(1, 0))", "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION"),
    ],
)
def test_seconds_that_do_not_fit(spark: engine.SparkSession, query: str, condition: str) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == condition


def test_cast_to_time_is_unsupported(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:  # not a ParseException (PySpark 4.3)
        spark.sql("SELECT CAST(TIMESTAMP_NTZ'2020-05-17 12:34:56.789012' AS TIME(6))")
    assert info.value.getCondition() == "UNSUPPORTED_TIME_TYPE"
    assert not isinstance(info.value, ParseException)


@pytest.mark.parametrize(
    ("query", "condition"),
    [
        ("SELECT TIME'12:34:56' UNION ALL SELECT TIMESTAMP'2020-05-17 12:34:56'", "INCOMPATIBLE_COLUMN_TYPE"),
        ("SELECT coalesce(TIME'12:34:56', TIMESTAMP_NTZ'2020-05-17 12:34:56')", "DATATYPE_MISMATCH.DATA_DIFF_TYPES"),
    ],
)
def test_time_meets_no_timestamp(spark: engine.SparkSession, query: str, condition: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == condition
