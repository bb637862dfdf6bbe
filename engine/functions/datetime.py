"""Date and timestamp functions of ``F`` (Java datetime patterns, session time zone)."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n
from engine.functions._build import call, call_mixed

__all__ = [
    "current_date", "curdate", "current_timestamp", "now", "localtimestamp", "current_timezone",
    "to_date", "to_timestamp", "try_to_timestamp", "unix_timestamp", "to_unix_timestamp",
    "from_unixtime", "date_format", "year", "quarter", "month", "dayofmonth", "day", "dayofweek",
    "dayofyear", "weekofyear", "weekday", "hour", "minute", "second", "last_day", "next_day",
    "date_add", "dateadd", "date_sub", "datediff", "date_diff", "add_months", "months_between",
    "date_trunc", "trunc", "make_date", "make_timestamp", "timestamp_seconds", "timestamp_millis",
    "timestamp_micros", "time_bucket", "unix_date", "unix_seconds", "unix_millis", "unix_micros",
    "from_utc_timestamp", "to_utc_timestamp", "date_part", "datepart", "extract",
]  # fmt: skip


def _num(v: ColumnOrName | int) -> n.Expr:
    """PySpark's ``days``/``months`` arguments: an int literal or a Column (a str is a name)."""
    return to_expr(v) if isinstance(v, (str, Column)) else to_expr_or_lit(v)


def _fn(name: str, *args: n.Expr) -> Column:
    return Column(n.UnresolvedFunction(name, args))


def current_date() -> Column:
    return call("current_date")


def curdate() -> Column:
    return call("curdate")


def current_timestamp() -> Column:
    return call("current_timestamp")


def now() -> Column:
    return call("now")


def localtimestamp() -> Column:
    return call("localtimestamp")


def current_timezone() -> Column:
    return call("current_timezone")


def to_date(col: ColumnOrName, format: str | None = None) -> Column:  # noqa: A002
    """A string parsed as a date (a Java pattern such as ``dd/MM/yyyy`` when given)."""
    return call("to_date", col) if format is None else call_mixed("to_date", (col,), format)


def to_timestamp(col: ColumnOrName, format: str | None = None) -> Column:  # noqa: A002
    return call("to_timestamp", col) if format is None else call_mixed("to_timestamp", (col,), format)


def try_to_timestamp(col: ColumnOrName, format: ColumnOrName | None = None) -> Column:  # noqa: A002
    return call("try_to_timestamp", col) if format is None else call("try_to_timestamp", col, format)


def unix_timestamp(timestamp: ColumnOrName | None = None, format: str = "yyyy-MM-dd HH:mm:ss") -> Column:  # noqa: A002
    """Seconds since the epoch (now, when no column is given)."""
    if timestamp is None:
        return call("unix_timestamp")
    return call_mixed("unix_timestamp", (timestamp,), format)


def to_unix_timestamp(timestamp: ColumnOrName, format: ColumnOrName | None = None) -> Column:  # noqa: A002
    return call("to_unix_timestamp", timestamp) if format is None else call("to_unix_timestamp", timestamp, format)


def from_unixtime(timestamp: ColumnOrName, format: str = "yyyy-MM-dd HH:mm:ss") -> Column:  # noqa: A002
    return call_mixed("from_unixtime", (timestamp,), format)


def date_format(date: ColumnOrName, format: str) -> Column:  # noqa: A002
    """A date/timestamp as text in a Java pattern (``yyyy-MM-dd HH:mm``)."""
    return call_mixed("date_format", (date,), format)


def year(col: ColumnOrName) -> Column:
    return call("year", col)


def quarter(col: ColumnOrName) -> Column:
    return call("quarter", col)


def month(col: ColumnOrName) -> Column:
    return call("month", col)


def dayofmonth(col: ColumnOrName) -> Column:
    return call("dayofmonth", col)


def day(col: ColumnOrName) -> Column:
    return call("day", col)


def dayofweek(col: ColumnOrName) -> Column:
    """1 = Sunday ... 7 = Saturday."""
    return call("dayofweek", col)


def dayofyear(col: ColumnOrName) -> Column:
    return call("dayofyear", col)


def weekofyear(col: ColumnOrName) -> Column:
    return call("weekofyear", col)


def weekday(col: ColumnOrName) -> Column:
    """0 = Monday ... 6 = Sunday."""
    return call("weekday", col)


def hour(col: ColumnOrName) -> Column:
    return call("hour", col)


def minute(col: ColumnOrName) -> Column:
    return call("minute", col)


def second(col: ColumnOrName) -> Column:
    return call("second", col)


def last_day(date: ColumnOrName) -> Column:
    return call("last_day", date)


def next_day(date: ColumnOrName, dayOfWeek: str) -> Column:  # noqa: N803
    return call_mixed("next_day", (date,), dayOfWeek)


def date_add(start: ColumnOrName, days: ColumnOrName | int) -> Column:
    return _fn("date_add", to_expr(start), _num(days))


def dateadd(start: ColumnOrName, days: ColumnOrName | int) -> Column:
    return _fn("dateadd", to_expr(start), _num(days))


def date_sub(start: ColumnOrName, days: ColumnOrName | int) -> Column:
    return _fn("date_sub", to_expr(start), _num(days))


def datediff(end: ColumnOrName, start: ColumnOrName) -> Column:
    return call("datediff", end, start)


def date_diff(end: ColumnOrName, start: ColumnOrName) -> Column:
    return call("date_diff", end, start)


def add_months(start: ColumnOrName, months: ColumnOrName | int) -> Column:
    """Same day `months` later, clamped to the end of a shorter month."""
    return _fn("add_months", to_expr(start), _num(months))


def months_between(date1: ColumnOrName, date2: ColumnOrName, roundOff: bool = True) -> Column:  # noqa: N803
    return call_mixed("months_between", (date1, date2), roundOff)


def date_trunc(format: str, timestamp: ColumnOrName) -> Column:  # noqa: A002
    """A timestamp truncated to 'year', 'quarter', 'month', 'week', 'day', 'hour', ..."""
    return _fn("date_trunc", to_expr_or_lit(format), to_expr(timestamp))


def trunc(date: ColumnOrName, format: str) -> Column:  # noqa: A002
    return call_mixed("trunc", (date,), format)


def make_date(year: ColumnOrName, month: ColumnOrName, day: ColumnOrName) -> Column:
    return call("make_date", year, month, day)


def make_timestamp(
    years: ColumnOrName | None = None, months: ColumnOrName | None = None, days: ColumnOrName | None = None,
    hours: ColumnOrName | None = None, mins: ColumnOrName | None = None, secs: ColumnOrName | None = None,
    timezone: ColumnOrName | None = None, date: ColumnOrName | None = None, time: ColumnOrName | None = None,
) -> Column:  # fmt: skip
    """A timestamp from wall-clock fields, or from a `date` and a `time`, in `timezone` (the
    session's by default)."""
    from engine.functions.timestamps import _fields

    return _fields("make_timestamp", (years, months, days, hours, mins, secs), timezone, date, time)


def timestamp_seconds(col: ColumnOrName) -> Column:
    return call("timestamp_seconds", col)


def timestamp_millis(col: ColumnOrName) -> Column:
    return call("timestamp_millis", col)


def timestamp_micros(col: ColumnOrName) -> Column:
    return call("timestamp_micros", col)


def unix_date(col: ColumnOrName) -> Column:
    return call("unix_date", col)


def unix_seconds(col: ColumnOrName) -> Column:
    return call("unix_seconds", col)


def unix_millis(col: ColumnOrName) -> Column:
    return call("unix_millis", col)


def unix_micros(col: ColumnOrName) -> Column:
    return call("unix_micros", col)


def from_utc_timestamp(timestamp: ColumnOrName, tz: ColumnOrName | str) -> Column:
    return call_mixed("from_utc_timestamp", (timestamp,), tz)


def to_utc_timestamp(timestamp: ColumnOrName, tz: ColumnOrName | str) -> Column:
    return call_mixed("to_utc_timestamp", (timestamp,), tz)


def date_part(field: ColumnOrName, source: ColumnOrName) -> Column:
    return call("date_part", field, source)


def datepart(field: ColumnOrName, source: ColumnOrName) -> Column:
    return call("datepart", field, source)


def extract(field: ColumnOrName, source: ColumnOrName) -> Column:
    return call("extract", field, source)


def time_bucket(bucket_size: Column, ts: ColumnOrName, origin: Column | None = None) -> Column:
    """The start of the `bucket_size`-long bucket holding `ts`, buckets counted from `origin`
    (1970-01-01 00:00:00 by default; a TIMESTAMP's days follow the session time zone)."""
    return call("time_bucket", bucket_size, ts) if origin is None else call("time_bucket", bucket_size, ts, origin)
