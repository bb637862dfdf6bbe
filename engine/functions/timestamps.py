"""Spark 4 date/timestamp builders of ``F``: date_from_unix_date, try_to_date, to_timestamp_ntz/_ltz,
make_timestamp_ntz/_ltz, try_make_timestamp(_ntz/_ltz), convert_timezone, timestamp_add/_diff."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName, to_expr
from engine.errors import PySparkValueError
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.functions._build import call, call_mixed

__all__ = [
    "date_from_unix_date", "try_to_date", "to_timestamp_ntz", "to_timestamp_ltz", "make_timestamp_ntz",
    "try_make_timestamp_ntz", "make_timestamp_ltz", "try_make_timestamp_ltz", "try_make_timestamp",
    "convert_timezone", "timestamp_add", "timestamp_diff",
]  # fmt: skip


def date_from_unix_date(days: ColumnOrName) -> Column:
    """The date `days` days after 1970-01-01."""
    return call("date_from_unix_date", days)


def try_to_date(col: ColumnOrName, format: str | None = None) -> Column:  # noqa: A002
    """`to_date`, null where `col` does not parse."""
    return call("try_to_date", col) if format is None else call_mixed("try_to_date", (col,), format)


def to_timestamp_ntz(timestamp: ColumnOrName, format: ColumnOrName | None = None) -> Column:  # noqa: A002
    """`timestamp` parsed (with `format` when given) as a timestamp without time zone."""
    return call("to_timestamp_ntz", timestamp) if format is None else call("to_timestamp_ntz", timestamp, format)


def to_timestamp_ltz(timestamp: ColumnOrName, format: ColumnOrName | None = None) -> Column:  # noqa: A002
    """`timestamp` parsed (with `format` when given) as a timestamp in the session time zone."""
    return call("to_timestamp_ltz", timestamp) if format is None else call("to_timestamp_ltz", timestamp, format)


def _fields(
    name: str,
    cols: tuple[ColumnOrName | None, ...],
    zone: ColumnOrName | None = None,
    date: ColumnOrName | None = None,
    time: ColumnOrName | None = None,
) -> Column:
    """The call of a timestamp builder from its fields or (Spark 4.1) from a date and a time, never
    both, as PySpark checks them."""
    if cols[0] is not None and (date is not None or time is not None) or cols[0] is None and any(
        c is not None for c in cols
    ):
        raise PySparkValueError(
            "[CANNOT_SET_TOGETHER] Cannot set together years|months|days|hours|mins|secs and date|time.",
            "CANNOT_SET_TOGETHER",
            {"arg_list": "years|months|days|hours|mins|secs and date|time"},
        )
    if cols[0] is None:
        return call(name, date, time, *(() if zone is None else (zone,)))  # type: ignore[arg-type]
    if any(c is None for c in cols):
        raise PySparkValueError(f"{name} needs years, months, days, hours, mins and secs.", "CANNOT_BE_NONE")
    args = cols if zone is None else (*cols, zone)
    return call(name, *args)  # type: ignore[arg-type]


def make_timestamp_ntz(
    years: ColumnOrName | None = None, months: ColumnOrName | None = None, days: ColumnOrName | None = None,
    hours: ColumnOrName | None = None, mins: ColumnOrName | None = None, secs: ColumnOrName | None = None,
    date: ColumnOrName | None = None, time: ColumnOrName | None = None,
) -> Column:  # fmt: skip
    """A timestamp_ntz from its fields (`secs` may carry microseconds; 60 carries into the next
    minute), or from a `date` and a `time`."""
    return _fields("make_timestamp_ntz", (years, months, days, hours, mins, secs), date=date, time=time)


def try_make_timestamp_ntz(
    years: ColumnOrName | None = None, months: ColumnOrName | None = None, days: ColumnOrName | None = None,
    hours: ColumnOrName | None = None, mins: ColumnOrName | None = None, secs: ColumnOrName | None = None,
    date: ColumnOrName | None = None, time: ColumnOrName | None = None,
) -> Column:  # fmt: skip
    """`make_timestamp_ntz`, null where a field is out of range."""
    return _fields("try_make_timestamp_ntz", (years, months, days, hours, mins, secs), date=date, time=time)


def make_timestamp_ltz(
    years: ColumnOrName, months: ColumnOrName, days: ColumnOrName, hours: ColumnOrName, mins: ColumnOrName,
    secs: ColumnOrName, timezone: ColumnOrName | None = None,
) -> Column:  # fmt: skip
    """A timestamp from wall-clock fields in `timezone` (the session time zone by default)."""
    return _fields("make_timestamp_ltz", (years, months, days, hours, mins, secs), timezone)


def try_make_timestamp_ltz(
    years: ColumnOrName, months: ColumnOrName, days: ColumnOrName, hours: ColumnOrName, mins: ColumnOrName,
    secs: ColumnOrName, timezone: ColumnOrName | None = None,
) -> Column:  # fmt: skip
    """`make_timestamp_ltz`, null where a field is out of range."""
    return _fields("try_make_timestamp_ltz", (years, months, days, hours, mins, secs), timezone)


def try_make_timestamp(
    years: ColumnOrName | None = None, months: ColumnOrName | None = None, days: ColumnOrName | None = None,
    hours: ColumnOrName | None = None, mins: ColumnOrName | None = None, secs: ColumnOrName | None = None,
    timezone: ColumnOrName | None = None, date: ColumnOrName | None = None, time: ColumnOrName | None = None,
) -> Column:  # fmt: skip
    """`make_timestamp`, null where a field is out of range."""
    return _fields("try_make_timestamp", (years, months, days, hours, mins, secs), timezone, date, time)


def convert_timezone(sourceTz: Column | None, targetTz: Column, sourceTs: ColumnOrName) -> Column:  # noqa: N803
    """The wall-clock time `sourceTs` in `sourceTz` (the session zone when None) as seen in `targetTz`."""
    if sourceTz is None:
        return call("convert_timezone", targetTz, sourceTs)
    return call("convert_timezone", sourceTz, targetTz, sourceTs)


def timestamp_add(unit: str, quantity: ColumnOrName, ts: ColumnOrName) -> Column:
    """`ts` plus `quantity` `unit`s (YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE,
    SECOND, MILLISECOND, MICROSECOND); named ``timestampadd(...)`` as in PySpark."""
    return Column(n.UnresolvedFunction("timestampadd", (literal(unit), to_expr(quantity), to_expr(ts))))


def timestamp_diff(unit: str, start: ColumnOrName, end: ColumnOrName) -> Column:
    """Whole `unit`s from `start` to `end` (bigint); named ``timestampdiff(...)`` as in PySpark."""
    return Column(n.UnresolvedFunction("timestampdiff", (literal(unit), to_expr(start), to_expr(end))))
