"""SQL literals as Spark types them: numbers, intervals, typed date literals and type names."""

from __future__ import annotations

import datetime as dt
import decimal
import re

from sqlglot import exp

from engine import types as T
from engine.errors import AnalysisException, ArithmeticException, ParseException
from engine.expr import nodes as n
from engine.expr.literals import literal
from sql.typed_literals import check_number_literal


def literal_of(e: exp.Literal, negate: bool = False) -> n.Literal:
    """A string or number literal: ``1`` int, ``3000000000`` bigint, ``1.5`` decimal(2,1), ``1e3`` double."""
    if e.is_string:
        return literal(e.this)
    text = ("-" if negate else "") + str(e.this)
    if re.fullmatch(r"-?\d+", text):
        if not -(2**63) <= int(text) < 2**63:
            _check_precision(len(text.lstrip("-").lstrip("0")))
        return literal(int(text))
    if re.search(r"[eE]", text):
        check_number_literal(text.lstrip("-"), T.DoubleType())  # ``1e400`` is out of range, not infinity
        return literal(float(text))
    value = decimal.Decimal(text)
    _check_precision(max(len(value.as_tuple().digits), -int(value.as_tuple().exponent)))
    if value.as_tuple().exponent == 0:  # "1." is decimal(1,0) in Spark
        return literal(value, T.DecimalType(max(1, len(value.as_tuple().digits)), 0))
    return literal(value)


def _check_precision(precision: int) -> None:
    """A number literal of more than 38 digits is Spark's DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION."""
    if precision > 38:
        raise ArithmeticException(
            f"[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision {precision} exceeds max precision 38.",
            "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
            {"precision": str(precision), "maxPrecision": "38"},
        )


# The date texts Spark reads: ``yyyy``, ``yyyy-[m]m``, ``yyyy-[m]m-[d]d``, then a time it ignores.
_SPARK_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T].*)?)?)?", re.DOTALL)


def date_literal(text: str) -> n.Literal | None:
    """``DATE '2020-01-31'`` (or ``'2020-1'``, ``'2020-01-31T10:00'``) as a date value; None
    when this cannot read it, and the cast decides."""
    m = _SPARK_DATE.fullmatch(text.strip())
    try:
        if m is not None:
            return literal(dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)))
        return literal(dt.date.fromisoformat(text.strip()))
    except ValueError:
        return None


def data_type(e: exp.DataType) -> T.DataType:
    """The engine type a SQL type name denotes (``DECIMAL(15,2)``, ``ARRAY<INT>``, ``STRING``)."""
    from sql.parse import DIALECT

    if e.this == exp.DataType.Type.TIME:  # sqlglot's Spark dialect spells TIME as TIMESTAMP
        params = e.expressions
        return T.TimeType(int(params[0].this.name) if params else 6)
    text = e.sql(dialect=DIALECT)
    if text.upper() == "DECIMAL":
        return T.DecimalType(10, 0)
    try:
        return T.parse_ddl(text)
    except Exception as err:
        raise ParseException(
            f"[UNSUPPORTED_DATATYPE] Unsupported data type {text}. SQLSTATE: 0A000", "UNSUPPORTED_DATATYPE"
        ) from err


_TIME_TEXT = re.compile(r"(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?")


def time_literal(text: str) -> n.Literal:
    """``TIME '12:34:56.5'``: a time of day (TIME(6)). Spark 4.3 takes TIME only as such a
    literal; its nanoseconds are refused here (engine keeps microseconds), not cut."""
    m = _TIME_TEXT.fullmatch(text.strip())
    hour, minute, second = (int(g or 0) for g in m.groups()[:3]) if m else (24, 0, 0)
    if m is None or hour > 23 or minute > 59 or second > 59:
        raise ParseException(
            f"[INVALID_TYPED_LITERAL] The value of the typed literal \"TIME\" is invalid: '{text}'. SQLSTATE: 42604",
            "INVALID_TYPED_LITERAL",
        )
    fraction = m.group(4) or ""
    if len(fraction.rstrip("0")) > 6:
        raise unsupported_time(f"TIME '{text}' has nanoseconds; engine keeps times to the microsecond")
    return literal(dt.time(hour, minute, second, int(fraction[:6].ljust(6, "0"))), T.TimeType(6))


def unsupported_time(why: str = "") -> AnalysisException:
    """Spark 4.3's UNSUPPORTED_TIME_TYPE: TIME is there only as a literal (CAST(x AS TIME) fails,
    an AnalysisException rather than a ParseException)."""
    return AnalysisException(
        "[UNSUPPORTED_TIME_TYPE] The data type TIME is not supported." + (f" ({why})" if why else ""),
        "UNSUPPORTED_TIME_TYPE",
    )


def interval_literal(e: exp.Interval) -> n.Literal:
    """An ANSI interval literal typed as Spark types it: ``INTERVAL '1' DAY`` is ``interval day``,
    ``INTERVAL 1 DAY 2 HOURS`` (or ``'1 day 2 hours'``) ``interval day to hour``,
    ``INTERVAL '1-2' YEAR TO MONTH`` 12 + 2 months; ``INTERVAL -'1 02' DAY TO HOUR`` is the
    negated interval, as Spark's grammar reads the minus before the string."""
    if isinstance(e.this, exp.Neg):
        positive = interval_literal(exp.Interval(this=e.this.this, unit=e.args.get("unit")))
        return literal(-positive.value, positive.dtype)
    text = e.this.name.strip() if e.this is not None else ""
    unit = e.args.get("unit")
    if isinstance(unit, exp.IntervalSpan):
        return _unit_to_unit(text, unit.this.name.upper(), unit.expression.name.upper())
    tokens = text.split() if unit is None else [text, unit.name]
    if len(tokens) % 2 or not tokens:
        raise _invalid(text, "expected pairs of a number and a unit")
    months, micros, fields = 0, 0, []
    for amount, word in zip(tokens[::2], tokens[1::2]):
        key = _unit(word)
        if key not in _UNITS:
            shown = " " + " ".join(tokens).lower()  # as Spark rebuilds the literal's text
            raise ParseException(
                f"[INVALID_INTERVAL_FORMAT.INVALID_UNIT] Error parsing '{shown}' to interval. Please ensure that the "
                "value provided is in a valid format for defining an interval. You can reference the documentation "
                f"for the correct format. Invalid unit {word.lower()}.",
                "INVALID_INTERVAL_FORMAT.INVALID_UNIT",
                {"input": shown, "unit": word.lower()},
            )
        field_, scale = _UNITS[key]
        number = _number(amount, text, fractional=key in ("second", "millisecond", "microsecond"), unit=key)
        fields.append(field_)
        if field_[0] == "ym":
            months += int(number * scale)
        else:
            micros += int(number * scale)
    kinds = {f[0] for f in fields}
    if len(kinds) > 1:
        raise ParseException(
            "[_LEGACY_ERROR_TEMP_0029] Cannot mix year-month and day-time fields: "
            f"INTERVAL {text!r}.", "_LEGACY_ERROR_TEMP_0029"
        )
    lo, hi = min(f[1] for f in fields), max(f[1] for f in fields)
    if kinds == {"ym"}:
        return literal(months, T.YearMonthIntervalType(lo, hi))
    return literal(dt.timedelta(microseconds=micros), T.DayTimeIntervalType(lo, hi))


_DT, _YM = T.DayTimeIntervalType, T.YearMonthIntervalType
_UNITS: dict[str, tuple[tuple[str, int], int]] = {
    "year": (("ym", _YM.YEAR), 12), "month": (("ym", _YM.MONTH), 1),
    "week": (("dt", _DT.DAY), 7 * 86_400_000_000), "day": (("dt", _DT.DAY), 86_400_000_000),
    "hour": (("dt", _DT.HOUR), 3_600_000_000), "minute": (("dt", _DT.MINUTE), 60_000_000),
    "second": (("dt", _DT.SECOND), 1_000_000), "millisecond": (("dt", _DT.SECOND), 1_000),
    "microsecond": (("dt", _DT.SECOND), 1),
}  # fmt: skip
_UNIT_ALIASES = {"sec": "second", "min": "minute", "hr": "hour", "ms": "millisecond", "us": "microsecond"}

# ``INTERVAL '<text>' <from> TO <to>``: the text's pattern (sign, then the fields' numbers).
_SPANS: dict[tuple[str, str], str] = {
    ("YEAR", "MONTH"): r"(\d+)-(\d+)", ("DAY", "HOUR"): r"(\d+) (\d+)", ("DAY", "MINUTE"): r"(\d+) (\d+):(\d+)",
    ("DAY", "SECOND"): r"(\d+) (\d+):(\d+):(\d+(?:\.\d*)?)", ("HOUR", "MINUTE"): r"(\d+):(\d+)",
    ("HOUR", "SECOND"): r"(\d+):(\d+):(\d+(?:\.\d*)?)", ("MINUTE", "SECOND"): r"(\d+):(\d+(?:\.\d*)?)",
}  # fmt: skip


def _unit(word: str) -> str:
    """``DAYS`` -> day, ``ms`` -> millisecond."""
    w = word.lower()
    return _UNIT_ALIASES.get(w) or (w[:-1] if w.endswith("s") and w[:-1] in _UNITS else w)


def _unit_to_unit(text: str, start: str, end: str) -> n.Literal:
    pattern = _SPANS.get((start, end))
    if pattern is None:
        raise _invalid(text, f"{start} TO {end} is not an interval qualifier")
    m = re.fullmatch(r"([+-])?" + pattern, text)
    if m is None:
        raise _invalid(text, f"expected the format of {start} TO {end}")
    sign = -1 if m.group(1) == "-" else 1
    values = [decimal.Decimal(g) for g in m.groups()[1:]]
    if start == "YEAR":
        return literal(sign * int(values[0] * 12 + values[1]), T.YearMonthIntervalType(_YM.YEAR, _YM.MONTH))
    names = ["day", "hour", "minute", "second"]
    first = names.index(start.lower())
    micros = sum(v * _UNITS[names[first + i]][1] for i, v in enumerate(values))
    return literal(dt.timedelta(microseconds=sign * int(micros)), T.DayTimeIntervalType(first, names.index(end.lower())))


def _number(amount: str, text: str, fractional: bool, unit: str) -> decimal.Decimal:
    try:
        number = decimal.Decimal(amount)
    except decimal.InvalidOperation:
        raise _invalid(text, f"{amount!r} is not a number") from None
    if not fractional and number != number.to_integral_value():
        raise ParseException(
            f"[INVALID_INTERVAL_FORMAT.INVALID_FRACTION] Error parsing '{text}' to interval. {unit} cannot have "
            "fractional part. SQLSTATE: 22006",
            "INVALID_INTERVAL_FORMAT.INVALID_FRACTION",
        )
    return number


def _invalid(text: str, why: str) -> ParseException:
    return ParseException(
        f"[INVALID_INTERVAL_FORMAT] Error parsing '{text}' to interval: {why}. SQLSTATE: 22006", "INVALID_INTERVAL_FORMAT"
    )
