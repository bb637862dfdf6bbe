"""Inferring Spark types from Python values, as PySpark's createDataFrame does."""

from __future__ import annotations

import array
import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from engine.errors import PySparkTypeError, PySparkValueError
from engine.row import Row
from engine.types.atomic import (
    AtomicType,
    BinaryType,
    BooleanType,
    ByteType,
    DataType,
    DateType,
    DayTimeIntervalType,
    DecimalType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    NullType,
    ShortType,
    StringType,
    TimestampNTZType,
    TimestampType,
    TimeType,
)
from engine.types.nested import ArrayType, MapType, StructField, StructType
from engine.types.variant import VariantType, VariantVal

_PYTHON_TYPES: dict[type, DataType] = {
    type(None): NullType(),
    bool: BooleanType(),
    int: LongType(),
    float: DoubleType(),
    str: StringType(),
    bytes: BinaryType(),
    bytearray: BinaryType(),
    decimal.Decimal: DecimalType(38, 18),
    datetime.datetime: TimestampType(),
    datetime.date: DateType(),
    datetime.time: TimeType(),
    datetime.timedelta: DayTimeIntervalType(),
    VariantVal: VariantType(),
}

_ARRAY_TYPECODES: dict[str, DataType] = {
    "b": ByteType(), "h": ShortType(), "i": IntegerType(), "l": LongType(), "q": LongType(),
    "f": FloatType(), "d": DoubleType(), "u": StringType(),
}  # fmt: skip


def infer_type(value: Any, prefer_timestamp_ntz: bool = False) -> DataType:
    """The Spark type PySpark's createDataFrame infers for one Python value.

    bool, int, float, str, bytes, Decimal (as decimal(38,18)), date, datetime (naive ones
    too are TimestampType unless `prefer_timestamp_ntz`), time and timedelta map to atomic
    types; a list to an array of its merged element types; a dict to a map of merged key
    and value types; a Row, tuple, namedtuple or plain object to a struct; None to NullType.
    """
    known = _PYTHON_TYPES.get(type(value))
    if known is None:
        known = next((dt for py, dt in _PYTHON_TYPES.items() if isinstance(value, py)), None)
    if known is not None:
        if prefer_timestamp_ntz and isinstance(value, datetime.datetime) and value.tzinfo is None:
            return TimestampNTZType()
        return known
    if isinstance(value, dict):
        keys = (infer_type(k, prefer_timestamp_ntz) for k in value if k is not None)
        values = (infer_type(v, prefer_timestamp_ntz) for v in value.values() if v is not None)
        return MapType(_merge_all(keys), _merge_all(values), True)
    if isinstance(value, list):
        elements = (infer_type(v, prefer_timestamp_ntz) for v in value)
        return ArrayType(_merge_all(elements), True)
    if isinstance(value, array.array):
        if value.typecode not in _ARRAY_TYPECODES:
            msg = f"[UNSUPPORTED_DATA_TYPE] Unsupported DataType `array({value.typecode})`."
            raise PySparkTypeError(msg, "UNSUPPORTED_DATA_TYPE", {"data_type": f"array({value.typecode})"})
        return ArrayType(_ARRAY_TYPECODES[value.typecode], False)
    try:
        return _infer_row_schema(value, None, prefer_timestamp_ntz)
    except PySparkTypeError as e:
        if e.error_class != "CANNOT_INFER_SCHEMA_FOR_TYPE":
            raise
        msg = f"[UNSUPPORTED_DATA_TYPE] Unsupported DataType `{type(value).__name__}`."
        raise PySparkTypeError(msg, "UNSUPPORTED_DATA_TYPE", {"data_type": type(value).__name__}) from e


def _infer_row_schema(row: Any, names: list[str] | None, prefer_timestamp_ntz: bool) -> StructType:
    """The struct type of one record: a dict (keys sorted, as PySpark does), a Row, a
    namedtuple, a tuple or list (fields `names`, then ``_1, _2, ...``) or an object."""
    items: Iterable[tuple[Any, Any]]
    if isinstance(row, dict):
        items = sorted(row.items())
    elif isinstance(row, Row) and "__fields__" in row.__dict__:
        items = zip(row.__fields__, row)
    elif isinstance(row, tuple) and hasattr(row, "_fields"):
        items = zip(row._fields, row)
    elif isinstance(row, tuple | list):
        given = list(names or [])
        items = zip(given + [f"_{i}" for i in range(len(given) + 1, len(row) + 1)], row)
    elif hasattr(row, "__dict__"):
        items = sorted(vars(row).items())
    else:
        msg = f"[CANNOT_INFER_SCHEMA_FOR_TYPE] Can not infer schema for type: `{type(row).__name__}`."
        raise PySparkTypeError(msg, "CANNOT_INFER_SCHEMA_FOR_TYPE", {"data_type": type(row).__name__})
    fields = []
    for name, value in items:
        try:
            fields.append(StructField(name, infer_type(value, prefer_timestamp_ntz), True))
        except PySparkTypeError as e:
            msg = f"[CANNOT_INFER_TYPE_FOR_FIELD] Unable to infer the type of the field `{name}`: {e}"
            raise PySparkTypeError(msg, "CANNOT_INFER_TYPE_FOR_FIELD", {"field_name": str(name)}) from e
    return StructType(fields)


def infer_schema(
    rows: Iterable[Any], names: list[str] | None = None, prefer_timestamp_ntz: bool = False
) -> StructType:
    """The schema PySpark's createDataFrame infers from local rows (Row, tuple, dict, ...):
    each row's struct type, merged across rows.

    Raises, as PySpark does, when there are no rows (CANNOT_INFER_EMPTY_SCHEMA) or when a
    column is None in every row (CANNOT_DETERMINE_TYPE).
    """
    schemas = [_infer_row_schema(row, names, prefer_timestamp_ntz) for row in rows]
    if not schemas:
        msg = "[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset."
        raise PySparkValueError(msg, "CANNOT_INFER_EMPTY_SCHEMA", {})
    schema = _merge_all(schemas)
    if has_null_type(schema):
        msg = "[CANNOT_DETERMINE_TYPE] Some of types cannot be determined after inferring."
        raise PySparkValueError(msg, "CANNOT_DETERMINE_TYPE", {})
    assert isinstance(schema, StructType)
    return schema


def merge_types(a: DataType, b: DataType, name: str | None = None) -> DataType:
    """The type holding values of both `a` and `b`, as PySpark merges inferred types.

    NullType yields to anything; TimestampNTZ widens to Timestamp; any atomic type with a
    string is a string; structs merge field by field (new fields appended); arrays and maps
    merge their parts. Other conflicts (bigint vs double) raise CANNOT_MERGE_TYPE.
    """
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, TimestampType | TimestampNTZType) and isinstance(b, TimestampType | TimestampNTZType):
        return TimestampType() if TimestampType() in (a, b) else a
    if isinstance(a, AtomicType) and isinstance(b, StringType):
        return b
    if isinstance(a, StringType) and isinstance(b, AtomicType):
        return a
    if type(a) is not type(b):
        msg = f"[CANNOT_MERGE_TYPE] Can not merge type `{type(a).__name__}` and `{type(b).__name__}`."
        raise PySparkTypeError(
            msg, "CANNOT_MERGE_TYPE", {"data_type1": type(a).__name__, "data_type2": type(b).__name__}
        )
    if isinstance(a, StructType) and isinstance(b, StructType):
        theirs = {f.name: f.dataType for f in b.fields}
        fields = [
            StructField(
                f.name, merge_types(f.dataType, theirs.get(f.name, NullType()), _in(f"field {f.name}", name))
            )
            for f in a.fields
        ]
        fields += [StructField(n, t) for n, t in theirs.items() if n not in a.names]
        return StructType(fields)
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        return ArrayType(merge_types(a.elementType, b.elementType, _in("element in array", name)), True)
    if isinstance(a, MapType) and isinstance(b, MapType):
        key = merge_types(a.keyType, b.keyType, _in("key of map", name))
        return MapType(key, merge_types(a.valueType, b.valueType, _in("value of map", name)), True)
    return a


def _merge_all(types: Iterable[DataType]) -> DataType:
    """All `types` merged into one; NullType when there are none."""
    merged: DataType = NullType()
    for t in types:
        merged = merge_types(merged, t)
    return merged


def _in(part: str, name: str | None) -> str:
    return f"{part} in {name}" if name else part


def has_null_type(dt: DataType) -> bool:
    """Whether NullType occurs anywhere in `dt` (a column whose type could not be inferred)."""
    if isinstance(dt, StructType):
        return any(has_null_type(f.dataType) for f in dt.fields)
    if isinstance(dt, ArrayType):
        return has_null_type(dt.elementType)
    if isinstance(dt, MapType):
        return has_null_type(dt.keyType) or has_null_type(dt.valueType)
    return isinstance(dt, NullType)
