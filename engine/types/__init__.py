"""PySpark 4-compatible data types (``engine.types`` is ``pyspark.sql.types``), their Arrow mapping,
DDL strings and type inference.

Every engine layer speaks these types; Arrow data inside the engine always has the canonical
Arrow type of its Spark type (``to_arrow(from_arrow(t))``, see ``canonicalize_table``).
"""

from __future__ import annotations

from engine.row import Row
from engine.types.arrow import (
    canonical_arrow_type,
    canonicalize_table,
    from_arrow,
    from_arrow_schema,
    to_arrow,
    to_arrow_schema,
)
from engine.types.atomic import (
    AnsiIntervalType,
    AtomicType,
    BinaryType,
    BooleanType,
    ByteType,
    CharType,
    DataType,
    DatetimeType,
    DateType,
    DayTimeIntervalType,
    DecimalType,
    DoubleType,
    FloatType,
    FractionalType,
    IntegerType,
    IntegralType,
    LongType,
    NullType,
    NumericType,
    ShortType,
    StringType,
    TimestampNTZType,
    TimestampType,
    TimeType,
    VarcharType,
    YearMonthIntervalType,
    is_fractional,
    is_integral,
    is_numeric,
    is_string,
    is_temporal,
)
from engine.types.ddl import parse_ddl
from engine.types.infer import has_null_type, infer_schema, infer_type, merge_types
from engine.types.nested import ArrayType, MapType, StructField, StructType
from engine.types.variant import VariantType, VariantVal, is_variant_arrow

_parse_datatype_string = parse_ddl

__all__ = [
    "DataType", "AtomicType", "NumericType", "IntegralType", "FractionalType", "DatetimeType",
    "AnsiIntervalType", "NullType", "StringType", "CharType", "VarcharType", "BinaryType",
    "BooleanType", "DateType", "TimeType", "TimestampType", "TimestampNTZType", "DecimalType",
    "DoubleType", "FloatType", "ByteType", "ShortType", "IntegerType", "LongType",
    "DayTimeIntervalType", "YearMonthIntervalType", "ArrayType", "MapType", "StructField",
    "StructType", "VariantType", "VariantVal", "is_variant_arrow", "Row", "to_arrow", "from_arrow", "to_arrow_schema", "from_arrow_schema",
    "canonical_arrow_type", "canonicalize_table", "parse_ddl", "_parse_datatype_string",
    "infer_type", "merge_types", "infer_schema", "has_null_type", "is_numeric", "is_integral",
    "is_fractional", "is_string", "is_temporal",
]  # fmt: skip
