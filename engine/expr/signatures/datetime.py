"""Type rules of the date and timestamp functions (session time zone applies at run time)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import defaults_shown, types_of, unexpected_type
from engine.expr.signatures.strings import fixed, register_all

D, TS, S, INT, LONG, DBL = T.DateType(), T.TimestampType(), T.StringType(), T.IntegerType(), T.LongType(), T.DoubleType()


def _with_format(name: str, args: list[str]) -> str:
    """``unix_timestamp(ts)`` is Spark's ``unix_timestamp(ts, yyyy-MM-dd HH:mm:ss)``, and without
    arguments ``unix_timestamp(current_timestamp(), yyyy-MM-dd HH:mm:ss)``."""
    shown = args or ["current_timestamp()"]
    return defaults_shown(2, "yyyy-MM-dd HH:mm:ss")(name, shown)


register_all(["current_date", "curdate"], fixed(D, nullable=False), 0, 0)
register_all(["current_timestamp", "now"], fixed(TS, nullable=False), 0, 0)
register_all(["localtimestamp"], fixed(T.TimestampNTZType(), nullable=False), 0, 0)  # session wall clock
register_all(["current_timezone"], fixed(S, nullable=False), 0, 0)
register_all(["year", "quarter", "month", "day", "dayofmonth", "dayofweek", "dayofyear", "weekofyear", "weekday"],
             fixed(INT, D), 1, 1)  # fmt: skip
def _clock_field(args: Sequence[object]) -> Signature:
    """hour/minute/second of a timestamp; of a TIME, Spark 4.3 refuses the type (UNSUPPORTED_TIME_TYPE)."""
    if isinstance(types_of(args)[0], T.TimeType):
        raise unsupported_time_type()
    return Signature(INT, (TS,))


register_all(["hour", "minute", "second"], _clock_field, 1, 1)


def unsupported_time_type() -> AnalysisException:
    """Spark 4.3's refusal of TIME wherever it is more than a literal (a cast to it, its functions)."""
    return AnalysisException("[UNSUPPORTED_TIME_TYPE] The data type TIME is not supported.", "UNSUPPORTED_TIME_TYPE")


def _to_date(args: Sequence[object]) -> Signature:
    """``to_date(s)`` is a cast (nullable); with a pattern, ANSI parsing fails rather than gives null."""
    return Signature(D, (S, S)[: len(args)], True if len(args) == 1 else None)


register_all(["to_date"], _to_date, 1, 2)
def _to_timestamp(args: Sequence[object]) -> Signature:
    """Text parses (with the pattern); a number (epoch seconds), date or timestamp casts, as in Spark.

    Under ANSI a pattern's parse fails rather than gives null, so Spark types the result
    null only for null inputs; text without a pattern (a cast) is nullable.
    """
    first = types_of(args)[0]
    if len(args) == 1 and (T.is_numeric(first) or isinstance(first, (T.DateType, T.TimestampType, T.TimestampNTZType))):
        return Signature(TS, (TS,))
    return Signature(TS, (S, S)[: len(args)], True if len(args) == 1 else None)


def _try_to_timestamp(args: Sequence[object]) -> Signature:
    return replace(_to_timestamp(args), nullable=True)


register_all(["to_timestamp"], _to_timestamp, 1, 2)
register_all(["try_to_timestamp"], _try_to_timestamp, 1, 2)
register_all(["unix_timestamp", "to_unix_timestamp"], fixed(LONG, None, S), 0, 2, pretty=_with_format)
register_all(["from_unixtime"], fixed(S, LONG, S, nullable=True), 1, 2, pretty=defaults_shown(2, "yyyy-MM-dd HH:mm:ss"))
register_all(["date_format"], fixed(S, TS, S), 2, 2)
register_all(["last_day"], fixed(D, D), 1, 1)
register_all(["next_day"], fixed(D, D, S, nullable=True), 2, 2)
# What Spark casts implicitly to the DATE and to the day count of date_add / date_sub
_DATE_LIKE = (T.DateType, T.TimestampType, T.TimestampNTZType, T.StringType, T.NullType)
_DAY_COUNT = (T.IntegerType, T.ShortType, T.ByteType, T.StringType, T.NullType)


def _day_shift(shown_as: str) -> Callable[[Sequence[object]], Signature]:
    """``date_add(date, days)``: days must be an INT, SMALLINT or TINYINT (or text); Spark
    never narrows a BIGINT, decimal, double or boolean to a day count, nor a number to a date."""

    def rule(args: Sequence[object]) -> Signature:
        start, days = types_of(args)
        if not isinstance(start, _DATE_LIKE):
            raise unexpected_type(shown_as, args, 0, '"DATE"')
        if not isinstance(days, _DAY_COUNT):
            raise unexpected_type(shown_as, args, 1, '("INT" or "SMALLINT" or "TINYINT")')
        return Signature(D, (D, INT))

    return rule


function("date_add", min_args=2, max_args=2)(_day_shift("date_add"))
function("date_sub", min_args=2, max_args=2)(_day_shift("date_sub"))
function("dateadd", min_args=2, max_args=2, pretty=defaults_shown(2, shown_as="date_add"))(_day_shift("date_add"))
register_all(["datediff", "date_diff"], fixed(INT, D, D), 2, 2)
register_all(["add_months"], fixed(D, D, INT), 2, 2)
register_all(["months_between"], fixed(DBL, TS, TS, T.BooleanType()), 2, 3, pretty=defaults_shown(3, "true"))
register_all(["date_trunc"], fixed(TS, S, TS, nullable=True), 2, 2)
register_all(["trunc"], fixed(D, D, S, nullable=True), 2, 2)
register_all(["make_date"], fixed(D, INT, INT, INT), 3, 3)  # ANSI: a bad date fails, never null
register_all(["timestamp_seconds"], fixed(TS, None), 1, 1)
register_all(["timestamp_millis", "timestamp_micros"], fixed(TS, LONG), 1, 1)
register_all(["unix_date"], fixed(INT, D), 1, 1)
register_all(["unix_seconds", "unix_millis", "unix_micros"], fixed(LONG, TS), 1, 1)
register_all(["from_utc_timestamp", "to_utc_timestamp"], fixed(TS, TS, S), 2, 2)


def _make_timestamp_fields(args: Sequence[object]) -> Signature:
    return Signature(TS, (INT, INT, INT, INT, INT, T.DecimalType(16, 6), S))  # ANSI: null only from a null input


@function("make_timestamp", min_args=2, max_args=7)
def _make_timestamp(args: Sequence[object]) -> Signature:
    """(years, months, days, hours, mins, secs[, zone]) or (date, time[, zone])."""
    from engine.expr.signatures.timestamps import fields_or_date_and_time

    return fields_or_date_and_time("make_timestamp", _make_timestamp_fields, zone=True)(args)


@function("date_part", min_args=2, max_args=2)
def _date_part(args: Sequence[object]) -> Signature:
    """``extract(field FROM x)``: seconds carry their fraction as decimal(8,6)."""
    from engine.expr.signatures._common import literal_value

    field = str(literal_value(args[0], "")).upper()
    src = types_of(args)[1]
    if isinstance(src, T.TimeType):
        raise unsupported_time_type()
    if isinstance(src, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        return Signature(_interval_part_type(field, src), (S, src))
    if field in ("SECOND", "S", "SEC", "SECONDS", "SECS"):
        return Signature(T.DecimalType(8, 6), (S, TS))
    return Signature(INT, (S, src if isinstance(src, (T.TimestampType, T.TimestampNTZType)) else D))


# The fields an interval has, by their spellings, and the type Spark extracts each as.
INTERVAL_PARTS = {
    **dict.fromkeys(("YEAR", "Y", "YEARS", "YR", "YRS"), "year"),
    **dict.fromkeys(("MONTH", "MON", "MONS", "MONTHS"), "month"),
    **dict.fromkeys(("DAY", "D", "DAYS"), "day"),
    **dict.fromkeys(("HOUR", "H", "HOURS", "HR", "HRS"), "hour"),
    **dict.fromkeys(("MINUTE", "M", "MIN", "MINS", "MINUTES"), "minute"),
    **dict.fromkeys(("SECOND", "S", "SEC", "SECONDS", "SECS"), "second"),
}
_INTERVAL_PART_TYPES = {
    "year": INT, "month": T.ByteType(), "day": INT, "hour": T.ByteType(), "minute": T.ByteType(),
    "second": T.DecimalType(8, 6),
}  # fmt: skip


def _interval_part_type(field: str, src: T.DataType) -> T.DataType:
    """``extract(HOUR FROM interval)``: a year-month interval has years and months, a day-time
    one days to seconds; any other field is Spark's INVALID_EXTRACT_FIELD."""
    part = INTERVAL_PARTS.get(field)
    order = ("year", "month") if isinstance(src, T.YearMonthIntervalType) else ("day", "hour", "minute", "second")
    start, end = src.startField, src.endField  # type: ignore[attr-defined]
    if part not in order[start : end + 1]:
        from engine.errors import AnalysisException

        raise AnalysisException(
            f"[INVALID_EXTRACT_FIELD] Cannot extract {field} from {src.simpleString().upper()}. SQLSTATE: 42601",
            "INVALID_EXTRACT_FIELD",
        )
    return _INTERVAL_PART_TYPES[part]


@function("extract", min_args=2, max_args=2, pretty=lambda _n, a: f"extract({a[0]} FROM {a[1]})")
def _extract(args: Sequence[object]) -> Signature:
    """``EXTRACT(field FROM x)``: `date_part` under Spark's name for it."""
    return _date_part(args)


@function("datepart", min_args=2, max_args=2, pretty=lambda _n, a: f"datepart({a[0]} FROM {a[1]})")
def _datepart(args: Sequence[object]) -> Signature:
    """``datepart(field, x)``: `date_part`, which Spark names ``datepart(field FROM x)``."""
    return _date_part(args)
