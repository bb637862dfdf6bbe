"""Spark 4 date/timestamp builders of ``F``: date_from_unix_date, try_to_date, to_timestamp_ntz/_ltz,
make_timestamp_ntz/_ltz, try_make_timestamp(_ntz/_ltz), convert_timezone, timestamp_add/_diff."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import call

__all__ = ["date_from_unix_date"]


def date_from_unix_date(days: ColumnOrName) -> Column:
    """The date `days` days after 1970-01-01."""
    return call("date_from_unix_date", days)
