"""Which casts Spark 4 (ANSI) allows at analysis time, and its error for the ones it rejects."""

from __future__ import annotations

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import type_sql

_TEMPORAL = (T.DateType, T.TimestampType, T.TimestampNTZType)
_TIMESTAMPS = (T.TimestampType, T.TimestampNTZType)


def can_cast(src: T.DataType, to: T.DataType) -> bool:
    """Whether ``CAST(x AS to)`` type-checks for x of type `src` (Spark's ANSI rules)."""
    if src == to or isinstance(src, T.NullType):
        return True
    if isinstance(to, T.VariantType) or isinstance(src, T.VariantType):
        return castable_to_variant(src) if isinstance(to, T.VariantType) else castable_from_variant(to)
    if T.is_string(to):
        return True
    if T.is_string(src):
        return T.is_numeric(to) or isinstance(
            to, (T.BooleanType, T.BinaryType, *_TEMPORAL, T.DayTimeIntervalType, T.YearMonthIntervalType)
        )
    if isinstance(src, T.TimeType):  # a time of day casts to its seconds (Spark 4.1+)
        return _is_exact_number(to)
    if _is_ansi_interval(src) and _is_ansi_interval(to):
        return type(src) is type(to)
    if (_is_ansi_interval(src) and _is_exact_number(to)) or (_is_exact_number(src) and _is_ansi_interval(to)):
        return True
    if T.is_numeric(src) or isinstance(src, T.BooleanType):
        return (
            T.is_numeric(to)
            or isinstance(to, T.BooleanType)
            or (T.is_numeric(src) and isinstance(to, T.TimestampType))
        )
    if isinstance(src, _TEMPORAL):
        if isinstance(to, _TEMPORAL):
            return True
        return isinstance(src, T.TimestampType) and T.is_numeric(to)
    if isinstance(src, T.ArrayType) and isinstance(to, T.ArrayType):
        return can_cast(src.elementType, to.elementType)
    if isinstance(src, T.MapType) and isinstance(to, T.MapType):
        return can_cast(src.keyType, to.keyType) and can_cast(src.valueType, to.valueType)
    if isinstance(src, T.StructType) and isinstance(to, T.StructType):
        return len(src.fields) == len(to.fields) and all(
            can_cast(a.dataType, b.dataType) for a, b in zip(src.fields, to.fields)
        )
    return False


def _is_ansi_interval(dtype: T.DataType) -> bool:
    return isinstance(dtype, (T.DayTimeIntervalType, T.YearMonthIntervalType))


def _is_exact_number(dtype: T.DataType) -> bool:
    """Integral and decimal types: the numbers an ANSI interval casts to and from."""
    return T.is_integral(dtype) or isinstance(dtype, T.DecimalType)


def _function_for(src: T.DataType, to: T.DataType) -> str | None:
    """The function Spark suggests for a cast it refuses: dates to and from day numbers."""
    if isinstance(src, T.DateType) and T.is_numeric(to):
        return "UNIX_DATE"
    if T.is_numeric(src) and isinstance(to, T.DateType):
        return "DATE_FROM_UNIX_DATE"
    return None


def cast_mismatch(expr_sql: str, src: T.DataType, to: T.DataType) -> AnalysisException:
    """Spark's DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION for ``CAST(expr AS to)`` (or
    CAST_WITH_FUNC_SUGGESTION where a function does the conversion)."""
    func = _function_for(src, to)
    if func is not None:
        return AnalysisException(
            f'[DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION] Cannot resolve "{expr_sql}" due to data type mismatch: '
            f'cannot cast "{type_sql(src)}" to "{type_sql(to)}".\nTo convert values from "{type_sql(src)}" to '
            f'"{type_sql(to)}", you can use the functions `{func}` instead.',
            "DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION",
            {"sqlExpr": f'"{expr_sql}"', "srcType": f'"{type_sql(src)}"', "targetType": f'"{type_sql(to)}"', "functionNames": f"`{func}`"},
        )
    if T.is_integral(src) and isinstance(to, T.BinaryType):  # a cast Spark allows with ANSI mode off
        source, target = f'"{type_sql(src)}"', f'"{type_sql(to)}"'
        return AnalysisException(
            f'[DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION] Cannot resolve "{expr_sql}" due to data type mismatch: '
            f"cannot cast {source} to {target} with ANSI mode on.\nIf you have to cast {source} to {target}, you can "
            "set \"spark.sql.ansi.enabled\" as 'false'.",
            "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION",
            {"sqlExpr": f'"{expr_sql}"', "srcType": source, "targetType": target,
             "config": '"spark.sql.ansi.enabled"', "configVal": "'false'"},
        )  # fmt: skip
    msg = (
        f'[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "{expr_sql}" due to data type '
        f'mismatch: cannot cast "{type_sql(src)}" to "{type_sql(to)}".'
    )
    return AnalysisException(
        msg,
        "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION",
        {"sqlExpr": f'"{expr_sql}"', "srcType": f'"{type_sql(src)}"', "targetType": f'"{type_sql(to)}"'},
    )


def castable_to_variant(src: T.DataType) -> bool:
    """Whether ``CAST(x AS VARIANT)`` type-checks: atomic values and arrays of them (structs and
    maps go through ``to_variant_object``)."""
    if isinstance(src, T.ArrayType):
        return castable_to_variant(src.elementType)
    return isinstance(src, (T.AtomicType, T.NullType)) and not isinstance(
        src, (T.DayTimeIntervalType, T.YearMonthIntervalType, T.TimeType)
    )


def castable_from_variant(to: T.DataType) -> bool:
    """Whether ``CAST(v AS to)`` type-checks for a variant `v`."""
    if isinstance(to, T.ArrayType):
        return castable_from_variant(to.elementType)
    if isinstance(to, T.MapType):
        return T.is_string(to.keyType) and castable_from_variant(to.valueType)
    if isinstance(to, T.StructType):
        return all(castable_from_variant(f.dataType) for f in to.fields)
    return isinstance(to, T.AtomicType) and not isinstance(
        to, (T.DayTimeIntervalType, T.YearMonthIntervalType, T.TimeType)
    )
