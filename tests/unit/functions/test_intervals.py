"""Date/time arithmetic with ANSI intervals gives PySpark 4's answers and types (session zone UTC)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from engine import functions as F
from engine import types as T
from engine.api.column import Column
from engine.errors import AnalysisException, ArithmeticException
from engine.expr.literals import literal

UTC = dt.timezone.utc


def months(k: int) -> Column:
    """An ``INTERVAL 'k' MONTH`` literal as the SQL layer builds it."""
    return Column(literal(k, T.YearMonthIntervalType()))


def days(k: float) -> Column:
    return F.lit(dt.timedelta(days=k))


def dates(*ds: dt.date) -> pa.Table:
    return pa.table({"d": pa.array(list(ds), pa.date32())})


def stamps(*ts: dt.datetime, ntz: bool = False) -> pa.Table:
    return pa.table({"t": pa.array(list(ts), pa.timestamp("us") if ntz else pa.timestamp("us", tz="UTC"))})


def test_date_minus_date_is_a_day_interval(values, spark):
    assert values(F.col("d") - F.lit(dt.date(2020, 1, 1)), _table=dates(dt.date(2020, 1, 3))) == [dt.timedelta(days=2)]
    df = spark.createDataFrame([(dt.date(2020, 1, 3), dt.date(2020, 1, 1))], "a date, b date")
    assert df.select(F.col("a") - F.col("b")).schema.fields[0].dataType == T.DayTimeIntervalType(0, 0)


def test_timestamp_minus_timestamp_is_a_day_to_second_interval(values):
    got = values(F.col("t") - F.lit(dt.datetime(2020, 1, 1, tzinfo=UTC)), _table=stamps(dt.datetime(2020, 1, 3, 10, tzinfo=UTC)))
    assert got == [dt.timedelta(days=2, hours=10)]
    ntz = stamps(dt.datetime(2020, 1, 2), ntz=True)
    assert values(F.col("t") - F.col("t"), _table=ntz) == [dt.timedelta(0)]


def test_adding_months_clamps_to_the_end_of_the_month(values):
    assert values(F.col("d") + months(1), _table=dates(dt.date(2020, 1, 31), None)) == [dt.date(2020, 2, 29), None]
    assert values(F.col("d") - months(12), _table=dates(dt.date(2020, 3, 1))) == [dt.date(2019, 3, 1)]
    got = values(F.col("t") + months(1), _table=stamps(dt.datetime(2020, 1, 31, 10, tzinfo=UTC)))
    assert got == [dt.datetime(2020, 2, 29, 10, tzinfo=UTC)]


def test_date_plus_day_interval_is_a_date_but_with_hours_a_timestamp(values, spark):
    assert values(F.col("d") + F.lit(2), _table=dates(dt.date(2020, 1, 1))) == [dt.date(2020, 1, 3)]
    df = spark.createDataFrame([(dt.date(2020, 1, 1),)], "d date")
    got = df.select(F.col("d") + F.lit(dt.timedelta(hours=36))).collect()[0][0]
    assert got == dt.datetime(2020, 1, 2, 12)


def test_timestamp_plus_minus_day_time_interval_keeps_its_type(values):
    got = values(F.col("t") - F.lit(dt.timedelta(days=3, hours=4, minutes=5, seconds=6)), _table=stamps(dt.datetime(2020, 1, 1, 10, tzinfo=UTC)))
    assert got == [dt.datetime(2019, 12, 29, 5, 54, 54, tzinfo=UTC)]
    assert values(F.col("t") + days(1), _table=stamps(dt.datetime(2020, 1, 1), ntz=True)) == [dt.datetime(2020, 1, 2)]


def test_interval_arithmetic_between_intervals_and_numbers(values):
    assert values(days(1) + F.lit(dt.timedelta(hours=2))) == [dt.timedelta(days=1, hours=2)]
    assert values(days(2) * 3) == [dt.timedelta(days=6)]
    assert values(days(3) / 2) == [dt.timedelta(days=1, hours=12)]
    assert values(-days(1)) == [dt.timedelta(days=-1)]
    assert values(F.col("d") + (months(12) + months(2)), _table=dates(dt.date(2020, 1, 31))) == [dt.date(2021, 3, 31)]
    assert values(F.col("d") + months(5) * 2, _table=dates(dt.date(2020, 1, 1))) == [dt.date(2020, 11, 1)]
    assert values(F.col("d") + -months(1), _table=dates(dt.date(2020, 3, 31))) == [dt.date(2020, 2, 29)]


def test_interval_divided_by_zero_raises(values):
    with pytest.raises(ArithmeticException, match="INTERVAL_DIVIDED_BY_ZERO"):
        values(days(1) / 0)


def test_mixing_interval_kinds_is_a_type_error(values):
    with pytest.raises(AnalysisException, match="DATATYPE_MISMATCH"):
        values(days(1) + months(1))


def test_make_dt_and_ym_intervals(values):
    assert values(F.make_dt_interval(F.lit(1), F.lit(2), F.lit(3), F.lit(4.5))) == [dt.timedelta(days=1, seconds=7384.5)]
    assert values(F.make_dt_interval()) == [dt.timedelta(0)]
    got = values(F.col("d") + F.make_ym_interval(F.lit(1), F.lit(2)), _table=dates(dt.date(2020, 1, 31)))
    assert got == [dt.date(2021, 3, 31)]
    got = values(F.col("t") + F.make_dt_interval(F.lit(1), F.lit(1)), _table=stamps(dt.datetime(2020, 3, 8, 1, 30, tzinfo=UTC)))
    assert got == [dt.datetime(2020, 3, 9, 2, 30, tzinfo=UTC)]
