"""CAST between ANSI intervals and integral or decimal numbers counts in the interval type's
last field, as Spark 4 does (values observed in PySpark 4.3 runs): truncated toward zero into
integers, rounded half up into and out of decimals, CAST_OVERFLOW / NUMERIC_VALUE_OUT_OF_RANGE
when the value does not fit, null under try_cast. A minus before an interval literal's string
negates it. Casting an interval to other fields of its kind truncates to the last one."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

import engine
from engine.errors import AnalysisException, ArithmeticException


def _row(spark: engine.SparkSession, query: str) -> tuple[object, ...]:
    return tuple(spark.sql(query).collect()[0])


def test_intervals_to_integers_count_the_last_field_toward_zero(spark: engine.SparkSession) -> None:
    q = (
        "SELECT CAST(INTERVAL '1' YEAR AS TINYINT), CAST(INTERVAL '-10-2' YEAR TO MONTH AS SMALLINT), "
        "CAST(INTERVAL -'10.123456' SECOND AS TINYINT), CAST(INTERVAL -'1 02:03:04.123' DAY TO SECOND AS INT), "
        "CAST(INTERVAL '10' DAY AS BIGINT), CAST(INTERVAL '-25' MONTH AS INT)"
    )
    df = spark.sql(q)
    assert [f.dataType.simpleString() for f in df.schema.fields] == [
        "tinyint", "smallint", "tinyint", "int", "bigint", "int",
    ]  # fmt: skip
    assert tuple(df.collect()[0]) == (1, -122, -10, -93784, 10, -25)


def test_intervals_to_decimals_round_half_up(spark: engine.SparkSession) -> None:
    q = (
        "SELECT CAST(INTERVAL '-1' YEAR AS DECIMAL(10, 0)), CAST(INTERVAL '1.000001' SECOND AS DECIMAL(10, 6)), "
        "CAST(INTERVAL '08:11:10.001' HOUR TO SECOND AS DECIMAL(10, 4)), "
        "CAST(INTERVAL '1 01:02:03.1' DAY TO SECOND AS DECIMAL(8, 1)), CAST(INTERVAL '10.005' SECOND AS DECIMAL(4, 2))"
    )
    assert _row(spark, q) == (
        decimal.Decimal("-1"),
        decimal.Decimal("1.000001"),
        decimal.Decimal("29470.0010"),
        decimal.Decimal("90123.1"),
        decimal.Decimal("10.01"),
    )


def test_numbers_to_day_time_intervals(spark: engine.SparkSession) -> None:
    q = (
        "SELECT CAST(-10L AS INTERVAL SECOND), CAST(100Y AS INTERVAL HOUR TO SECOND), "
        "CAST(-1000S AS INTERVAL DAY TO SECOND), CAST(10 AS INTERVAL DAY), "
        "CAST(10.123456BD AS INTERVAL DAY TO SECOND), CAST(80.654321BD AS INTERVAL HOUR TO MINUTE)"
    )
    assert _row(spark, q) == (
        dt.timedelta(seconds=-10),
        dt.timedelta(seconds=100),
        dt.timedelta(seconds=-1000),
        dt.timedelta(days=10),
        dt.timedelta(seconds=10, microseconds=123456),
        dt.timedelta(hours=1, minutes=20, seconds=39, microseconds=259260),
    )
    assert _row(spark, "SELECT CAST(dt AS INTERVAL HOUR TO SECOND) FROM VALUES (100Y) AS t(dt)") == (
        dt.timedelta(seconds=100),
    )


def test_numbers_to_year_month_intervals(spark: engine.SparkSession) -> None:
    q = (
        "SELECT CAST(CAST(1Y AS INTERVAL YEAR) AS STRING), CAST(CAST(-122S AS INTERVAL YEAR TO MONTH) AS STRING), "
        "CAST(CAST(-10.5BD AS INTERVAL YEAR) AS STRING), CAST(CAST(10.654321BD AS INTERVAL MONTH) AS STRING)"
    )
    assert _row(spark, q) == (
        "INTERVAL '1' YEAR",
        "INTERVAL '-10-2' YEAR TO MONTH",
        "INTERVAL '-10' YEAR",
        "INTERVAL '11' MONTH",
    )


@pytest.mark.parametrize(
    ("query", "condition"),
    [
        ("SELECT CAST(INTERVAL '23:59:59' HOUR TO SECOND AS SMALLINT)", "CAST_OVERFLOW"),
        ("SELECT CAST(INTERVAL '-1000' MONTH AS TINYINT)", "CAST_OVERFLOW"),
        ("SELECT CAST(2147483647 AS INTERVAL YEAR)", "CAST_OVERFLOW"),
        ("SELECT CAST(-9223372036854775808L AS INTERVAL DAY)", "CAST_OVERFLOW"),
        ("SELECT CAST(INTERVAL '10.123' SECOND AS DECIMAL(1, 0))", "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION"),
    ],
)
def test_values_that_do_not_fit_overflow(spark: engine.SparkSession, query: str, condition: str) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == condition
    assert spark.sql(query.replace("CAST(", "TRY_CAST(", 1)).collect()[0][0] is None


def test_overflow_names_the_interval_value(spark: engine.SparkSession) -> None:
    with pytest.raises(ArithmeticException) as info:
        spark.sql("SELECT CAST(INTERVAL '1000000' SECOND AS SMALLINT)").collect()
    assert str(info.value).startswith(
        "[CAST_OVERFLOW] The value INTERVAL '1000000' SECOND of the type \"INTERVAL SECOND\" cannot be cast to "
        '"SMALLINT" due to an overflow.'
    )


def test_floating_numbers_do_not_cast_to_intervals(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT CAST(1.5D AS INTERVAL SECOND)").collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION"


def test_intervals_to_other_fields_truncate_to_the_last_one(spark: engine.SparkSession) -> None:
    q = (
        "SELECT CAST(CAST(INTERVAL '1 10:20' DAY TO MINUTE AS INTERVAL DAY) AS STRING), "
        "CAST(CAST(INTERVAL '1-11' YEAR TO MONTH AS INTERVAL YEAR) AS STRING), "
        "CAST(INTERVAL -'1 10:20' DAY TO MINUTE AS INTERVAL DAY TO HOUR), "
        "CAST(CAST(INTERVAL -'1-11' YEAR TO MONTH AS INTERVAL YEAR) AS INT)"
    )
    assert _row(spark, q) == ("INTERVAL '1' DAY", "INTERVAL '1' YEAR", -dt.timedelta(days=1, hours=10), -1)


def test_minus_before_the_interval_string_negates_it(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT INTERVAL -'10.5' SECOND, INTERVAL -'1 02:03:04.123' DAY TO SECOND")
    assert df.columns == ["INTERVAL '-10.5' SECOND", "INTERVAL '-1 02:03:04.123' DAY TO SECOND"]
    assert tuple(df.collect()[0]) == (
        -dt.timedelta(seconds=10, microseconds=500000),
        -dt.timedelta(days=1, hours=2, minutes=3, seconds=4, microseconds=123000),
    )

