"""Spark's text of ANSI interval values, as in column names: ``INTERVAL '1 02' DAY TO HOUR``."""

from __future__ import annotations

import datetime as dt
import decimal

from engine import types as T

_MICROS = {T.DayTimeIntervalType.DAY: 86_400_000_000, T.DayTimeIntervalType.HOUR: 3_600_000_000,
           T.DayTimeIntervalType.MINUTE: 60_000_000}  # fmt: skip


def interval_sql(value: object, dtype: T.DataType) -> str:
    """``INTERVAL '3' DAY``, ``INTERVAL '1-2' YEAR TO MONTH``, ``INTERVAL '00.005' SECOND``."""
    if isinstance(dtype, T.YearMonthIntervalType):
        assert isinstance(value, int)
        return year_month_sql(value, dtype.startField, dtype.endField)
    assert isinstance(dtype, T.DayTimeIntervalType) and isinstance(value, dt.timedelta)
    micros = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    return day_time_sql(micros, dtype.startField, dtype.endField)


def _fields(dtype: type[T.DayTimeIntervalType] | type[T.YearMonthIntervalType], start: int, end: int) -> str:
    first, last = dtype._FIELDS[start].upper(), dtype._FIELDS[end].upper()
    return first if start == end else f"{first} TO {last}"


def year_month_sql(months: int, start: int, end: int) -> str:
    """Spark's ``toYearMonthIntervalString`` (ANSI style)."""
    sign = "-" if months < 0 else ""
    whole = abs(months)
    if start != end:
        text = f"{sign}{whole // 12}-{whole % 12}"
    elif start == T.YearMonthIntervalType.YEAR:
        text = f"{sign}{whole // 12}"
    else:
        text = str(months)
    return f"INTERVAL '{text}' {_fields(T.YearMonthIntervalType, start, end)}"


def day_time_sql(micros: int, start: int, end: int) -> str:
    """Spark's ``toDayTimeIntervalString`` (ANSI style): the leading field unpadded (days) or
    two digits, later fields two digits, seconds with their fraction and no trailing zeros."""
    DT = T.DayTimeIntervalType
    sign, rest = ("-", -micros) if micros < 0 else ("", micros)
    text = sign
    for f in range(start, end + 1):
        if f == DT.SECOND:
            lead = "0" if rest < 10_000_000 else ""
            secs = decimal.Decimal(rest).scaleb(-6).normalize()
            text += ("" if f == start else ":") + lead + f"{secs:f}"
            break
        unit = _MICROS[f]
        count, rest = divmod(rest, unit)
        piece = str(count) if f == DT.DAY else f"{count:02d}"
        text += piece if f == start else (" " if f == DT.HOUR else ":") + piece
    return f"INTERVAL '{text}' {_fields(DT, start, end)}"
