"""Interval constructors of ``F``: make_dt_interval and make_ym_interval."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["make_dt_interval", "make_ym_interval"]


def make_dt_interval(
    days: ColumnOrName | None = None,
    hours: ColumnOrName | None = None,
    mins: ColumnOrName | None = None,
    secs: ColumnOrName | None = None,
) -> Column:
    """A day-time interval from its parts (``secs`` may carry microseconds); trailing parts
    left out are zero, as in PySpark."""
    parts = [p for p in (days, hours, mins, secs) if p is not None]
    return call("make_dt_interval", *parts)


def make_ym_interval(years: ColumnOrName | None = None, months: ColumnOrName | None = None) -> Column:
    """A year-month interval of ``years * 12 + months`` months."""
    return call("make_ym_interval", *[p for p in (years, months) if p is not None])
