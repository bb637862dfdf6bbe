"""abs() takes ANSI intervals and keeps their type, as Spark 4's Abs over NumericAndAnsiInterval
(values and error observed in PySpark 4.3 runs)."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine.errors import AnalysisException


def test_abs_of_intervals(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT abs(INTERVAL -'3' HOUR), CAST(abs(INTERVAL -'1-2' YEAR TO MONTH) AS STRING), abs(i) "
        "FROM VALUES (INTERVAL -'5' SECOND), (NULL) t(i)"
    )
    assert [f.dataType.simpleString() for f in df.schema.fields] == ["interval hour", "string", "interval second"]
    assert [tuple(r) for r in df.collect()] == [
        (dt.timedelta(hours=3), "INTERVAL '1-2' YEAR TO MONTH", dt.timedelta(seconds=5)),
        (dt.timedelta(hours=3), "INTERVAL '1-2' YEAR TO MONTH", None),
    ]


def test_abs_of_a_boolean_names_the_types_it_takes(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT abs(true)")
    assert str(info.value).startswith(
        '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "abs(true)" due to data type mismatch: The first '
        'parameter requires the ("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH") type, however '
        '"true" has the type "BOOLEAN".'
    )
