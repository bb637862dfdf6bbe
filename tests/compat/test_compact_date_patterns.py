"""Patterns with no separators between fields (``yyyyMMdd``) parse as Spark's formatter parses
them: the fields after a year keep their digits (PySpark 4 answers)."""

from __future__ import annotations

import datetime

import engine
from engine import functions as F


def test_year_month_day_without_separators(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("20240131",), ("20240230",), ("2024131",), ("202401311230",)], ["s"])
    out = df.select(
        F.try_to_timestamp("s", F.lit("yyyyMMdd")).alias("d"),
        F.try_to_timestamp("s", F.lit("yyyyMMddHHmm")).alias("t"),
    )
    assert [tuple(r) for r in out.collect()] == [
        (datetime.datetime(2024, 1, 31), None),
        (None, None),
        (None, None),
        (None, datetime.datetime(2024, 1, 31, 12, 30)),
    ]
    first = (
        spark.createDataFrame([("20240131",)], ["s"]).select(F.to_date("s", "yyyyMMdd").alias("d")).first()
    )
    assert first.d == datetime.date(2024, 1, 31)  # type: ignore[union-attr]


def test_day_first_compact_pattern_and_impossible_dates(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("31012024",), ("31022024",)], ["s"])
    out = df.select(F.try_to_timestamp("s", F.lit("ddMMyyyy")).alias("t"))
    assert [r.t for r in out.collect()] == [datetime.datetime(2024, 1, 31), None]
