"""CAST(string AS <ANSI interval>): Spark's castStringToDTInterval / castStringToYMInterval.

A string is read in the target type's own format, bare (``'1 02:03:04.5'`` for DAY TO
SECOND, ``'-1-2'`` for YEAR TO MONTH, ``'10'`` for DAY) or as the type's literal
(``"INTERVAL '1-2' YEAR TO MONTH"``); signs may stand outside and inside the quotes. Any
other text is INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE under ANSI, null
under try_cast. Parsed with regex kernels, no per-row Python.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.kernels._util import valid
from engine.compute.kernels.intervals import ym_array
from engine.errors import IllegalArgumentException

DT = T.DayTimeIntervalType
YM = T.YearMonthIntervalType
_NAMES = {DT: ("day", "hour", "minute", "second"), YM: ("year", "month")}
_UNITS = {"day": 86_400_000_000, "hour": 3_600_000_000, "minute": 60_000_000, "second": 1_000_000}
_LETTER = {"year": "y", "month": "m", "day": "d", "hour": "h", "minute": "m", "second": "s"}
_LIMIT = {"hour": 23, "minute": 59, "second": 59, "month": 11}  # a field after the first


def _fields(dtype: DT | YM) -> list[str]:
    names = _NAMES[type(dtype)]
    return list(names[dtype.startField : dtype.endField + 1])


def _body_pattern(fields: list[str]) -> str:
    """The digits of each field, separated as Spark prints them (``d h:m:s.n``, ``y-m``)."""
    out = ""
    for i, name in enumerate(fields):
        if i:
            out += {"hour": " ", "month": "-"}.get(name, ":")
        out += f"(?P<{name}>\\d+)" if name != "second" else r"(?P<second>\d+)(?:\.(?P<nanos>\d{0,9}))?"
    return out


def _qualifier(fields: list[str]) -> str:
    return fields[0].upper() if len(fields) == 1 else f"{fields[0].upper()} TO {fields[-1].upper()}"


def _format_text(fields: list[str]) -> str:
    """``[+|-]d h:m:s.n``, as Spark's message names the format it expected."""
    body = ""
    for i, name in enumerate(fields):
        if i:
            body += {"hour": " ", "month": "-"}.get(name, ":")
        body += _LETTER[name] + (".n" if name == "second" and len(fields) > 1 else "")
    return body


def string_to_interval(a: pa.Array, to: DT | YM, strict: bool) -> pa.Array:
    """`a`'s strings as intervals of type `to` (see the module)."""
    fields = _fields(to)
    body = _body_pattern(fields)
    pattern = (
        rf"^(?:INTERVAL\s+(?P<outer>[+-])?'(?P<inner>[+-])?{body}'\s+{_qualifier(fields)}"
        rf"|(?P<bare>[+-])?{body.replace('?P<', '?P<b_')})$"
    )
    text = pc.utf8_upper(pc.utf8_trim_whitespace(a))
    ok = valid(a) & np.asarray(pc.fill_null(pc.match_substring_regex(text, pattern), False).to_numpy(zero_copy_only=False))
    parts = pc.extract_regex(pc.if_else(pa.array(ok), text, pa.scalar("")), rf"{pattern}|^$")
    literal = np.asarray(pc.fill_null(pc.not_equal(parts.field(fields[0]), ""), False).to_numpy(zero_copy_only=False))

    def field(name: str) -> pa.Array:
        return pc.if_else(pa.array(literal), parts.field(name), parts.field("b_" + name))

    def number(name: str) -> np.ndarray:
        digits = pc.if_else(pc.equal(field(name), ""), "0", field(name))
        return np.asarray(pc.utf8_slice_codeunits(digits, 0, 18).cast(pa.int64()).to_numpy(zero_copy_only=False))

    negative = np.zeros(len(a), dtype=bool)
    for group in ("outer", "inner", "bare"):
        negative ^= np.asarray(pc.fill_null(pc.equal(parts.field(group), "-"), False).to_numpy(zero_copy_only=False))
    total = np.zeros(len(a), dtype=np.int64)
    for i, name in enumerate(fields):
        value = number(name)
        if i and name in _LIMIT:
            ok &= value <= _LIMIT[name]
        if isinstance(to, YM):
            total = total + value * (12 if name == "year" else 1)
        else:
            total = total + value * _UNITS[name]
    if isinstance(to, DT) and fields[-1] == "second":
        nanos = pc.utf8_rpad(pc.utf8_slice_codeunits(field("nanos"), 0, 6), 6, "0")
        total = total + np.asarray(nanos.cast(pa.int64()).to_numpy(zero_copy_only=False))
    if strict and (bad := valid(a) & ~ok).any():
        raise _unmatched(a.filter(pa.array(bad))[0].as_py(), to, fields)
    total = np.where(ok, np.where(negative, -total, total), 0)
    if isinstance(to, YM):
        return ym_array(total, ok)
    return pa.array(total, pa.int64(), mask=~ok).cast(pa.duration("us"))


def _unmatched(value: str, to: DT | YM, fields: list[str]) -> IllegalArgumentException:
    kind = "year-month" if isinstance(to, YM) else "day-time"
    shape = _format_text(fields)
    formats = f"`[+|-]{shape}`, `INTERVAL [+|-]'[+|-]{shape}' {_qualifier(fields)}`"
    legacy = "fromDayTimeString" if isinstance(to, DT) else "fromYearMonthString"
    return IllegalArgumentException(
        f"[INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE] Error parsing '{value}' to interval. Please "
        "ensure that the value provided is in a valid format for defining an interval. You can reference the "
        f"documentation for the correct format. Interval string does not match {kind} format of {formats} when "
        f'cast to {to.simpleString()}: {value}. Set "spark.sql.legacy.{legacy}.enabled" to "true" to restore the '
        "behavior before Spark 3.0.",
        "INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING_WITH_NOTICE",
    )
