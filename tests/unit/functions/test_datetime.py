"""Date and timestamp functions behave as in PySpark 4 (session time zone UTC here)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

from engine import functions as F
from engine.errors import DateTimeException

D = pa.array([dt.date(2024, 1, 31), dt.date(2023, 12, 25), None])
TS = pa.array([dt.datetime(2024, 2, 29, 13, 45, 30, 123456), None], pa.timestamp("us", tz="UTC"))


def test_date_fields(values):
    assert values(F.year("d"), d=D) == [2024, 2023, None]
    assert values(F.quarter("d"), d=D) == [1, 4, None]
    assert values(F.dayofweek("d"), d=D) == [4, 2, None]  # 1 = Sunday
    assert values(F.weekday("d"), d=D) == [2, 0, None]  # 0 = Monday
    assert values(F.dayofyear("d"), d=D) == [31, 359, None]
    assert values(F.weekofyear("d"), d=D) == [5, 52, None]


def test_time_fields_and_extract(values):
    assert values(F.hour("ts"), ts=TS) == [13, None]
    assert values(F.minute("ts"), ts=TS) == [45, None]
    assert values(F.second("ts"), ts=TS) == [30, None]
    assert values(F.extract(F.lit("YEAR"), "ts"), ts=TS) == [2024, None]
    assert values(F.extract(F.lit("SECOND"), "ts"), ts=TS) == [Decimal("30.123456"), None]


def test_day_arithmetic(values):
    assert values(F.date_add("d", 1), d=D) == [dt.date(2024, 2, 1), dt.date(2023, 12, 26), None]
    assert values(F.date_sub("d", 31), d=D)[0] == dt.date(2023, 12, 31)
    assert values(F.datediff("d", F.lit(dt.date(2024, 1, 1))), d=D) == [30, -7, None]
    assert values(F.last_day("d"), d=D)[1] == dt.date(2023, 12, 31)
    assert values(F.next_day("d", "Mon"), d=D)[:2] == [dt.date(2024, 2, 5), dt.date(2024, 1, 1)]


def test_add_months_clamps_to_the_end_of_a_shorter_month(values):
    assert values(F.add_months("d", 1), d=D) == [dt.date(2024, 2, 29), dt.date(2024, 1, 25), None]


def test_months_between_is_whole_for_month_ends_and_rounded_to_8_digits(values):
    ts = pa.array([dt.datetime(1997, 2, 28, 10, 30)], pa.timestamp("us", tz="UTC"))
    assert values(F.months_between("t", F.lit(dt.datetime(1996, 10, 30))), t=ts) == [3.94959677]
    assert values(F.months_between(F.lit(dt.date(2024, 2, 29)), F.lit(dt.date(2024, 1, 31)))) == [1.0]


def test_truncation(values):
    assert values(F.date_trunc("month", "ts"), ts=TS)[0] == dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc)
    assert values(F.trunc("d", "year"), d=D)[0] == dt.date(2024, 1, 1)
    assert values(F.trunc("d", "day"), d=D) == [None, None, None]


def test_parsing_with_java_patterns(values):
    assert values(F.to_date("s", "dd/MM/yyyy"), s=["05/01/2024", None]) == [dt.date(2024, 1, 5), None]
    out = values(F.to_timestamp("s", "MM-dd-yyyy HH:mm"), s=["01-05-2024 10:30"])
    assert out == [dt.datetime(2024, 1, 5, 10, 30, tzinfo=dt.timezone.utc)]
    assert values(F.unix_timestamp("s"), s=["1970-01-02 00:00:00"]) == [86400]


def test_unparseable_text_is_an_error_under_ansi_and_null_otherwise(values):
    with pytest.raises(DateTimeException, match="CANNOT_PARSE_TIMESTAMP"):
        values(F.to_date("s", "yyyy-MM-dd"), s=["nope"])
    assert values(F.to_date("s", "yyyy-MM-dd"), s=["nope"], _ansi=False) == [None]


def test_formatting_with_java_patterns(values):
    assert values(F.date_format("ts", "yyyy/MM/dd HH:mm:ss.SSS"), ts=TS) == ["2024/02/29 13:45:30.123", None]
    assert values(F.date_format("d", "dd MMM yyyy"), d=D)[0] == "31 Jan 2024"
    assert values(F.from_unixtime("n"), n=[86400]) == ["1970-01-02 00:00:00"]


def test_epoch_conversions_and_zone_shifts(values):
    assert values(F.timestamp_seconds("n"), n=[0]) == [dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)]
    assert values(F.unix_date("d"), d=D)[0] == 19753
    shifted = values(F.from_utc_timestamp("ts", "Asia/Tokyo"), ts=TS)[0]
    assert shifted.replace(tzinfo=None) == dt.datetime(2024, 2, 29, 22, 45, 30, 123456)
    assert values(F.make_date(F.lit(2024), F.lit(2), F.lit(29))) == [dt.date(2024, 2, 29)]
