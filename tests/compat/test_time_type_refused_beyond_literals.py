"""Spark 4.3 keeps TIME to literals, comparisons and casts from it: a cast to TIME from the
DataFrame API or SQL, and hour/minute/second/extract of a TIME, are AnalysisException
UNSUPPORTED_TIME_TYPE (engine failed inside with a KeyError, or named a cast mismatch or a parse
error). Observed on PySpark 4.3."""

from __future__ import annotations

import datetime as dt

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, ParseException
from engine.types import TimeType


def _refused(run: object) -> None:
    with pytest.raises(AnalysisException) as info:
        run()  # type: ignore[operator]
    assert str(info.value) == "[UNSUPPORTED_TIME_TYPE] The data type TIME is not supported. SQLSTATE: 0A000"
    assert not isinstance(info.value, ParseException)


def test_casting_text_to_time_is_refused(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("13:08:15",)], "t string")
    _refused(lambda: df.withColumn("t", F.col("t").cast("time")))
    _refused(lambda: df.withColumn("t", F.col("t").cast(TimeType())))
    _refused(lambda: spark.sql("SELECT cast('14:30:00.5' AS time)").collect())


def test_clock_fields_of_a_time_are_refused(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(dt.time(6, 30, 45),)], ["t"])
    for field in (F.hour, F.minute, F.second):
        _refused(lambda field=field: df.select(field("t")).collect())
    _refused(lambda: spark.sql("SELECT extract(HOUR FROM TIME'10:11:12.5')").collect())


def test_a_time_still_compares_and_casts_to_text(spark: engine.SparkSession) -> None:
    out = spark.sql("SELECT TIME'10:00:00' < TIME'11:00:00' a, CAST(TIME'10:11:12.5' AS STRING) b")
    assert tuple(out.first()) == (True, "10:11:12.5")
