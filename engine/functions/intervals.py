"""Interval constructors of ``F``: make_dt_interval and make_ym_interval."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call
from engine.functions.core import lit

__all__ = ["make_dt_interval", "make_ym_interval"]


def make_dt_interval(
    days: ColumnOrName | None = None,
    hours: ColumnOrName | None = None,
    mins: ColumnOrName | None = None,
    secs: ColumnOrName | None = None,
) -> Column:
    """A day-time interval from its parts (``secs`` may carry microseconds); parts left out
    are ``lit(0)``, as PySpark passes them, so the column is ``make_dt_interval(d, 0, 0, 0)``."""
    return call("make_dt_interval", *[lit(0) if p is None else p for p in (days, hours, mins, secs)])


def make_ym_interval(years: ColumnOrName | None = None, months: ColumnOrName | None = None) -> Column:
    """A year-month interval of ``years * 12 + months`` months; a part left out is ``lit(0)``."""
    return call("make_ym_interval", *[lit(0) if p is None else p for p in (years, months)])
