"""A bare current_date / current_timestamp names a column of that name when the input has one,
else the function, as Spark's literal-function resolution (observed in PySpark 4.3 runs):
engine always called the function, so a view's current_date column read as today's date."""

from __future__ import annotations

import datetime as dt

import engine
from engine import functions as F


def test_a_column_named_current_date_wins(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT current_date, current_timestamp FROM VALUES (1, 2), (2, 3) AS t(current_date, current_timestamp)"
    )
    assert df.schema.simpleString() == "struct<current_date:int,current_timestamp:int>"
    assert [tuple(r) for r in df.collect()] == [(1, 2), (2, 3)]


def test_without_such_a_column_it_is_the_function(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT current_date, current_date = current_date() FROM VALUES (1) AS t(a)")
    assert df.columns == ["current_date()", "(current_date() = current_date())"]
    today, same = df.collect()[0]
    assert isinstance(today, dt.date) and same is True
    assert spark.range(1).select(F.col("current_date")).schema.simpleString() == "struct<current_date():date>"
