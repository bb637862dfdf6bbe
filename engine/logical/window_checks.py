"""Analysis checks of one window expression, raising Spark's error for what Spark rejects.

Run when window expressions are lifted into Window nodes (the one place every window
expression, from SQL or the DataFrame API, passes through resolved).
"""

from __future__ import annotations

import decimal
import math

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr.display import expr_sql, frame_sql, sql_name, window_spec_sql
from engine.expr.typing import dtype_of

# Aggregates Spark evaluates only over a whole partition (no ORDER BY, no frame).
_WHOLE_PARTITION_ONLY = frozenset({"median"})


def check_window(w: n.WindowExpr) -> None:
    """Raise Spark's AnalysisException when `w` is a window Spark cannot evaluate."""
    _check_orderable(w.spec)
    _check_frame_bounds(w.spec.frame)
    _check_range_frame(w.spec)
    f = w.function
    if not isinstance(f, n.AggCall):
        _check_window_function(f)
        return
    if f.distinct:
        raise AnalysisException(
            f'[DISTINCT_WINDOW_FUNCTION_UNSUPPORTED] Distinct window functions are not supported: "{sql_name(w)}". '
            "Aggregate the distinct values first (e.g. collect_set, then size or aggregate over it).",
            "DISTINCT_WINDOW_FUNCTION_UNSUPPORTED",
        )
    if f.name.lower() in _WHOLE_PARTITION_ONLY and (w.spec.order_by or w.spec.frame is not None):
        raise AnalysisException(
            f'[INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC] Cannot specify ORDER BY or a window frame for "{sql_name(f)}". '
            "Use a window with only PARTITION BY.",
            "INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC",
        )


def _check_orderable(spec: n.WindowSpecDef) -> None:
    """A window sorts rows by its partition and order keys, and maps have no order in Spark: an
    ORDER BY key holding a map is INVALID_ORDERING_TYPE (the sort order's own type check, so
    first), a PARTITION BY key holding one EXPRESSION_TYPE_IS_NOT_ORDERABLE."""
    from engine.expr.signatures._common import type_name
    from engine.expr.signatures.operators import has_map
    from engine.logical.map_checks import refuse_map_order_keys

    refuse_map_order_keys(spec.order_by)
    for key in spec.partition_by:
        t = dtype_of(key)
        if has_map(t):
            raise AnalysisException(
                f'[EXPRESSION_TYPE_IS_NOT_ORDERABLE] Column expression "{sql_name(key)}" cannot be sorted because '
                f"its type {type_name(t)} is not orderable.",
                "EXPRESSION_TYPE_IS_NOT_ORDERABLE",
            )


# Functions that only run over a window (ranking, offset and positional ones).
_WINDOW_FUNCTIONS = frozenset({
    "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
    "first_value", "last_value", "first", "last", "nth_value", "counter_diff",
})  # fmt: skip


def _check_window_function(f: n.Expr) -> None:
    """``lit(1).over(w)``, ``col("v").over(w)``: Spark accepts only window functions,
    aggregates and aggregating UDFs before OVER."""
    inner = f.child if isinstance(f, n.Alias) else f
    if isinstance(inner, n.UDFCall) or (isinstance(inner, n.Call) and inner.name.lower() in _WINDOW_FUNCTIONS):
        return
    raise AnalysisException(
        f'[UNSUPPORTED_EXPR_FOR_WINDOW] Expression "{sql_name(f)}" not supported within a window function.',
        "UNSUPPORTED_EXPR_FOR_WINDOW",
    )


def _check_frame_bounds(frame: n.Frame | None) -> None:
    """ROWS offsets are INT numbers; a frame's lower bound may not follow its upper bound."""
    if frame is None:
        return
    if frame.kind == "rows":
        for which, bound in (("lower", frame.start), ("upper", frame.end)):
            # a SQL offset beyond INT (``2147483648 FOLLOWING``) is a BIGINT literal
            too_big = frame.sql_preceding and isinstance(bound, int) and not abs(bound) < 2**31
            if isinstance(bound, (n.Literal, float)) or too_big:
                kind = _offset_type(abs(bound) if too_big else bound, frame.sql_preceding)  # type: ignore[arg-type]
                raise _mismatch(
                    "SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
                    f'"{frame_sql(frame)}"',
                    f'The data type of the {which} bound "{_type_name(kind)}" does not match the expected data '
                    'type "INT".',
                )
    start, end = frame.start, frame.end
    numbers = not isinstance(start, n.Literal) and not isinstance(end, n.Literal)
    if numbers and start is not None and end is not None and start > end:
        raise _mismatch(
            "SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON",
            f'"{frame_sql(frame)}"',
            "The lower bound of a window frame must be less than or equal to the upper bound.",
        )


def _check_range_frame(spec: n.WindowSpecDef) -> None:
    """A RANGE frame with value offsets needs one ORDER BY key whose type the offsets fit:
    numbers for a numeric key, an interval (or, in SQL, an INT number of days) for a date,
    an interval for a timestamp."""
    frame = spec.frame
    if frame is None or frame.kind != "range":
        return
    offsets = [b for b in (frame.start, frame.end) if b is not None and (isinstance(b, n.Literal) or b != 0)]
    if not offsets:
        return
    where = f'"({" ".join(p for p in (window_spec_sql(spec), frame_sql(frame)) if p)})"'
    if not spec.order_by:
        raise _mismatch(
            "RANGE_FRAME_WITHOUT_ORDER",
            where,
            "A range window frame cannot be used in an unordered window specification.",
        )
    if len(spec.order_by) > 1:
        keys = ",".join(expr_sql(o) for o in spec.order_by)
        raise _mismatch(
            "RANGE_FRAME_MULTI_ORDER",
            where,
            "A range window frame with value boundaries cannot be used in a window specification with "
            f"multiple order by expressions: {keys}.",
        )
    key = dtype_of(spec.order_by[0].child)
    if not isinstance(key, (T.NumericType, T.DateType, T.TimestampType, T.TimestampNTZType)):
        which = "lower" if frame.start in offsets else "upper"
        raise _mismatch(
            "SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE",
            f'"{frame_sql(frame)}"',
            f'The data type of the {which} bound "{_type_name(key)}" does not match the expected data type '
            '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL").',
        )
    for offset in offsets:
        kind = _offset_type(offset, frame.sql_preceding)
        if not _fits(key, kind):
            raise _mismatch(
                "RANGE_FRAME_INVALID_TYPE",
                where,
                f'The data type "{_type_name(key)}" used in the order specification does not support the data '
                f'type "{_type_name(kind)}" which is used in the range frame.',
            )


def _offset_type(offset: int | float | n.Literal, from_sql: bool) -> T.DataType:
    """The type Spark gives a frame offset: the DataFrame API's are BIGINT, SQL's are INT (BIGINT
    beyond its range) or DECIMAL, intervals their interval type."""
    if isinstance(offset, n.Literal):
        return offset.dtype
    if isinstance(offset, float):
        if not from_sql or not math.isfinite(offset):  # ``'inf' PRECEDING``: a string Spark casts to the key
            return T.DoubleType()
        digits = decimal.Decimal(repr(abs(offset))).as_tuple()
        scale = max(-int(digits.exponent), 0)
        return T.DecimalType(max(len(digits.digits), scale), scale)  # the SQL literal's type
    return T.IntegerType() if from_sql and -(2**31) <= offset < 2**31 else T.LongType()


def _fits(key: T.DataType, offset: T.DataType) -> bool:
    if isinstance(key, T.DateType):  # whole days only
        days = isinstance(offset, T.DayTimeIntervalType) and offset.endField == offset.DAY
        return days or isinstance(offset, (T.IntegerType, T.YearMonthIntervalType))
    if isinstance(key, (T.TimestampType, T.TimestampNTZType)):
        return isinstance(offset, (T.YearMonthIntervalType, T.DayTimeIntervalType))
    return isinstance(offset, T.NumericType)


def _type_name(t: T.DataType) -> str:
    return t.simpleString().upper()


def _mismatch(sub: str, where: str, why: str) -> AnalysisException:
    return AnalysisException(
        f"[DATATYPE_MISMATCH.{sub}] Cannot resolve {where} due to data type mismatch: {why}",
        f"DATATYPE_MISMATCH.{sub}",
    )
