"""CAST(interval AS STRING): Spark's ANSI text of day-time and year-month intervals, per column.

``INTERVAL '2' DAY``, ``INTERVAL '1 02:03' DAY TO MINUTE``, ``INTERVAL '1-2' YEAR TO MONTH``:
the type's start and end fields decide which fields are printed (the same text as
`engine.expr.interval_text` gives one value, computed here with array kernels).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.kernels.intervals import months_of

DT = T.DayTimeIntervalType
YM = T.YearMonthIntervalType
_UNIT_MICROS = {DT.DAY: 86_400_000_000, DT.HOUR: 3_600_000_000, DT.MINUTE: 60_000_000}
_SEPARATOR = {DT.HOUR: " ", DT.MINUTE: ":", DT.SECOND: ":"}


def _text(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype(str).astype(object), pa.string())


def _two_digits(values: np.ndarray) -> pa.Array:
    return pc.utf8_lpad(_text(values), 2, "0")


def _seconds(micros: np.ndarray) -> pa.Array:
    """``05``, ``05.5``, ``12.000001``: two-digit whole seconds and the fraction without trailing zeros."""
    whole = _two_digits(micros // 1_000_000)
    fraction = pc.utf8_rtrim(pc.utf8_lpad(_text(micros % 1_000_000), 6, "0"), "0")
    dotted = pc.binary_join_element_wise(".", fraction, "")
    return pc.binary_join_element_wise(whole, pc.if_else(pc.equal(fraction, ""), "", dotted), "")


def _wrap(body: pa.Array, sign: np.ndarray, fields: str, valid: pa.Array) -> pa.Array:
    signed = pc.if_else(pa.array(sign), pc.binary_join_element_wise("-", body, ""), body)
    text = pc.binary_join_element_wise("INTERVAL '", signed, f"' {fields}", "")
    return pc.if_else(valid, text, pa.scalar(None, pa.string()))


def _field_names(dtype: DT | YM) -> str:
    first, last = (type(dtype)._FIELDS[f].upper() for f in (dtype.startField, dtype.endField))
    return first if first == last else f"{first} TO {last}"


def day_time_to_string(a: pa.Array, dtype: DT) -> pa.Array:
    """Day-time intervals (microsecond durations) as ``INTERVAL '...' <fields>``."""
    micros = np.asarray(pc.fill_null(a.cast(pa.int64()), 0).to_numpy(zero_copy_only=False), dtype=np.int64)
    rest = np.abs(micros)
    pieces: list[pa.Array | str] = []
    for field in range(dtype.startField, dtype.endField + 1):
        if field != dtype.startField:
            pieces.append(_SEPARATOR[field])
        if field == DT.SECOND:
            pieces.append(_seconds(rest))
            break
        count, rest = np.divmod(rest, _UNIT_MICROS[field])
        pieces.append(_text(count) if field == DT.DAY else _two_digits(count))
    body = pc.binary_join_element_wise(*pieces, "") if len(pieces) > 1 else pieces[0]
    return _wrap(body, micros < 0, _field_names(dtype), a.is_valid())


def year_month_to_string(a: pa.Array, dtype: YM) -> pa.Array:
    """Year-month intervals (whole months) as ``INTERVAL '1-2' YEAR TO MONTH``, ``INTERVAL '14' MONTH``."""
    months = months_of(a)
    whole = np.abs(months)
    if dtype.startField != dtype.endField:
        body = pc.binary_join_element_wise(_text(whole // 12), _text(whole % 12), "-")
    else:
        body = _text(whole // 12 if dtype.startField == YM.YEAR else whole)
    return _wrap(body, months < 0, _field_names(dtype), a.is_valid())
