"""The mapping between Spark types and Arrow types, and casting tables to canonical Arrow types."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.types as pat

from engine.errors import PySparkTypeError
from engine.types.atomic import (
    BinaryType,
    BooleanType,
    ByteType,
    CharType,
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
    VarcharType,
    YearMonthIntervalType,
)
from engine.types.nested import ArrayType, MapType, StructField, StructType
from engine.types.variant import VARIANT_ARROW, VariantType, is_variant_arrow

_TO_ARROW: dict[type[DataType], pa.DataType] = {
    NullType: pa.null(),
    StringType: pa.string(),
    CharType: pa.string(),
    VarcharType: pa.string(),
    BinaryType: pa.binary(),
    BooleanType: pa.bool_(),
    DateType: pa.date32(),
    TimeType: pa.time64("us"),
    TimestampType: pa.timestamp("us", tz="UTC"),
    TimestampNTZType: pa.timestamp("us"),
    DoubleType: pa.float64(),
    FloatType: pa.float32(),
    ByteType: pa.int8(),
    ShortType: pa.int16(),
    IntegerType: pa.int32(),
    LongType: pa.int64(),
    DayTimeIntervalType: pa.duration("us"),
    YearMonthIntervalType: pa.month_day_nano_interval(),
    VariantType: VARIANT_ARROW,
}

_FROM_ARROW: dict[pa.DataType, DataType] = {
    pa.null(): NullType(),
    pa.bool_(): BooleanType(),
    pa.int8(): ByteType(),
    pa.int16(): ShortType(),
    pa.int32(): IntegerType(),
    pa.int64(): LongType(),
    pa.uint8(): ShortType(),
    pa.uint16(): IntegerType(),
    pa.uint32(): LongType(),
    pa.uint64(): DecimalType(20, 0),
    pa.float16(): FloatType(),
    pa.float32(): FloatType(),
    pa.float64(): DoubleType(),
    pa.string(): StringType(),
    pa.large_string(): StringType(),
    pa.string_view(): StringType(),
    pa.binary(): BinaryType(),
    pa.large_binary(): BinaryType(),
    pa.binary_view(): BinaryType(),
    pa.date32(): DateType(),
    pa.date64(): DateType(),
    pa.month_day_nano_interval(): YearMonthIntervalType(),
}


def to_arrow(dt: DataType) -> pa.DataType:
    """The canonical Arrow type engine stores a column of Spark type `dt` as.

    Timestamps are microseconds (UTC for TimestampType), CHAR/VARCHAR are plain strings,
    list elements are named ``item``, map entries ``key``/``value``.
    """
    if isinstance(dt, DecimalType):
        return pa.decimal128(dt.precision, dt.scale)
    if isinstance(dt, ArrayType):
        # Arrow has no non-nullable null column: array() is array<void> without nulls in Spark
        nullable = dt.containsNull or isinstance(dt.elementType, NullType)
        return pa.list_(pa.field("item", to_arrow(dt.elementType), nullable))
    if isinstance(dt, MapType):
        # Arrow map keys are never null, and a null column is all nulls: map() is map<void,void>,
        # always empty (Spark has no null keys), so its keys are stored as a placeholder int8
        key_type = pa.int8() if isinstance(dt.keyType, NullType) else to_arrow(dt.keyType)
        key = pa.field("key", key_type, False)
        value_nullable = dt.valueContainsNull or isinstance(dt.valueType, NullType)
        return pa.map_(key, pa.field("value", to_arrow(dt.valueType), value_nullable))
    if isinstance(dt, StructType):
        # Arrow's null type is always nullable (map_entries(map()) has a key field of type void)
        fields = [(f.name, to_arrow(f.dataType), f.nullable or isinstance(f.dataType, NullType)) for f in dt.fields]
        return pa.struct([pa.field(*f) for f in fields])
    try:
        return _TO_ARROW[type(dt)]
    except KeyError:
        msg = f"[UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION] {dt!r} has no Arrow equivalent."
        raise PySparkTypeError(
            msg, "UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION", {"data_type": repr(dt)}
        ) from None


def from_arrow(t: pa.DataType) -> DataType:
    """The Spark type nearest to Arrow type `t`, for any type a file or pandas can produce.

    Unsigned integers widen to the next signed type (uint64 to decimal(20,0)); every string,
    binary, list and decimal flavour maps to its one Spark type; timestamps of any unit are
    TimestampType with a time zone and TimestampNTZType without; time32/time64 are TimeType
    (as in PySpark 4.1+); durations are DayTimeIntervalType; dictionaries and run-end
    encoded arrays take their value type; extension types their storage type.
    """
    known = _FROM_ARROW.get(t)
    if known is not None:
        return known
    if pat.is_timestamp(t):
        return TimestampType() if t.tz is not None else TimestampNTZType()
    if pat.is_decimal(t):
        return DecimalType(min(t.precision, 38), min(t.scale, 38))
    if pat.is_time(t):
        return TimeType()
    if pat.is_duration(t):
        return DayTimeIntervalType()
    if pat.is_fixed_size_binary(t):
        return BinaryType()
    if (
        pat.is_list(t)
        or pat.is_large_list(t)
        or pat.is_fixed_size_list(t)
        or pat.is_list_view(t)
        or pat.is_large_list_view(t)
    ):
        return ArrayType(from_arrow(t.value_type), t.value_field.nullable)
    if pat.is_map(t):
        return MapType(from_arrow(t.key_type), from_arrow(t.item_type), t.item_field.nullable)
    if is_variant_arrow(t):
        return VariantType()
    if pat.is_struct(t):
        return StructType([StructField(f.name, from_arrow(f.type), f.nullable) for f in t])
    if pat.is_dictionary(t):
        return from_arrow(t.value_type)
    if pat.is_run_end_encoded(t):
        return from_arrow(t.value_type)
    if isinstance(t, pa.BaseExtensionType):
        return from_arrow(t.storage_type)
    msg = f"[UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION] Arrow type {t} has no Spark equivalent."
    raise PySparkTypeError(msg, "UNSUPPORTED_DATA_TYPE_FOR_ARROW_CONVERSION", {"data_type": str(t)})


def to_arrow_schema(st: StructType) -> pa.Schema:
    """The Arrow schema of a Spark schema, field nullability kept."""
    return pa.schema([pa.field(f.name, to_arrow(f.dataType), f.nullable) for f in st.fields])


def from_arrow_schema(s: pa.Schema) -> StructType:
    """The Spark schema of an Arrow schema, field nullability kept."""
    return StructType([StructField(f.name, from_arrow(f.type), f.nullable) for f in s])


def canonical_arrow_type(t: pa.DataType) -> pa.DataType:
    """The Arrow type every engine operator sees for a column read as `t`."""
    return to_arrow(from_arrow(t))


def canonicalize_table(table: pa.Table) -> pa.Table:
    """`table` with every column cast to its canonical Arrow type (a no-op when all are).

    Dictionaries and run-end encodings are decoded, views and large variants narrowed,
    unsigned integers widened, timestamps brought to microseconds (finer digits truncated,
    as Spark does). Run-end encoded and list-view columns are only decoded at the top
    level, the only place sources produce them.
    """
    target = pa.schema([f.with_type(canonical_arrow_type(f.type)) for f in table.schema])
    if target.equals(table.schema):
        return table
    columns = []
    for col, field in zip(table.columns, target):
        if col.type.equals(field.type):
            columns.append(col)
        else:
            columns.append(_cast_column(col, field.type))
    return pa.Table.from_arrays(columns, schema=target.with_metadata(table.schema.metadata))


def _cast_column(col: pa.ChunkedArray, target: pa.DataType) -> pa.ChunkedArray:
    """`col` cast to `target`, decoding first what Arrow's cast cannot take directly."""
    if pat.is_run_end_encoded(col.type):
        col = pc.run_end_decode(col)
    if pat.is_list_view(col.type) or pat.is_large_list_view(col.type):
        as_list = pa.large_list(col.type.value_field)
        col = pa.chunked_array([_list_view_to_list(chunk) for chunk in col.chunks], type=as_list)
    return col.cast(target, safe=not _has_subunit_time(col.type))


def _list_view_to_list(chunk: pa.Array) -> pa.Array:
    """A list-view array rebuilt as a large list (Arrow's own cast of list views produces
    invalid offsets in pyarrow 26)."""
    lengths = pc.list_value_length(chunk).fill_null(0).cast(pa.int64())
    offsets = pa.concat_arrays([pa.array([0], pa.int64()), pc.cumulative_sum(lengths)])
    as_list = pa.large_list(chunk.type.value_field)
    return pa.LargeListArray.from_arrays(offsets, pc.list_flatten(chunk), type=as_list, mask=chunk.is_null())


def _has_subunit_time(t: pa.DataType) -> bool:
    """Whether `t` holds times finer than microseconds somewhere (so a cast must truncate)."""
    if pat.is_timestamp(t) or pat.is_duration(t) or pat.is_time64(t):
        return t.unit == "ns"
    if pat.is_dictionary(t) or pat.is_run_end_encoded(t):
        return _has_subunit_time(t.value_type)
    return any(_has_subunit_time(t.field(i).type) for i in range(t.num_fields))
