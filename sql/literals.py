"""SQL literals as Spark types them: numbers, intervals, typed date literals and type names."""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
import re

from sqlglot import exp

from engine import types as T
from engine.errors import ParseException
from engine.expr import nodes as n
from engine.expr.literals import literal

_DAY_UNITS = {"week": 7 * 86400, "day": 86400, "hour": 3600, "minute": 60, "second": 1}
_MONTH_UNITS = {"year": 12, "month": 1}


def literal_of(e: exp.Literal, negate: bool = False) -> n.Literal:
    """A string or number literal: ``1`` int, ``3000000000`` bigint, ``1.5`` decimal(2,1), ``1e3`` double."""
    if e.is_string:
        return literal(e.this)
    text = ("-" if negate else "") + str(e.this)
    if re.fullmatch(r"-?\d+", text):
        return literal(int(text))
    if re.search(r"[eE]", text):
        return literal(float(text))
    value = decimal.Decimal(text)
    if value.as_tuple().exponent == 0:  # "1." is decimal(1,0) in Spark
        return literal(value, T.DecimalType(max(1, len(value.as_tuple().digits)), 0))
    return literal(value)


def data_type(e: exp.DataType) -> T.DataType:
    """The engine type a SQL type name denotes (``DECIMAL(15,2)``, ``ARRAY<INT>``, ``STRING``)."""
    from sql.parse import DIALECT

    text = e.sql(dialect=DIALECT)
    if text.upper() == "DECIMAL":
        return T.DecimalType(10, 0)
    try:
        return T.parse_ddl(text)
    except Exception as err:
        raise ParseException(
            f"[UNSUPPORTED_DATATYPE] Unsupported data type {text}. SQLSTATE: 0A000", "UNSUPPORTED_DATATYPE"
        ) from err


def interval_value(e: exp.Interval) -> tuple[int | None, dt.timedelta | None]:
    """An interval literal as (months, None) for year-month units or (None, timedelta) otherwise."""
    text = e.this.name if e.this is not None else ""
    unit = e.args.get("unit")
    pairs: list[tuple[str, str]]
    if unit is not None:
        pairs = [(text, unit.name)]
    else:
        tokens = text.split()
        pairs = list(zip(tokens[::2], tokens[1::2]))
    months, seconds = 0, decimal.Decimal(0)
    is_months = None
    for amount, u in pairs:
        key = u.lower().rstrip("s") if u.lower() not in ("s",) else "second"
        if key in _MONTH_UNITS:
            months += int(decimal.Decimal(amount) * _MONTH_UNITS[key])
            is_months = True if is_months is None else is_months
        elif key in _DAY_UNITS:
            seconds += decimal.Decimal(amount) * _DAY_UNITS[key]
            is_months = False if is_months is None else is_months
        else:
            raise ParseException(f"[INVALID_INTERVAL_FORMAT] Cannot parse the interval unit {u!r}.", "INVALID_INTERVAL_FORMAT")
    if is_months:
        return months, None
    return None, dt.timedelta(seconds=float(seconds))


def interval_sql(months: int | None, delta: dt.timedelta | None) -> str:
    """How Spark prints an interval literal in a column name: ``INTERVAL '3' MONTH``."""
    if months is not None:
        return f"INTERVAL '{months}' MONTH" if months % 12 else f"INTERVAL '{months // 12}' YEAR"
    assert delta is not None
    return f"INTERVAL '{delta.days}' DAY"


def fold_date_interval(base: exp.Expr, months: int | None, delta: dt.timedelta | None, sign: int) -> tuple[dt.date, str] | None:
    """``DATE 'x' ± INTERVAL``, computed now (with add_months' end-of-month rule), and its Spark name."""
    if not (isinstance(base, (exp.Cast, exp.TryCast)) and base.to.this == exp.DataType.Type.DATE):
        return None
    if not (isinstance(base.this, exp.Literal) and base.this.is_string):
        return None
    if delta is not None and (delta.seconds or delta.microseconds):
        return None
    try:
        day = dt.date.fromisoformat(base.this.this.strip())
    except ValueError:
        return None
    if months is not None:
        total = day.year * 12 + day.month - 1 + sign * months
        y, m = divmod(total, 12)
        value = dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))
    else:
        assert delta is not None
        value = day + sign * dt.timedelta(days=delta.days)
    name = f"DATE '{day.isoformat()}' {'+' if sign > 0 else '-'} {interval_sql(months, delta)}"
    return value, name
