"""CAST between ANSI intervals and numbers, counted in the interval type's last field.

``CAST(INTERVAL '-10-2' YEAR TO MONTH AS SMALLINT)`` is -122 (months),
``CAST(INTERVAL '1 02:03:04.123' DAY TO SECOND AS INT)`` is 93784 (seconds, truncated toward
zero), ``CAST(INTERVAL '10.005' SECOND AS DECIMAL(4, 2))`` is 10.01 (seconds rounded half up),
``CAST(100Y AS INTERVAL HOUR TO SECOND)`` is 100 seconds and
``CAST(80.654321BD AS INTERVAL HOUR TO MINUTE)`` is 80.654321 minutes. A value out of the
target's range raises CAST_OVERFLOW (NUMERIC_VALUE_OUT_OF_RANGE for decimals) as Spark's
IntervalUtils does; try_cast gives null instead. Between two interval types of one kind the
value is truncated to the target's last field: ``CAST(INTERVAL '1 10:20' DAY TO MINUTE AS
INTERVAL DAY)`` is one day.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.kernels._util import fit_decimal, integral_bounds, np_values, valid
from engine.compute.kernels.intervals import months_of, ym_array
from engine.errors import ArithmeticException

DT = T.DayTimeIntervalType
YM = T.YearMonthIntervalType
_MICROS_PER = {DT.DAY: 86_400_000_000, DT.HOUR: 3_600_000_000, DT.MINUTE: 60_000_000, DT.SECOND: 1_000_000}
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1

Overflow = Callable[[object, T.DataType, T.DataType], ArithmeticException]


def is_interval_number_cast(src: T.DataType, to: T.DataType) -> bool:
    """Whether CAST(src AS to) converts between an ANSI interval and a number."""
    intervals = (DT, YM)
    numbers = (T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.DecimalType)
    return (isinstance(src, intervals) and isinstance(to, numbers)) or (
        isinstance(src, numbers) and isinstance(to, intervals)
    )


def is_interval_fields_cast(src: T.DataType, to: T.DataType) -> bool:
    """Whether CAST(src AS to) moves an ANSI interval to other fields of the same kind."""
    return (isinstance(src, DT) and isinstance(to, DT)) or (isinstance(src, YM) and isinstance(to, YM))


def interval_fields_cast(a: pa.Array, to: DT | YM) -> pa.Array:
    """An interval truncated (toward zero) to the last field of `to`, as Spark's
    durationToMicros / periodToMonths with the target's end field."""
    ok = valid(a)
    if isinstance(to, YM):
        months = months_of(a)
        unit = 12 if to.endField == YM.YEAR else 1
        return ym_array(np.sign(months) * (np.abs(months) // unit) * unit, ok)
    micros = np_values(a.cast(pa.int64())).astype(np.int64)
    unit = _MICROS_PER[to.endField]
    whole = np.sign(micros) * (np.abs(micros) // unit) * unit
    return pa.array(whole, pa.int64(), mask=~ok).cast(pa.duration("us"))


def interval_number_cast(
    a: pa.Array, src: T.DataType, to: T.DataType, strict: bool, overflow: Overflow
) -> pa.Array:
    """`a` cast between an ANSI interval type and an integral or decimal type (see the module)."""
    if isinstance(src, (DT, YM)):
        return _from_interval(a, src, to, strict, overflow)
    assert isinstance(to, (DT, YM))
    return _to_interval(a, src, to, strict, overflow)


def _from_interval(a: pa.Array, src: DT | YM, to: T.DataType, strict: bool, overflow: Overflow) -> pa.Array:
    ok = valid(a)
    if isinstance(src, YM):
        raw = months_of(a)
        unit = 12 if src.endField == YM.YEAR else 1
    else:
        raw = np_values(a.cast(pa.int64())).astype(np.int64)
        unit = _MICROS_PER[src.endField]
    counts = np.sign(raw) * (np.abs(raw) // unit)  # Java's division truncates toward zero
    if isinstance(to, T.DecimalType):
        if isinstance(src, DT) and src.endField == DT.SECOND:
            exact = unscaled_decimal(raw, 6, ok)  # seconds with the microseconds as 6 decimals
        else:
            exact = pa.array(counts, pa.int64(), mask=~ok).cast(pa.decimal128(38, 0))
        return fit_decimal(exact, to, strict)
    lo, hi = integral_bounds(to)
    over = ok & ((counts < lo) | (counts > hi))
    if over.any():
        if strict:
            first = int(np.flatnonzero(over)[0])
            raise overflow(int(raw[first]) if isinstance(src, YM) else a[first].as_py(), src, to)
        ok = ok & ~over
    return pa.array(np.where(ok, counts, 0), T.to_arrow(to), mask=~ok)


def unscaled_decimal(unscaled: np.ndarray, scale: int, ok: np.ndarray) -> pa.Array:
    """int64 unscaled values as a decimal128(38, scale) array, without a per-row loop."""
    words = np.empty((len(unscaled), 2), dtype=np.int64)
    words[:, 0] = unscaled
    words[:, 1] = unscaled >> 63  # sign-extend into the high word
    validity = None if ok.all() else pa.array(ok).buffers()[1]
    return pa.Array.from_buffers(pa.decimal128(38, scale), len(unscaled), [validity, pa.py_buffer(words.tobytes())])


def _to_interval(a: pa.Array, src: T.DataType, to: DT | YM, strict: bool, overflow: Overflow) -> pa.Array:
    ok = valid(a)
    per_unit = (12 if to.endField == YM.YEAR else 1) if isinstance(to, YM) else _MICROS_PER[to.endField]
    lo, hi = (_INT_MIN, _INT_MAX) if isinstance(to, YM) else (_LONG_MIN, _LONG_MAX)
    if isinstance(src, T.DecimalType):
        unit = pa.scalar(per_unit, pa.int64()).cast(pa.decimal256(20, 0))
        wide = pc.multiply(a.cast(pa.decimal256(40, a.type.scale)), unit)  # at most 61 digits
        whole = pc.round(wide, ndigits=0, round_mode="half_towards_infinity")  # HALF_UP
        fits = pc.and_(pc.greater_equal(whole, pa.scalar(lo).cast(pa.decimal256(20, 0))),
                       pc.less_equal(whole, pa.scalar(hi).cast(pa.decimal256(20, 0))))
        over = ok & ~np_values(fits, False).astype(bool)
        safe_whole = pc.if_else(pa.array(over), pa.scalar(0).cast(whole.type), whole)
        totals = np_values(safe_whole.cast(pa.decimal256(76, 0)).cast(pa.int64())).astype(np.int64)
    else:
        values = np_values(a).astype(np.int64)
        over = ok & ((values < -(-lo // per_unit)) | (values > hi // per_unit))
        totals = np.where(over, 0, values) * per_unit
    if over.any():
        if strict:
            raise overflow(a[int(np.flatnonzero(over)[0])].as_py(), src, to)
        ok = ok & ~over
    totals = np.where(ok, totals, 0)
    if isinstance(to, YM):
        return ym_array(totals, ok)
    return pa.array(totals, pa.int64(), mask=~ok).cast(pa.duration("us"))
