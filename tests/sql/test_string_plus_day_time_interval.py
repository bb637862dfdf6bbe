"""A string plus or minus a day-time interval is Spark's TimeAdd: the string is read as a
timestamp and the sum comes back as a timestamp's text; any other non-datetime operand is
UNEXPECTED_INPUT_TYPE (values and names observed in PySpark 4.3 runs)."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine.errors import AnalysisException, DateTimeException


def test_string_minus_interval_is_a_timestamp_text(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT '2011-11-11' - INTERVAL '2' DAY, INTERVAL 2 DAY + CAST('2017-12-11 09:30:00' AS STRING), "
        "'2011-11-11 11:11:11' - INTERVAL '2' SECOND"
    )
    assert df.columns == [
        "2011-11-11 - INTERVAL '2' DAY",
        "CAST(2017-12-11 09:30:00 AS STRING) + INTERVAL '2' DAY",
        "2011-11-11 11:11:11 - INTERVAL '02' SECOND",
    ]
    assert [f.dataType.simpleString() for f in df.schema.fields] == ["string"] * 3
    assert tuple(df.collect()[0]) == ("2011-11-09 00:00:00", "2017-12-13 09:30:00", "2011-11-11 11:11:09")


def test_string_column_with_nulls(spark: engine.SparkSession) -> None:
    rows = spark.sql("SELECT c - INTERVAL '1' HOUR FROM VALUES ('2020-01-01 00:30:00'), (NULL) t(c)").collect()
    assert [r[0] for r in rows] == ["2019-12-31 23:30:00", None]


def test_string_that_is_no_timestamp_is_invalid_input(spark: engine.SparkSession) -> None:
    with pytest.raises(DateTimeException) as info:
        spark.sql("SELECT '1' - INTERVAL '2' SECOND").collect()
    assert info.value.getCondition() == "CAST_INVALID_INPUT"


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("SELECT CAST(1 AS TINYINT) + INTERVAL 2 DAY", "CAST(1 AS TINYINT) + INTERVAL '2' DAY"),
        ("SELECT INTERVAL 2 DAY + CAST(1 AS BOOLEAN)", "CAST(1 AS BOOLEAN) + INTERVAL '2' DAY"),
        ("SELECT 1 - INTERVAL '2' SECOND", "1 + (- INTERVAL '02' SECOND)"),
    ],
)
def test_numbers_and_booleans_are_no_time_to_add_to(spark: engine.SparkSession, query: str, shown: str) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(query).collect()
    assert info.value.getCondition() == "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"
    assert str(info.value).startswith(f'[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "{shown}"')


def test_interval_literal_plus_a_string_is_no_second_field(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT INTERVAL '1' HOUR + '2011-11-11 10:00:00'")
    assert df.columns == ["2011-11-11 10:00:00 + INTERVAL '01' HOUR"]
    assert df.collect()[0][0] == "2011-11-11 11:00:00"


def test_multi_field_interval_literal_stays_one_literal(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT INTERVAL 1 DAY 2 HOUR 3 MINUTE 4.5 SECOND")
    assert df.columns == ["INTERVAL '1 02:03:04.5' DAY TO SECOND"]
    assert df.collect()[0][0] == dt.timedelta(days=1, hours=2, minutes=3, seconds=4.5)
