"""Type rules of date/time arithmetic: ``+ - * /`` over dates, timestamps and ANSI intervals.

The arithmetic operators ask `interval_signature` first; it answers for every operand pair
that involves a date, timestamp or interval and returns None for plain numbers. Spark's
rules: ``date - date`` is ``interval day``, ``timestamp - timestamp`` ``interval day to
second``, ``date ± interval day`` a date but ``date ± interval hour`` a timestamp,
``timestamp ± interval`` keeps the timestamp type, intervals of one kind add up to the
widest fields of both, and ``interval * n`` / ``interval / n`` keep the interval kind.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import (
    arithmetic_required,
    defaults_shown,
    diff_types,
    type_name,
    types_of,
    unexpected_type,
    wrong_type,
)

DT, YM = T.DayTimeIntervalType, T.YearMonthIntervalType
_TIMESTAMPS = (T.TimestampType, T.TimestampNTZType)


def is_interval(t: T.DataType) -> bool:
    return isinstance(t, (DT, YM))


def involves_time(types: Sequence[T.DataType]) -> bool:
    """Whether an arithmetic call is date/time arithmetic (handled here, not as numbers)."""
    return any(is_interval(t) or isinstance(t, (T.DateType, *_TIMESTAMPS)) for t in types)


def interval_signature(op: str, name: str, args: Sequence[object]) -> Signature | None:
    """The signature of ``left op right`` when an operand is a date, timestamp or interval."""
    left, right = types_of(args)
    if not involves_time((left, right)):
        return None
    if op == "-" and T.is_numeric(left) and isinstance(right, T.DateType):
        raise unexpected_type(name, args, 0, '"DATE"')  # Spark reads it as a date difference
    if op in ("+", "-") and (stand_in := _null_stand_in(op, left, right)) is not None:
        null_first = isinstance(left, T.NullType)
        sig = _additive(op, stand_in if null_first else left, right if null_first else stand_in)
        if sig is not None:  # the NULL is cast to the type it stands for, so kernels see no void
            types = list(sig.arg_types or (None, None))
            types[0 if null_first else 1] = stand_in
            sig = Signature(sig.result, tuple(types), sig.nullable)
    elif op in ("+", "-") and (time_add := _time_add(op, args)) is not None:
        sig = time_add
    elif op in ("+", "-"):
        _check_date_plus_days(op, args)
        sig = _additive(op, left, right)
    elif op == "*":
        sig = _scaled(left, right) or _scaled(right, left, swapped=True)
    elif op == "/":
        sig = _scaled(left, right)
    else:
        sig = None
    if sig is None:
        same = left if type(left) is type(right) or T.is_string(right) else right if T.is_string(left) else None
        if same is not None and not is_interval(same):  # a string is read as the date/timestamp beside it
            raise wrong_type(name, args, arithmetic_required(name), same)
        raise diff_types(name, args)
    return sig


def _time_add(op: str, args: Sequence[object]) -> Signature | None:
    """``x + INTERVAL '2' DAY`` (either order) and ``x - INTERVAL ...`` where x is not a date,
    timestamp, interval or NULL: Spark's TimeAdd, which casts a string to a timestamp and gives
    the sum back as a string (``'2011-11-11' - INTERVAL '2' DAY`` is ``2011-11-09 00:00:00``)
    and refuses any other type as its first parameter."""
    left, right = types_of(args)
    interval_first = op == "+" and isinstance(left, DT)
    other, interval = (right, left) if interval_first else (left, right)
    if not isinstance(interval, DT) or isinstance(other, (T.NullType, T.DateType, *_TIMESTAMPS, DT, YM)):
        return None
    if T.is_string(other):
        return Signature(T.StringType(), (None, T.TimestampType()) if interval_first else (T.TimestampType(), None))
    ordered = list(args)[::-1] if interval_first else list(args)
    shown = f"{sql_name(ordered[0])} + {sql_name(ordered[1])}" if op == "+" else (
        f"{sql_name(ordered[0])} + (- {sql_name(ordered[1])})"
    )
    required = '("(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)" or "(TIMESTAMP_LTZ(P) OR TIMESTAMP_NTZ(P) WITH P IN [7, 9])")'
    raise AnalysisException(
        f'[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "{shown}" due to data type mismatch: The first '
        f'parameter requires the {required} type, however "{sql_name(ordered[0])}" has the type {type_name(other)}.',
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        {"sqlExpr": f'"{shown}"', "paramIndex": "first", "requiredType": required},
    )


def _null_stand_in(op: str, left: T.DataType, right: T.DataType) -> T.DataType | None:
    """The type Spark gives an untyped NULL beside a date or timestamp: ``d + NULL`` adds an
    ``interval day to second`` (so a date becomes a timestamp, as Spark's TimeAdd), ``d - NULL``
    subtracts a value of d's own type (a date difference: ``interval day``). None otherwise.

    >>> _null_stand_in("+", T.DateType(), T.NullType())
    DayTimeIntervalType(0, 3)
    """
    if isinstance(left, T.NullType) == isinstance(right, T.NullType):
        return None
    other = right if isinstance(left, T.NullType) else left
    if not isinstance(other, (T.DateType, *_TIMESTAMPS)):
        return None
    return DT(DT.DAY, DT.SECOND) if op == "+" else other


def _check_date_plus_days(op: str, args: Sequence[object]) -> None:
    """``d + x`` / ``d - x`` is Spark's date_add / date_sub, whose days must be a tinyint,
    smallint or int: ``DATE'2020-01-01' + 1.5`` (or ``+ 1L``) is UNEXPECTED_INPUT_TYPE, named
    as that call."""
    types = types_of(args)
    date_first = isinstance(types[0], T.DateType)
    if not (date_first or (op == "+" and isinstance(types[1], T.DateType))):
        return
    ordered = list(args) if date_first else list(args)[::-1]
    days = types_of(ordered)[1]
    fine = isinstance(days, T.NullType) or is_interval(days) or (T.is_integral(days) and not isinstance(days, T.LongType))
    if fine or (op == "-" and (isinstance(days, (T.DateType, *_TIMESTAMPS)) or T.is_string(days))):
        return
    raise unexpected_type("date_add" if op == "+" else "date_sub", ordered, 1, '("INT" or "SMALLINT" or "TINYINT")')


def _additive(op: str, left: T.DataType, right: T.DataType) -> Signature | None:
    if op == "-" and (T.is_string(left) or T.is_string(right)):
        return _difference_with_text(left, right)
    if op == "+" and (is_interval(left) or T.is_integral(left)) and not is_interval(right) and not T.is_integral(right):
        swapped = _additive(op, right, left)
        return None if swapped is None else Signature(swapped.result, swapped.arg_types[::-1], swapped.nullable)
    if isinstance(left, T.DateType):
        if T.is_integral(right) or isinstance(right, T.NullType):
            return Signature(T.DateType(), (None, T.IntegerType()))
        if isinstance(right, YM) or (isinstance(right, DT) and right.endField == DT.DAY):
            return Signature(T.DateType(), (None, None))
        if isinstance(right, DT):
            return Signature(T.TimestampType(), (T.TimestampType(), None))
        if op == "-" and isinstance(right, T.DateType):
            return Signature(DT(DT.DAY, DT.DAY), (None, None))
        if op == "-" and isinstance(right, _TIMESTAMPS):
            return Signature(DT(DT.DAY, DT.SECOND), (right, None))
        return None
    if isinstance(left, _TIMESTAMPS):
        if is_interval(right):
            return Signature(left, (None, None))
        if op == "-" and isinstance(right, (T.DateType, *_TIMESTAMPS)):
            common = left if type(left) is type(right) else T.TimestampType()
            return Signature(DT(DT.DAY, DT.SECOND), (common, common))
        return None
    if is_interval(left) and type(left) is type(right):
        wide = type(left)(min(left.startField, right.startField), max(left.endField, right.endField))
        return Signature(wide, (None, None))
    return None


def _difference_with_text(left: T.DataType, right: T.DataType) -> Signature | None:
    """``date - '2001-09-28'`` (either order): the string is read as the date or timestamp
    beside it, as Spark does, so the difference is an interval (CAST_INVALID_INPUT for other text)."""
    other = right if T.is_string(left) else left
    if not isinstance(other, (T.DateType, *_TIMESTAMPS)):
        return None
    result = DT(DT.DAY, DT.DAY) if isinstance(other, T.DateType) else DT(DT.DAY, DT.SECOND)
    return Signature(result, (other, None) if T.is_string(left) else (None, other))


def _scaled(interval: T.DataType, factor: T.DataType, swapped: bool = False) -> Signature | None:
    """``interval * n`` (either order) and ``interval / n``: Spark's Multiply/DivideDTInterval
    give a whole INTERVAL DAY TO SECOND and the YM ones INTERVAL YEAR TO MONTH, whatever the
    input's fields, null only for a null input (a zero divisor is an error)."""
    if not is_interval(interval) or not (T.is_numeric(factor) or isinstance(factor, T.NullType)):
        return None
    result = DT(DT.DAY, DT.SECOND) if isinstance(interval, DT) else YM(YM.YEAR, YM.MONTH)
    types: tuple[T.DataType | None, ...] = (None, T.DoubleType() if T.is_fractional(factor) else T.LongType())
    return Signature(result, types[::-1] if swapped else types)


@function("make_dt_interval", min_args=0, max_args=4, pretty=defaults_shown(4, "0", "0", "0", "0.000000"))
def _make_dt_interval(args: Sequence[object]) -> Signature:
    """``make_dt_interval(days, hours, mins, secs)``; missing parts are zero."""
    types = (T.IntegerType(), T.IntegerType(), T.IntegerType(), T.DecimalType(18, 6))
    return Signature(DT(DT.DAY, DT.SECOND), types[: len(args)])


@function("make_ym_interval", min_args=0, max_args=2, pretty=defaults_shown(2, "0", "0"))
def _make_ym_interval(args: Sequence[object]) -> Signature:
    """``make_ym_interval(years, months)``; missing parts are zero."""
    return Signature(YM(YM.YEAR, YM.MONTH), (T.IntegerType(), T.IntegerType())[: len(args)])
