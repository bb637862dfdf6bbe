"""Python values -> typed `Literal`s, with the types Spark gives ``lit(value)``."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from engine import types as T
from engine.errors import PySparkTypeError
from engine.expr.nodes import Literal

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)


def literal_type(value: Any) -> T.DataType:
    """The type of ``lit(value)``: Spark types small ints as int, large ones as bigint."""
    if value is None:
        return T.NullType()
    if isinstance(value, bool):
        return T.BooleanType()
    if isinstance(value, int):
        if _INT32[0] <= value <= _INT32[1]:
            return T.IntegerType()
        if _INT64[0] <= value <= _INT64[1]:
            return T.LongType()
        return T.DecimalType(min(38, len(str(abs(value)))), 0)
    if isinstance(value, float):
        return T.DoubleType()
    if isinstance(value, str):
        return T.StringType()
    if isinstance(value, decimal.Decimal):
        sign, digits, exp = value.as_tuple()
        scale = max(0, -int(exp))
        precision = max(len(digits), scale, 1)
        return T.DecimalType(min(precision, 38), min(scale, 38))
    if isinstance(value, dt.datetime):
        return T.TimestampType()
    if isinstance(value, dt.date):
        return T.DateType()
    if isinstance(value, dt.time):
        return T.TimeType(6)
    if isinstance(value, dt.timedelta):
        return T.DayTimeIntervalType()
    if isinstance(value, (bytes, bytearray)):
        return T.BinaryType()
    if isinstance(value, (list, tuple)):
        from engine.expr.coercion import common_type

        el = common_type([literal_type(v) for v in value]) or T.StringType()
        return T.ArrayType(el, any(v is None for v in value))
    if isinstance(value, dict):
        from engine.expr.coercion import common_type

        k = common_type([literal_type(v) for v in value]) or T.StringType()
        v = common_type([literal_type(v) for v in value.values()]) or T.StringType()
        return T.MapType(k, v, True)
    msg = (
        f"[UNSUPPORTED_LITERAL_TYPE] Unsupported literal of type {type(value).__name__}: {value!r}. "
        "Use int, float, str, bool, decimal.Decimal, date, datetime, time, list or dict."
    )
    raise PySparkTypeError(msg, "UNSUPPORTED_LITERAL_TYPE")


def literal(value: Any, dtype: T.DataType | None = None) -> Literal:
    """A `Literal` for `value`, typed as Spark would type it unless `dtype` is given."""
    if isinstance(value, Literal):
        return value
    return Literal(_freeze(value), dtype if dtype is not None else literal_type(value))


def _freeze(value: Any) -> Any:
    """Lists/dicts become tuples so literals stay hashable (frozen dataclasses)."""
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _freeze(v)) for k, v in value.items())
    return value
