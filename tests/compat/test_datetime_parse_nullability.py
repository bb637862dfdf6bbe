"""Nullability of the parsing date/time functions as PySpark 4 (ANSI) types them: a parse with a
pattern, make_date/make_timestamp and unix_timestamp fail rather than give null, so they are
null only for null inputs; a patternless to_date/to_timestamp of text, try_to_timestamp and
from_unixtime are nullable. ``F.datepart`` is named ``datepart(field FROM x)``."""

from __future__ import annotations

import datetime as dt

import engine
from engine import functions as F

L = F.lit


def _nullable(df: engine.DataFrame) -> list[bool]:
    return [f.nullable for f in df.schema.fields]


def test_parse_functions_over_non_null_literals(spark: engine.SparkSession) -> None:
    out = spark.range(1).select(
        F.to_date(L("2024-01-01")), F.to_date(L("2024-01-01"), "yyyy-MM-dd"), F.to_timestamp(L("2024-01-01")),
        F.to_timestamp(L(5)), F.to_timestamp(L("2024-01-01"), "yyyy-MM-dd"), F.try_to_timestamp(L("2024-01-01")),
        F.unix_timestamp(L("2024-01-01 00:00:00")), F.to_unix_timestamp(L("2024-01-01 00:00:00")),
        F.make_date(L(2024), L(1), L(1)), F.make_timestamp(L(2024), L(1), L(1), L(1), L(1), L(1)),
        F.from_unixtime(L(0)), F.unix_timestamp(),
    )  # fmt: skip
    assert _nullable(out) == [True, False, True, False, False, True, False, False, False, False, True, False]
    assert out.collect()[0][9] == dt.datetime(2024, 1, 1, 1, 1, 1)


def test_parse_functions_over_nullable_columns(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("2024-01-01",)], "s string")
    out = df.select(F.to_date("s", "yyyy-MM-dd"), F.unix_timestamp("s", "yyyy-MM-dd"))
    assert _nullable(out) == [True, True]
    assert tuple(out.collect()[0]) == (dt.date(2024, 1, 1), 1704067200)


def test_datepart_is_named_with_from(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(dt.date(2024, 1, 31),)], "d date")
    out = df.select(F.datepart(L("day"), "d"), F.date_part(L("day"), "d"), F.extract(L("day"), "d"))
    assert out.columns == ["datepart(day FROM d)", "date_part(day, d)", "extract(day FROM d)"]
    assert tuple(out.collect()[0]) == (31, 31, 31)
