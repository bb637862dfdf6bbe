"""Parsing text with a Java date pattern reads each field at the width Spark's formatter does:
``dd``/``MM``/``HH`` are exactly two digits, ``yyyy`` four or more, one letter any number."""

from __future__ import annotations

import datetime

import pytest

import engine
from engine import functions as F
from engine.errors import DateTimeException

TEXTS = ["5/03/2024", "05/3/2024", "15/03/2024", "5/3/24", "2024-3-5", "05/03/2024 7:05", " 05/03/2024"]


def test_try_to_timestamp_by_field_width(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(t,) for t in TEXTS], "s string")
    out = df.select(
        F.try_to_timestamp("s", F.lit("dd/MM/yyyy")).alias("a"), F.try_to_timestamp("s", F.lit("d/M/yyyy")).alias("b"),
        F.try_to_timestamp("s", F.lit("yyyy-M-d")).alias("c"), F.try_to_timestamp("s", F.lit("dd/MM/yy")).alias("d"),
        F.try_to_timestamp("s", F.lit("dd/MM/yyyy H:mm")).alias("e"),
    )  # fmt: skip
    d = datetime.datetime
    assert [tuple(r) for r in out.collect()] == [
        (None, d(2024, 3, 5), None, None, None),
        (None, d(2024, 3, 5), None, None, None),
        (d(2024, 3, 15), d(2024, 3, 15), None, None, None),
        (None, None, None, None, None),
        (None, None, d(2024, 3, 5), None, None),
        (None, None, None, None, d(2024, 3, 5, 7, 5)),
        (None, None, None, None, None),
    ]


def test_wider_fields_still_parse(spark: engine.SparkSession) -> None:
    out = spark.range(1).select(
        F.to_date(F.lit("2024-03-05"), "yyyy-M-d"), F.to_date(F.lit("24-03-05"), "yy-MM-dd"),
        F.to_date(F.lit("2024-Mar-05"), "yyyy-MMM-dd"), F.to_date(F.lit("20240305"), "yyyyMMdd"),
    )  # fmt: skip
    assert tuple(out.collect()[0]) == (datetime.date(2024, 3, 5),) * 4


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (F.to_date(F.lit("5/03/2024"), "dd/MM/yyyy"), "Text '5/03/2024' could not be parsed at index 0. Use `try_to_date`"),
        (
            F.to_timestamp(F.lit("2024-03-05 7:05:09"), "yyyy-MM-dd HH:mm:ss"),
            "Text '2024-03-05 7:05:09' could not be parsed at index 11. Use `try_to_timestamp`",
        ),
        (F.to_date(F.lit("2024-3-05"), "yyyy-MM-dd"), "Text '2024-3-05' could not be parsed at index 5. Use `try_to_date`"),
        (
            F.unix_timestamp(F.lit("5/03/2024"), "dd/MM/yyyy"),
            "Text '5/03/2024' could not be parsed at index 0. Use `try_to_timestamp`",
        ),
        (
            F.to_date(F.lit("2024-03-05 10:00"), "yyyy-MM-dd"),
            "Text '2024-03-05 10:00' could not be parsed, unparsed text found at index 10. Use `try_to_date`",
        ),
    ],
)
def test_ansi_error_says_where_parsing_stopped(spark: engine.SparkSession, call: engine.Column, message: str) -> None:
    with pytest.raises(DateTimeException) as info:
        spark.range(1).select(call).collect()
    assert info.value.getCondition() == "CANNOT_PARSE_TIMESTAMP"
    assert str(info.value) == (
        f"[CANNOT_PARSE_TIMESTAMP] {message} to tolerate invalid input string and return NULL instead. SQLSTATE: 22007"
    )
