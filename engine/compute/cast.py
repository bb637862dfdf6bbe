"""`cast_value`: Spark 4's CAST over Arrow arrays, in ANSI mode (errors) and legacy mode (nulls).

An invalid string raises CAST_INVALID_INPUT and a value out of the target's range raises
CAST_OVERFLOW (NUMERIC_VALUE_OUT_OF_RANGE for decimals) under ANSI; ``try_cast`` (`safe`)
and legacy mode return null instead, except legacy integral narrowing, which wraps around.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute import cast_text as txt
from engine.compute.context import EvalContext
from engine.compute.interval_cast import day_time_to_string, year_month_to_string
from engine.compute.interval_numbers import (
    interval_fields_cast,
    interval_number_cast,
    is_interval_fields_cast,
    is_interval_number_cast,
    unscaled_decimal,
)
from engine.compute.kernels import Value
from engine.compute.kernels._util import fit_decimal, integral_bounds, null_where, own_offsets, zero
from engine.compute.kernels.datetime import zoned_instant
from engine.errors import ArithmeticException, DateTimeException, NumberFormatException, SparkRuntimeException
from engine.expr.display import time_text, type_sql
from engine.expr.interval_text import interval_sql


def cast_value(
    value: Value, from_type: T.DataType, to_type: T.DataType, ctx: EvalContext, safe: bool
) -> Value:
    """`value` (of Spark type `from_type`) cast to `to_type` as Spark's CAST / TRY_CAST does."""
    if isinstance(value, pa.Scalar):
        return cast_array(pa.array([value.as_py()], value.type), from_type, to_type, ctx, safe)[0]
    if isinstance(value, pa.ChunkedArray):
        value = value.combine_chunks()
    return cast_array(value, from_type, to_type, ctx, safe)


def insert_cast(value: Value, from_type: T.DataType, to_type: T.DataType, ctx: EvalContext, column: str) -> Value:
    """`value` cast for an INSERT into table column `column`: an overflow is Spark's
    CAST_OVERFLOW_IN_TABLE_INSERT naming the column (its CheckOverflowInTableInsert), not the
    cast's own CAST_OVERFLOW / NUMERIC_VALUE_OUT_OF_RANGE. The cast is ANSI whatever
    ``spark.sql.ansi.enabled`` says, as under Spark's default ``storeAssignmentPolicy``."""
    try:
        return cast_value(value, from_type, to_type, replace(ctx, ansi=True), safe=False)
    except ArithmeticException as e:
        if e.error_class not in ("CAST_OVERFLOW", "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION"):
            raise
        source, target = f'"{type_sql(from_type)}"', f'"{type_sql(to_type)}"'
        raise ArithmeticException(
            f"[CAST_OVERFLOW_IN_TABLE_INSERT] Fail to assign a value of {source} type to the {target} type column "
            f"or variable `{column}` due to an overflow. Use `try_cast` on the input value to tolerate overflow "
            "and return NULL instead.",
            "CAST_OVERFLOW_IN_TABLE_INSERT",
            {"sourceType": source, "targetType": target, "columnName": f"`{column}`"},
        ) from e


def cast_array(a: pa.Array, src: T.DataType, to: T.DataType, ctx: EvalContext, safe: bool) -> pa.Array:
    target = T.to_arrow(to)
    if src == to or isinstance(to, T.NullType):
        return a if a.type.equals(target) else a.cast(target)
    if isinstance(src, T.NullType):
        return pa.nulls(len(a), target)
    strict = ctx.ansi and not safe
    if isinstance(src, T.VariantType) or isinstance(to, T.VariantType):
        from engine.compute.variant_values import cast_variant

        return cast_variant(a, src, to, ctx, strict=not safe)
    if T.is_string(to):
        return to_string(a, src, ctx)
    if T.is_string(src):
        return _from_string(a, to, ctx, strict)
    if isinstance(to, T.BooleanType):
        return pc.not_equal(a, zero(a.type)) if T.is_numeric(src) else _unsupported(src, to)
    if isinstance(src, T.BooleanType):
        return a.cast(pa.int8()).cast(target) if T.is_numeric(to) else _unsupported(src, to)
    if T.is_numeric(src) and T.is_numeric(to):
        return _numeric(a, src, to, strict, safe)
    if isinstance(src, T.TimeType):
        return _from_time(a, src, to, strict)
    if is_interval_number_cast(src, to):
        return interval_number_cast(a, src, to, strict, cast_overflow)
    if is_interval_fields_cast(src, to):
        return interval_fields_cast(a, to)  # type: ignore[arg-type]
    if isinstance(src, (T.TimestampType, T.TimestampNTZType, T.DateType)) or isinstance(
        to, (T.TimestampType, T.TimestampNTZType, T.DateType)
    ):
        return _temporal(a, src, to, ctx, strict)
    if isinstance(src, T.ArrayType) and isinstance(to, T.ArrayType):
        values = cast_array(a.values, src.elementType, to.elementType, ctx, safe)
        return pa.ListArray.from_arrays(own_offsets(a), values, type=target, mask=a.is_null())
    if isinstance(src, T.MapType) and isinstance(to, T.MapType):
        keys = cast_array(a.keys, src.keyType, to.keyType, ctx, safe)
        items = cast_array(a.items, src.valueType, to.valueType, ctx, safe)
        return pa.MapArray.from_arrays(own_offsets(a), keys, items, type=target, mask=a.is_null())
    if isinstance(src, T.StructType) and isinstance(to, T.StructType) and len(src.fields) == len(to.fields):
        fields = [
            cast_array(a.field(i), fs.dataType, ft.dataType, ctx, safe)
            for i, (fs, ft) in enumerate(zip(src.fields, to.fields))
        ]
        return pa.StructArray.from_arrays(fields, fields=list(target), mask=a.is_null())
    if isinstance(to, T.BinaryType) and T.is_integral(src):
        return _unsupported(src, to)
    return a.cast(target)


def _unsupported(src: T.DataType, to: T.DataType) -> pa.Array:
    from engine.errors import AnalysisException

    raise AnalysisException(
        f"[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] cannot cast {type_sql(src)} to {type_sql(to)}.",
        "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
    )


# --------------------------------------------------------------------------- errors


def sql_value(value: object, dtype: T.DataType) -> str:
    """A value as Spark's error messages print it: 300L, 3.0E10D, 'abc'."""
    if T.is_string(dtype):
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(dtype, (T.DoubleType, T.FloatType)):
        shown = txt.format_floating(pa.array([value], T.to_arrow(dtype)))[0].as_py()
        return shown + ("D" if isinstance(dtype, T.DoubleType) else "")
    if isinstance(dtype, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        return interval_sql(value, dtype)
    if isinstance(dtype, T.TimeType):
        return f"TIME '{time_text(value)}'"  # type: ignore[arg-type]
    suffix = {T.LongType: "L", T.ShortType: "S", T.ByteType: "Y", T.DecimalType: "BD"}.get(type(dtype), "")
    return f"{value}{suffix}"


def invalid_input(a: pa.Array, bad: np.ndarray, src: T.DataType, to: T.DataType) -> Exception:
    value = a.filter(pa.array(bad))[0].as_py()
    msg = (
        f'[CAST_INVALID_INPUT] The value {sql_value(value, src)} of the type "{type_sql(src)}" cannot be cast '
        f'to "{type_sql(to)}" because it is malformed. Correct the value as per the syntax, or change its '
        "target type. Use `try_cast` to tolerate malformed input and return NULL instead."
    )
    params = {
        "expression": sql_value(value, src),
        "sourceType": f'"{type_sql(src)}"',
        "targetType": f'"{type_sql(to)}"',
    }
    if T.is_numeric(to):
        return NumberFormatException(msg, "CAST_INVALID_INPUT", params)
    if isinstance(to, (T.DateType, T.TimestampType, T.TimestampNTZType)):
        return DateTimeException(msg, "CAST_INVALID_INPUT", params)
    return SparkRuntimeException(msg, "CAST_INVALID_INPUT", params)


def cast_overflow(value: object, src: T.DataType, to: T.DataType) -> ArithmeticException:
    msg = (
        f'[CAST_OVERFLOW] The value {sql_value(value, src)} of the type "{type_sql(src)}" cannot be cast to '
        f'"{type_sql(to)}" due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead.'
    )
    return ArithmeticException(
        msg,
        "CAST_OVERFLOW",
        {
            "value": sql_value(value, src),
            "sourceType": f'"{type_sql(src)}"',
            "targetType": f'"{type_sql(to)}"',
        },
    )


def _reject(
    a: pa.Array, ok: np.ndarray, src: T.DataType, to: T.DataType, strict: bool, out: pa.Array
) -> pa.Array:
    """`out` with unparsed rows null, or CAST_INVALID_INPUT for the first one under ANSI."""
    bad = txt.invalid_rows(a, ok)
    if bad.any() and strict:
        raise invalid_input(a, bad, src, to)
    return null_where(out, ~ok)


# --------------------------------------------------------------------------- from string


def _from_string(a: pa.Array, to: T.DataType, ctx: EvalContext, strict: bool) -> pa.Array:
    src = T.StringType()
    if T.is_integral(to):
        parsed, ok = txt.parse_integral(a, ctx.ansi)  # try_cast keeps ANSI syntax: "2.5" is null
        lo, hi = integral_bounds(to)
        big = pa.decimal128(38, 0)
        in_range = pc.and_(
            pc.greater_equal(parsed, pa.scalar(lo).cast(big)), pc.less_equal(parsed, pa.scalar(hi).cast(big))
        )
        ok &= np.asarray(pc.fill_null(in_range, False).to_numpy(zero_copy_only=False), dtype=bool)
        out = pc.if_else(pa.array(ok), parsed, pa.scalar(0).cast(big)).cast(T.to_arrow(to))
        return _reject(a, ok, src, to, strict, out)
    if isinstance(to, (T.DoubleType, T.FloatType)):
        parsed, ok = txt.parse_floating(a, T.to_arrow(to))
        return _reject(a, ok, src, to, strict, parsed)
    if isinstance(to, T.DecimalType):
        parsed, ok = txt.parse_decimal(a, to)
        out = _reject(a, ok, src, to, strict, parsed)
        return fit_decimal(out, to, strict)
    if isinstance(to, T.BooleanType):
        parsed, ok = txt.parse_boolean(a)
        return _reject(a, ok, src, to, strict, parsed)
    if isinstance(to, T.DateType):
        parsed, ok = txt.parse_date(a)
        return _reject(a, ok, src, to, strict, parsed)
    if isinstance(to, (T.TimestampType, T.TimestampNTZType)):
        parsed, ok = txt.parse_timestamp(a, ctx, isinstance(to, T.TimestampType))
        return _reject(a, ok, src, to, strict, parsed.cast(T.to_arrow(to)))
    if isinstance(to, T.BinaryType):
        return a.cast(pa.binary())
    if isinstance(to, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
        from engine.compute.interval_parse import string_to_interval

        return string_to_interval(a, to, strict)
    return _unsupported(src, to)


# --------------------------------------------------------------------------- to string


def to_string(a: pa.Array, src: T.DataType, ctx: EvalContext) -> pa.Array:
    """Values formatted as Spark's CAST(... AS STRING) formats them."""
    if isinstance(src, (T.DoubleType, T.FloatType)):
        return txt.format_floating(a)
    if isinstance(src, T.DecimalType):
        return txt.format_decimal(a)
    if isinstance(src, T.BooleanType):
        return pc.if_else(a, pa.scalar("true"), pa.scalar("false"))
    if isinstance(src, (T.TimestampType, T.TimestampNTZType)):
        return txt.format_timestamp(a, ctx, isinstance(src, T.TimestampType))
    if isinstance(src, T.BinaryType):
        return a.cast(pa.string(), safe=False)
    if isinstance(src, T.TimeType):
        return pa.array([None if v is None else time_text(v) for v in a.to_pylist()], pa.string())
    if isinstance(src, T.DayTimeIntervalType):
        return day_time_to_string(a, src)
    if isinstance(src, T.YearMonthIntervalType):
        return year_month_to_string(a, src)
    if isinstance(src, T.ArrayType):
        items = _nested_item_strings(a.values, src.elementType, ctx)
        lists = pa.ListArray.from_arrays(own_offsets(a), items, mask=a.is_null())
        return _wrap(pc.binary_join(lists, ", "), "[", "]")
    if isinstance(src, T.MapType):
        keys = _nested_item_strings(a.keys, src.keyType, ctx)
        vals = _nested_item_strings(a.items, src.valueType, ctx)
        pairs = pc.binary_join_element_wise(keys, vals, " -> ")
        lists = pa.ListArray.from_arrays(own_offsets(a), pairs, mask=a.is_null())
        return _wrap(pc.binary_join(lists, ", "), "{", "}")
    if isinstance(src, T.StructType):
        if not src.fields:
            return pc.if_else(a.is_valid(), pa.scalar("{}"), pa.scalar(None, pa.string()))
        parts = [_nested_item_strings(a.field(i), f.dataType, ctx) for i, f in enumerate(src.fields)]
        joined = pc.binary_join_element_wise(*parts, ", ")
        return null_where(
            _wrap(joined, "{", "}"), ~np.asarray(a.is_valid().to_numpy(zero_copy_only=False), bool)
        )
    return a.cast(pa.string())


def _nested_item_strings(a: pa.Array, dtype: T.DataType, ctx: EvalContext) -> pa.Array:
    return pc.fill_null(to_string(a, dtype, ctx), "null")


def _wrap(s: pa.Array, left: str, right: str) -> pa.Array:
    return pc.binary_join_element_wise(pa.scalar(left), s, pa.scalar(right), "")


# --------------------------------------------------------------------------- numbers and time


def _numeric(a: pa.Array, src: T.DataType, to: T.DataType, strict: bool, safe: bool = False) -> pa.Array:
    """Numeric casts; an integral overflow raises (`strict`), is null (`safe`) or wraps (legacy)."""
    target = T.to_arrow(to)
    if isinstance(to, T.DecimalType):
        if isinstance(src, (T.DoubleType, T.FloatType)):
            finite = np.isfinite(np.asarray(pc.fill_null(a, 0).to_numpy(zero_copy_only=False), dtype=float))
            if strict and not finite.all():
                raise cast_overflow(a.filter(pa.array(~finite))[0].as_py(), src, to)
            text = null_where(txt.format_floating(a), ~finite)
            parsed, _ = txt.parse_decimal(text, to)
            if a.null_count:  # a null double is a null decimal (the text parser reads it as 0)
                parsed = pc.if_else(a.is_null(), pa.scalar(None, parsed.type), parsed)
            return fit_decimal(parsed, to, strict)
        wide = a.cast(
            pa.decimal256(
                a.type.precision if pa.types.is_decimal(a.type) else 20, getattr(a.type, "scale", 0)
            )
        )
        return fit_decimal(wide, to, strict)
    if isinstance(to, (T.DoubleType, T.FloatType)):
        if pa.types.is_decimal(a.type):
            # correctly rounded, as Java's BigDecimal.doubleValue: 1.005 -> 1.005, not 1.0050000000000001
            return a.cast(pa.string()).cast(target)
        return a.cast(target, safe=False)
    lo, hi = integral_bounds(to)
    if pa.types.is_decimal(a.type):  # one more digit first: decimal(1,1) has no room for 0 digits of scale
        a = pc.round(a.cast(pa.decimal256(min(a.type.precision + 1, 76), a.type.scale)), ndigits=0, round_mode="towards_zero")
        values = a.cast(pa.float64())
    elif pa.types.is_floating(a.type):
        values = pc.trunc(a.cast(pa.float64()))
    else:
        values = a
    nums = np.asarray(pc.fill_null(values, 0).to_numpy(zero_copy_only=False))
    with np.errstate(invalid="ignore"):
        over = ~((nums >= lo) & (nums <= hi)) if nums.dtype.kind == "f" else (nums < lo) | (nums > hi)
    over &= np.asarray(a.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    if over.any():
        if strict:
            raise cast_overflow(a.filter(pa.array(over))[0].as_py(), src, to)
        if safe:
            return null_where(_numeric(null_where(a, over), src, to, strict), over)
        if nums.dtype.kind == "f":
            wrapped = _java_double_to_long(nums)
            if to.__class__ in (T.ByteType, T.ShortType):
                wrapped = np.clip(np.nan_to_num(nums), -(2**31), 2**31 - 1).astype(np.int64)
            elif isinstance(to, T.IntegerType):
                wrapped = np.clip(np.nan_to_num(nums), lo, hi).astype(np.int64)
        else:
            wrapped = nums.astype(np.int64)
        out = wrapped.astype(target.to_pandas_dtype())
        return pa.array(
            out, target, mask=~np.asarray(a.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        )
    if pa.types.is_decimal(a.type):
        return a.cast(target)
    return values.cast(target, safe=False)


def _temporal(a: pa.Array, src: T.DataType, to: T.DataType, ctx: EvalContext, strict: bool) -> pa.Array:
    tz = ctx.timezone
    if isinstance(src, T.DateType) and isinstance(to, T.TimestampType):
        return zoned_instant(a.cast(pa.timestamp("us")), tz)
    if isinstance(src, T.DateType) and isinstance(to, T.TimestampNTZType):
        return a.cast(pa.timestamp("us"))
    if isinstance(src, T.TimestampType) and isinstance(to, (T.DateType, T.TimestampNTZType)):
        local = pc.local_timestamp(a.cast(pa.timestamp("us", tz=tz)))
        return local.cast(T.to_arrow(to)) if isinstance(to, T.TimestampNTZType) else _floor_date(local)
    if isinstance(src, T.TimestampNTZType) and isinstance(to, T.DateType):
        return _floor_date(a)
    if isinstance(src, T.TimestampNTZType) and isinstance(to, T.TimestampType):
        return zoned_instant(a, tz)
    if isinstance(src, T.TimestampType) and T.is_numeric(to):
        micros = a.cast(pa.int64())
        if isinstance(to, (T.DoubleType, T.FloatType)):
            return pc.divide(micros.cast(pa.float64()), 1_000_000.0).cast(T.to_arrow(to))
        return _numeric(_floor_divide(micros, 1_000_000), T.LongType(), to, strict)
    if T.is_numeric(src) and isinstance(to, T.TimestampType):
        if isinstance(src, (T.FloatType, T.DoubleType)):
            a = _finite_seconds(a, strict)
        seconds = a.cast(pa.float64()) if not T.is_integral(src) else a.cast(pa.int64())
        micros = pc.multiply(seconds, 1_000_000)
        return micros.cast(pa.int64(), safe=False).cast(T.to_arrow(to))
    return _unsupported(src, to)


def _from_time(a: pa.Array, src: T.TimeType, to: T.DataType, strict: bool) -> pa.Array:
    """A time of day as its seconds since midnight: whole (floored) for integral types, with
    the microseconds rounded half up for decimals; out of range is CAST_OVERFLOW /
    NUMERIC_VALUE_OUT_OF_RANGE (Spark 4.1's TIME casts)."""
    micros = a.cast(pa.int64())
    if isinstance(to, T.DecimalType):
        ok = np.asarray(micros.is_valid().to_numpy(zero_copy_only=False), bool)
        unscaled = np.asarray(pc.fill_null(micros, 0).to_numpy(zero_copy_only=False), np.int64)
        return fit_decimal(unscaled_decimal(unscaled, 6, ok), to, strict)  # seconds, microseconds as decimals
    seconds = _floor_divide(micros, 1_000_000)
    lo, hi = integral_bounds(to)
    values = np.asarray(pc.fill_null(seconds, 0).to_numpy(zero_copy_only=False))
    over = ((values < lo) | (values > hi)) & np.asarray(seconds.is_valid().to_numpy(zero_copy_only=False), bool)
    if over.any():
        if strict:
            raise cast_overflow(a.filter(pa.array(over))[0].as_py(), src, to)
        seconds = null_where(seconds, over)
    return seconds.cast(T.to_arrow(to), safe=False)


def _finite_seconds(a: pa.Array, strict: bool) -> pa.Array:
    """Floating seconds for a timestamp: NaN and infinities are malformed (CAST_INVALID_INPUT
    under ANSI, as Spark's doubleToTimestampAnsi, naming the value as a double), else null."""
    values = np.asarray(pc.fill_null(a.cast(pa.float64()), 0.0).to_numpy(zero_copy_only=False), dtype=float)
    bad = ~np.isfinite(values)
    if not bad.any():
        return a
    if strict:
        shown = "NaN" if np.isnan(values[bad][0]) else ("Infinity" if values[bad][0] > 0 else "-Infinity")
        raise DateTimeException(
            f'[CAST_INVALID_INPUT] The value {shown} of the type "DOUBLE" cannot be cast to "TIMESTAMP" because it '
            "is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to "
            "tolerate malformed input and return NULL instead.",
            "CAST_INVALID_INPUT",
            {"expression": shown, "sourceType": '"DOUBLE"', "targetType": '"TIMESTAMP"'},
        )
    return null_where(a, bad)


def _floor_date(naive: pa.Array) -> pa.Array:
    return _floor_divide(naive.cast(pa.int64()), 86_400_000_000).cast(pa.int32()).cast(pa.date32())


def _floor_divide(micros: pa.Array, unit: int) -> pa.Array:
    """Whole units (floored) of int64 microseconds, exactly: a float64 holds only 2**53
    microseconds (some 285 years from 1970), so earlier timestamps cannot go through one."""
    whole = np.floor_divide(np.asarray(pc.fill_null(micros, 0).to_numpy(zero_copy_only=False), np.int64), unit)
    return pa.array(whole, pa.int64(), mask=np.asarray(micros.is_null().to_numpy(zero_copy_only=False), bool))


def _java_double_to_long(nums: np.ndarray) -> np.ndarray:
    """Java's ``(long) d`` over an array: NaN is 0 and values beyond the LONG range saturate
    at its ends (``CAST(1e20 AS BIGINT)`` is 9223372036854775807 without ANSI). Clipping to
    ``2**63 - 1`` in float64 rounds up to ``2**63``, which the int64 conversion wraps to the
    minimum, so the top end is set apart."""
    top = nums >= 2.0**63
    with np.errstate(invalid="ignore"):
        out = np.clip(np.nan_to_num(nums), -(2.0**63), np.nextafter(2.0**63, 0.0)).astype(np.int64)
    out[top] = np.iinfo(np.int64).max
    return out
