"""Spark's parse-time checks of typed literals: ``DATE '2024-02-30'`` is INVALID_TYPED_LITERAL
and ``128Y`` INVALID_NUMERIC_LITERAL_RANGE, both ParseExceptions raised before anything runs."""

from __future__ import annotations

import calendar
import math
import re

from engine import types as T
from engine.errors import ParseException

_DATE = re.compile(r"[+-]?(\d{4,7})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_TIME = re.compile(r"(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?")
_DATETIME_NAMES: dict[type[T.DataType], str] = {
    T.DateType: "DATE",
    T.TimestampType: "TIMESTAMP",
    T.TimestampNTZType: "TIMESTAMP_NTZ",
}
_INTEGRAL: dict[type[T.DataType], tuple[str, int]] = {
    T.ByteType: ("tinyint", 8),
    T.ShortType: ("smallint", 16),
    T.IntegerType: ("int", 32),
    T.LongType: ("bigint", 64),
}
_FRACTIONAL: dict[type[T.DataType], tuple[str, str]] = {
    T.DoubleType: ("double", "1.7976931348623157E+308"),
    T.FloatType: ("float", "3.4028234663852886E+38"),
}
_FLOAT_MAX = 3.4028234663852886e38


def check_datetime_literal(text: str, to: T.DataType) -> None:
    """Raise Spark's INVALID_TYPED_LITERAL when `text` surely is no value of `to`: no digit to
    start with, a month, day, hour, minute or second out of range, or a date followed by text
    other than a time. Shapes this does not know are left to the cast, which reads them."""
    name = _DATETIME_NAMES.get(type(to))
    if name is None:
        return
    s = text.strip()
    m = _DATE.match(s)
    if m is None:
        if not s or not (s[0] == "T" or s[0].isdigit()) or re.match(r"\d{1,3}(?:[^\d:]|$)", s):
            raise _invalid_typed(name, text)  # a year has at least 4 digits: DATE '015' is no date
        return
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is not None and not 1 <= int(month) <= 12:
        raise _invalid_typed(name, text)
    if (
        day is not None
        and not 1 <= int(day) <= calendar.monthrange(year if 1 <= year <= 9999 else 2000, int(month))[1]
    ):
        raise _invalid_typed(name, text)
    rest = s[m.end() :]
    if rest and rest[0] not in " T":
        raise _invalid_typed(name, text)
    time = _TIME.match(rest[1:].lstrip()) if rest and not isinstance(to, T.DateType) else None
    if time is not None:
        hour, minute, second = (int(g) if g is not None else 0 for g in time.groups())
        after = rest[1:].lstrip()[time.end() :]
        if hour > 23 or minute > 59 or second > 59 or after[:1].isdigit():  # a field of 3+ digits
            raise _invalid_typed(name, text)


def check_number_literal(text: str, to: T.DataType) -> None:
    """Raise Spark's INVALID_NUMERIC_LITERAL_RANGE for a typed number (``128Y``, ``1e400``,
    ``3.4e39F``) its type cannot hold."""
    integral = _INTEGRAL.get(type(to))
    if integral is not None:
        name, bits = integral
        value = int(text)
        low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
        if not low <= value <= high:
            raise _out_of_range(text, name, str(low), str(high))
        return
    fractional = _FRACTIONAL.get(type(to))
    if fractional is not None:
        name, bound = fractional
        number = float(text)
        if math.isinf(number) or (isinstance(to, T.FloatType) and abs(number) > _FLOAT_MAX):
            raise _out_of_range(text, name, "-" + bound, bound)


def _invalid_typed(name: str, text: str) -> ParseException:
    return ParseException(
        f"[INVALID_TYPED_LITERAL] The value of the typed literal \"{name}\" is invalid: '{text}'. SQLSTATE: 42604",
        "INVALID_TYPED_LITERAL",
        {"valueType": f'"{name}"', "value": f"'{text}'"},
    )


def _out_of_range(text: str, name: str, low: str, high: str) -> ParseException:
    return ParseException(
        f"[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal {text} is outside the valid range for {name} with "
        f"minimum value of {low} and maximum value of {high}. Please adjust the value accordingly. SQLSTATE: 22003",
        "INVALID_NUMERIC_LITERAL_RANGE",
        {"rawStrValue": text, "typeName": name, "minValue": low, "maxValue": high},
    )
