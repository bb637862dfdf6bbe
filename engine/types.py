"""PySpark 4-compatible data types, their Arrow mapping, DDL strings and type inference."""

from __future__ import annotations

import datetime
import decimal
import json
from collections.abc import Iterable, Iterator
from functools import reduce
from typing import Any

import pyarrow as pa
import pyarrow.types as pat

from engine.errors import ParseException, PySparkIndexError, PySparkTypeError, PySparkValueError
from engine.row import Row

__all__ = [
    "DataType", "AtomicType", "NumericType", "IntegralType", "FractionalType", "DatetimeType",
    "AnsiIntervalType", "NullType", "StringType", "CharType", "VarcharType", "BinaryType",
    "BooleanType", "DateType", "TimeType", "TimestampType", "TimestampNTZType", "DecimalType",
    "DoubleType", "FloatType", "ByteType", "ShortType", "IntegerType", "LongType",
    "DayTimeIntervalType", "YearMonthIntervalType", "ArrayType", "MapType", "StructField",
    "StructType", "Row", "to_arrow", "from_arrow", "to_arrow_schema", "from_arrow_schema",
    "canonical_arrow_type", "canonicalize_table", "parse_ddl", "_parse_datatype_string",
    "infer_type", "merge_types", "infer_schema", "has_null_type", "is_numeric", "is_integral",
    "is_fractional", "is_string", "is_temporal",
]  # fmt: skip


class DataType:
    """Base of every type: compared and hashed by value, printed as in PySpark 4."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(repr(self))

    @classmethod
    def typeName(cls) -> str:  # noqa: N802 - PySpark name
        """The JSON name of the type class: ``long``, ``integer``, ``decimal``, ``array``."""
        return cls.__name__[: -len("Type")].lower()

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        """The SQL-style name: ``bigint``, ``array<int>``, ``struct<a:string>``."""
        return self.typeName()

    def jsonValue(self) -> Any:  # noqa: N802 - PySpark name
        """The type as a JSON-ready value, the form Spark stores in Parquet metadata."""
        return self.typeName()

    def json(self) -> str:
        """``jsonValue()`` as compact JSON with sorted keys, byte-identical to PySpark."""
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)

    @classmethod
    def fromDDL(cls, ddl: str) -> DataType:  # noqa: N802 - PySpark name
        """Parse a DDL type or schema string (``"int"``, ``"a INT, b STRING"``)."""
        return parse_ddl(ddl)

    def _tree_name(self) -> str:
        """The name shown by ``printSchema`` (Spark's JVM typeName)."""
        return self.typeName()

    def _sql(self) -> str:
        """The type as Spark's ``DataType.sql`` writes it, for ``toDDL``."""
        return self.simpleString().upper()


class AtomicType(DataType):
    """A type that is not nested."""


class NumericType(AtomicType):
    """Numbers: integral and fractional types."""


class IntegralType(NumericType):
    """Whole numbers of a fixed width."""


class FractionalType(NumericType):
    """Float, double and decimal."""


class DatetimeType(AtomicType):
    """Dates, times and timestamps."""


class AnsiIntervalType(AtomicType):
    """The ANSI interval types (day-time and year-month)."""


class NullType(DataType):
    """The type of a literal NULL (``void`` in SQL)."""

    @classmethod
    def typeName(cls) -> str:  # noqa: N802 - PySpark name
        return "void"


class StringType(AtomicType):
    """UTF-8 strings."""


class _LengthType(AtomicType):
    """A string type with a declared length (CHAR(n), VARCHAR(n)); Arrow sees a plain string."""

    def __init__(self, length: int) -> None:
        self.length = length

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return f"{self.typeName()}({self.length})"

    def jsonValue(self) -> str:  # noqa: N802 - PySpark name
        return self.simpleString()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.length})"

    def _tree_name(self) -> str:
        return self.simpleString()


class CharType(_LengthType):
    """Fixed-length strings, CHAR(n)."""


class VarcharType(_LengthType):
    """Strings with a maximum length, VARCHAR(n)."""


class BinaryType(AtomicType):
    """Byte strings."""


class BooleanType(AtomicType):
    """True / false."""


class DateType(DatetimeType):
    """Calendar dates without a time zone."""


class TimeType(DatetimeType):
    """Times of day (Spark 4.1+, ``time(6)``); Arrow ``time64("us")``."""

    def __init__(self, precision: int = 6) -> None:
        self.precision = precision

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return f"time({self.precision})"

    def jsonValue(self) -> str:  # noqa: N802 - PySpark name
        return self.simpleString()

    def __repr__(self) -> str:
        return f"TimeType({self.precision})"

    def _tree_name(self) -> str:
        return self.simpleString()


class TimestampType(DatetimeType):
    """Instants (timestamp with local time zone), stored as UTC microseconds."""


class TimestampNTZType(DatetimeType):
    """Wall-clock timestamps without a time zone."""

    @classmethod
    def typeName(cls) -> str:  # noqa: N802 - PySpark name
        return "timestamp_ntz"


class DecimalType(FractionalType):
    """Fixed-point decimals of `precision` digits, `scale` of them after the point."""

    def __init__(self, precision: int = 10, scale: int = 0) -> None:
        self.precision = precision
        self.scale = scale

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return f"decimal({self.precision},{self.scale})"

    def jsonValue(self) -> str:  # noqa: N802 - PySpark name
        return self.simpleString()

    def __repr__(self) -> str:
        return f"DecimalType({self.precision},{self.scale})"

    def _tree_name(self) -> str:
        return self.simpleString()


class DoubleType(FractionalType):
    """64-bit floats."""


class FloatType(FractionalType):
    """32-bit floats."""


class ByteType(IntegralType):
    """8-bit signed integers (``tinyint``)."""

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return "tinyint"


class ShortType(IntegralType):
    """16-bit signed integers (``smallint``)."""

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return "smallint"


class IntegerType(IntegralType):
    """32-bit signed integers (``int``)."""

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return "int"


class LongType(IntegralType):
    """64-bit signed integers (``bigint``)."""

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return "bigint"


class _IntervalType(AnsiIntervalType):
    """An ANSI interval from `startField` to `endField`; subclasses name the fields."""

    _FIELDS: tuple[str, ...] = ()

    def __init__(self, startField: int | None = None, endField: int | None = None) -> None:  # noqa: N803
        if startField is None and endField is None:
            startField, endField = 0, len(self._FIELDS) - 1
        elif endField is None:
            endField = startField
        assert startField is not None
        if not 0 <= startField <= endField < len(self._FIELDS):
            msg = f"interval fields {startField} to {endField} are invalid for {type(self).__name__}"
            raise PySparkValueError(msg, "INVALID_INTERVAL_CASTING", {})
        self.startField = startField
        self.endField = endField

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        start, end = self._FIELDS[self.startField], self._FIELDS[self.endField]
        return f"interval {start}" if start == end else f"interval {start} to {end}"

    def jsonValue(self) -> str:  # noqa: N802 - PySpark name
        return self.simpleString()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.startField}, {self.endField})"

    def _tree_name(self) -> str:
        return self.simpleString()


class DayTimeIntervalType(_IntervalType):
    """Durations in microseconds (``interval day to second``); Arrow ``duration("us")``."""

    DAY, HOUR, MINUTE, SECOND = 0, 1, 2, 3
    _FIELDS = ("day", "hour", "minute", "second")


class YearMonthIntervalType(_IntervalType):
    """Whole months (``interval year to month``)."""

    YEAR, MONTH = 0, 1
    _FIELDS = ("year", "month")


class ArrayType(DataType):
    """Arrays of `elementType`; `containsNull` says whether elements may be null."""

    def __init__(self, elementType: DataType, containsNull: bool = True) -> None:  # noqa: N803
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return f"array<{self.elementType.simpleString()}>"

    def jsonValue(self) -> dict[str, Any]:  # noqa: N802 - PySpark name
        return {
            "type": "array",
            "elementType": self.elementType.jsonValue(),
            "containsNull": self.containsNull,
        }

    def __repr__(self) -> str:
        return f"ArrayType({self.elementType!r}, {self.containsNull})"

    def _sql(self) -> str:
        return f"ARRAY<{self.elementType._sql()}>"


class MapType(DataType):
    """Maps from `keyType` (never null) to `valueType`."""

    def __init__(self, keyType: DataType, valueType: DataType, valueContainsNull: bool = True) -> None:  # noqa: N803
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return f"map<{self.keyType.simpleString()},{self.valueType.simpleString()}>"

    def jsonValue(self) -> dict[str, Any]:  # noqa: N802 - PySpark name
        return {
            "type": "map",
            "keyType": self.keyType.jsonValue(),
            "valueType": self.valueType.jsonValue(),
            "valueContainsNull": self.valueContainsNull,
        }

    def __repr__(self) -> str:
        return f"MapType({self.keyType!r}, {self.valueType!r}, {self.valueContainsNull})"

    def _sql(self) -> str:
        return f"MAP<{self.keyType._sql()}, {self.valueType._sql()}>"


class StructField(DataType):
    """A named, typed, possibly nullable field of a StructType, with free-form metadata."""

    def __init__(
        self,
        name: str,
        dataType: DataType,
        nullable: bool = True,
        metadata: dict[str, Any] | None = None,  # noqa: N803
    ) -> None:
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = dict(metadata or {})

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return f"{self.name}:{self.dataType.simpleString()}"

    def jsonValue(self) -> dict[str, Any]:  # noqa: N802 - PySpark name
        return {
            "name": self.name,
            "type": self.dataType.jsonValue(),
            "nullable": self.nullable,
            "metadata": self.metadata,
        }

    def __repr__(self) -> str:
        return f"StructField({self.name!r}, {self.dataType!r}, {self.nullable})"

    def _sql(self) -> str:
        comment = self.metadata.get("comment")
        tail = "" if self.nullable else " NOT NULL"
        if comment is not None:
            tail += " COMMENT '" + str(comment).replace("\\", "\\\\").replace("'", "\\'") + "'"
        return f"{_quote(self.name)} {self.dataType._sql()}{tail}"

    def _tree(self, prefix: str, out: list[str], depth: int) -> None:
        if depth > 0:
            out.append(
                f"{prefix}-- {_escape(self.name)}: {self.dataType._tree_name()} (nullable = {_b(self.nullable)})\n"
            )
            _tree_children(self.dataType, f"{prefix}    |", out, depth)


class StructType(DataType):
    """A row type: an ordered list of StructFields, indexable by name, position or slice."""

    def __init__(self, fields: list[StructField] | None = None) -> None:
        self.fields: list[StructField] = list(fields or [])
        self.names: list[str] = [f.name for f in self.fields]

    def add(
        self,
        field: str | StructField,
        data_type: str | DataType | None = None,
        nullable: bool = True,
        metadata: dict[str, Any] | None = None,
    ) -> StructType:
        """Append a field (a StructField, or a name and a type or DDL type string) in place
        and return self, so calls chain: ``StructType().add("a", "int").add("b", "string")``."""
        if isinstance(field, StructField):
            new = field
        else:
            if data_type is None:
                msg = (
                    "[ARGUMENT_REQUIRED] Argument `data_type` is required when passing name of struct_field."
                )
                raise PySparkValueError(msg, "ARGUMENT_REQUIRED", {"arg_name": "data_type"})
            dt = parse_ddl(data_type) if isinstance(data_type, str) else data_type
            new = StructField(field, dt, nullable, metadata)
        self.fields.append(new)
        self.names.append(new.name)
        return self

    def fieldNames(self) -> list[str]:  # noqa: N802 - PySpark name
        """The field names, in order."""
        return list(self.names)

    def __iter__(self) -> Iterator[StructField]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, key: str | int | slice) -> Any:
        """A field by name or position, or a StructType of a slice of the fields."""
        if isinstance(key, str):
            for f in self.fields:
                if f.name == key:
                    return f
            raise KeyError(f"No StructField named {key}")
        if isinstance(key, int):
            try:
                return self.fields[key]
            except IndexError as e:
                raise PySparkIndexError(
                    "[INDEX_OUT_OF_RANGE] StructType index out of range", "INDEX_OUT_OF_RANGE"
                ) from e
        if isinstance(key, slice):
            return StructType(self.fields[key])
        msg = f"[NOT_INT_OR_SLICE_OR_STR] Argument `key` should be an int, slice or str, got {type(key).__name__}."
        raise PySparkTypeError(msg, "NOT_INT_OR_SLICE_OR_STR", {"arg_name": "key"})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StructType) and self.fields == other.fields

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        return "StructType([" + ", ".join(repr(f) for f in self.fields) + "])"

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return "struct<" + ",".join(f.simpleString() for f in self.fields) + ">"

    def jsonValue(self) -> dict[str, Any]:  # noqa: N802 - PySpark name
        return {"type": "struct", "fields": [f.jsonValue() for f in self.fields]}

    def treeString(self, maxDepth: int = 2**31 - 1) -> str:  # noqa: N803 - PySpark name
        """The ``printSchema()`` text: ``root`` then one `` |-- name: type (nullable = ...)``
        line per field, nested types indented below their field."""
        out = ["root\n"]
        depth = maxDepth if maxDepth > 0 else 2**31 - 1
        for f in self.fields:
            f._tree(" |", out, depth)
        return "".join(out)

    def toDDL(self) -> str:  # noqa: N802 - PySpark name
        """The schema as a DDL string, as Spark writes it: ``a BIGINT,b STRING NOT NULL``."""
        return ",".join(f._sql() for f in self.fields)

    def _sql(self) -> str:
        inner = ", ".join(f._sql().replace(" ", ": ", 1) for f in self.fields)
        return f"STRUCT<{inner}>"

    def _tree(self, prefix: str, out: list[str], depth: int) -> None:
        for f in self.fields:
            f._tree(prefix, out, depth)


def _tree_children(dt: DataType, prefix: str, out: list[str], depth: int) -> None:
    """Append the printSchema lines under a field or element of type `dt`."""
    depth -= 1
    if depth <= 0:
        return
    if isinstance(dt, StructType):
        dt._tree(prefix, out, depth)
    elif isinstance(dt, ArrayType):
        out.append(
            f"{prefix}-- element: {dt.elementType._tree_name()} (containsNull = {_b(dt.containsNull)})\n"
        )
        _tree_children(dt.elementType, f"{prefix}    |", out, depth)
    elif isinstance(dt, MapType):
        out.append(f"{prefix}-- key: {dt.keyType._tree_name()}\n")
        _tree_children(dt.keyType, f"{prefix}    |", out, depth)
        out.append(
            f"{prefix}-- value: {dt.valueType._tree_name()} (valueContainsNull = {_b(dt.valueContainsNull)})\n"
        )
        _tree_children(dt.valueType, f"{prefix}    |", out, depth)


def _b(flag: bool) -> str:
    return "true" if flag else "false"


def _escape(name: str) -> str:
    """Field names with control characters escaped, as printSchema shows them."""
    for raw, shown in (
        ("\n", "\\n"),
        ("\r", "\\r"),
        ("\t", "\\t"),
        ("\f", "\\f"),
        ("\b", "\\b"),
        ("\v", "\\v"),
        ("\a", "\\a"),
    ):
        name = name.replace(raw, shown)
    return name


def _quote(name: str) -> str:
    """`name` in backticks unless it is a plain identifier, as Spark's toDDL does."""
    if (
        name
        and (name[0].isalpha() or name[0] == "_")
        and all(c.isalnum() or c == "_" for c in name)
        and name.isascii()
    ):
        return name
    return "`" + name.replace("`", "``") + "`"


# ---------------------------------------------------------------- Arrow mapping

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
        return pa.list_(pa.field("item", to_arrow(dt.elementType), dt.containsNull))
    if isinstance(dt, MapType):
        key = pa.field("key", to_arrow(dt.keyType), False)
        return pa.map_(key, pa.field("value", to_arrow(dt.valueType), dt.valueContainsNull))
    if isinstance(dt, StructType):
        return pa.struct([pa.field(f.name, to_arrow(f.dataType), f.nullable) for f in dt.fields])
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

    Dictionaries are decoded, views and large variants narrowed, unsigned integers widened,
    timestamps brought to microseconds (finer digits truncated, as Spark does).
    """
    target = pa.schema([f.with_type(canonical_arrow_type(f.type)) for f in table.schema])
    if target.equals(table.schema):
        return table
    columns = []
    for col, field in zip(table.columns, target):
        if col.type.equals(field.type):
            columns.append(col)
        else:
            columns.append(col.cast(field.type, safe=not _has_subunit_time(col.type)))
    return pa.Table.from_arrays(columns, schema=target.with_metadata(table.schema.metadata))


def _has_subunit_time(t: pa.DataType) -> bool:
    """Whether `t` holds times finer than microseconds somewhere (so a cast must truncate)."""
    if pat.is_timestamp(t) or pat.is_duration(t) or pat.is_time64(t):
        return t.unit == "ns"
    if pat.is_dictionary(t) or pat.is_run_end_encoded(t):
        return _has_subunit_time(t.value_type)
    return any(_has_subunit_time(t.field(i).type) for i in range(t.num_fields))


# ---------------------------------------------------------------- DDL strings

_SIMPLE_DDL: dict[str, DataType] = {
    "boolean": BooleanType(), "bool": BooleanType(),
    "tinyint": ByteType(), "byte": ByteType(),
    "smallint": ShortType(), "short": ShortType(),
    "int": IntegerType(), "integer": IntegerType(),
    "bigint": LongType(), "long": LongType(),
    "float": FloatType(), "real": FloatType(), "double": DoubleType(),
    "string": StringType(), "binary": BinaryType(), "date": DateType(),
    "timestamp": TimestampType(), "timestamp_ltz": TimestampType(), "timestamp_ntz": TimestampNTZType(),
    "void": NullType(), "null": NullType(),
}  # fmt: skip

_TOKEN = (
    r"\s*(?:(?P<quoted>`(?:[^`]|``)*`)|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<number>\d+)"
    r"|(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")|(?P<punct>[<>(),:])|(?P<bad>\S))"
)


class _DDLParser:
    """Recursive-descent parser of Spark DDL types and schemas over a token list."""

    def __init__(self, text: str) -> None:
        import re

        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        for m in re.finditer(_TOKEN, text):
            if m.lastgroup is not None:
                self.tokens.append((m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup)))
        self.pos = 0

    def fail(self, reason: str, error_class: str = "PARSE_SYNTAX_ERROR") -> ParseException:
        """A ParseException naming the token at the cursor and its position in the text."""
        if self.pos < len(self.tokens):
            _, tok, at = self.tokens[self.pos]
            near = f"at or near '{tok}'"
        else:
            at, near = len(self.text), "at end of input"
        msg = f"[{error_class}] Syntax error {near} (position {at}): {reason}. In DDL: {self.text!r}"
        err = ParseException(msg, error_class, {"error": near, "hint": reason})
        err.position = at  # type: ignore[attr-defined]
        return err

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def accept(self, value: str) -> bool:
        tok = self.peek()
        if tok is not None and tok.lower() == value:
            self.pos += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            raise self.fail(f"expected '{value}'")

    def number(self) -> int:
        if self.pos < len(self.tokens) and self.tokens[self.pos][0] == "number":
            self.pos += 1
            return int(self.tokens[self.pos - 1][1])
        raise self.fail("expected a number")

    def name(self) -> str:
        if self.pos < len(self.tokens):
            kind, tok, _ = self.tokens[self.pos]
            if kind == "word":
                self.pos += 1
                return tok
            if kind == "quoted":
                self.pos += 1
                return tok[1:-1].replace("``", "`")
        raise self.fail("expected a name")

    def done(self) -> None:
        if self.pos < len(self.tokens):
            raise self.fail("unexpected text after the end")

    def data_type(self) -> DataType:
        """type := name ['(' n [',' n] ')'] | array<t> | map<t,t> | struct<f,...> | interval ..."""
        if self.pos >= len(self.tokens) or self.tokens[self.pos][0] != "word":
            raise self.fail("expected a data type")
        word = self.name().lower()
        if word in _SIMPLE_DDL:
            return _SIMPLE_DDL[word]
        if word == "array":
            self.expect("<")
            element = self.data_type()
            self.expect(">")
            return ArrayType(element, True)
        if word == "map":
            self.expect("<")
            key = self.data_type()
            self.expect(",")
            value = self.data_type()
            self.expect(">")
            return MapType(key, value, True)
        if word == "struct":
            self.expect("<")
            fields: list[StructField] = []
            if not self.accept(">"):
                fields.append(self.field(colon_optional=True))
                while self.accept(","):
                    fields.append(self.field(colon_optional=True))
                self.expect(">")
            return StructType(fields)
        if word in ("decimal", "dec", "numeric"):
            if not self.accept("("):
                return DecimalType(10, 0)
            precision = self.number()
            scale = self.number() if self.accept(",") else 0
            self.expect(")")
            return DecimalType(precision, scale)
        if word in ("char", "character", "varchar"):
            self.expect("(")
            length = self.number()
            self.expect(")")
            return VarcharType(length) if word == "varchar" else CharType(length)
        if word == "time":
            precision = 6
            if self.accept("("):
                precision = self.number()
                self.expect(")")
            return TimeType(precision)
        if word == "interval":
            return self.interval()
        self.pos -= 1
        raise self.fail(f"unsupported data type {word.upper()!r}", "UNSUPPORTED_DATATYPE")

    def interval(self) -> DataType:
        start = (self.peek() or "").lower()
        for cls in (YearMonthIntervalType, DayTimeIntervalType):
            if start in cls._FIELDS:
                self.pos += 1
                first = last = cls._FIELDS.index(start)
                if self.accept("to"):
                    end = (self.peek() or "").lower()
                    if end not in cls._FIELDS or cls._FIELDS.index(end) < first:
                        raise self.fail("expected the end field of the interval")
                    self.pos += 1
                    last = cls._FIELDS.index(end)
                return cls(first, last)
        raise self.fail("expected an interval field (year, month, day, hour, minute, second)")

    def field(self, colon_optional: bool) -> StructField:
        """field := name [':'] type [NOT NULL] [COMMENT 'text']"""
        name = self.name()
        if not self.accept(":") and not colon_optional:
            raise self.fail("expected ':'")
        dt = self.data_type()
        nullable = True
        if self.accept("not"):
            self.expect("null")
            nullable = False
        metadata: dict[str, Any] = {}
        if self.accept("comment"):
            if self.pos >= len(self.tokens) or self.tokens[self.pos][0] != "string":
                raise self.fail("expected a quoted comment")
            raw = self.tokens[self.pos][1][1:-1]
            metadata["comment"] = raw.encode("latin-1", "backslashreplace").decode("unicode_escape")
            self.pos += 1
        return StructField(name, dt, nullable, metadata)

    def schema(self) -> StructType:
        """schema := field (',' field)*, the colon after each name optional."""
        fields = [self.field(colon_optional=True)]
        while self.accept(","):
            fields.append(self.field(colon_optional=True))
        self.done()
        return StructType(fields)


def parse_ddl(text: str) -> DataType:
    """Parse a DDL data type (``"array<int>"``) or schema (``"a INT, b STRING NOT NULL"``).

    A schema gives a StructType. Keywords are case-insensitive; names may be backquoted.
    Bad text raises ParseException naming the position and the token there.

    >>> parse_ddl("a: int, b: decimal(10,2)")
    StructType([StructField('a', IntegerType(), True), StructField('b', DecimalType(10,2), True)])
    """
    errors: list[ParseException] = []
    for parse in (_DDLParser.schema, _parse_single_type):
        parser = _DDLParser(text)
        try:
            return parse(parser)
        except ParseException as e:
            errors.append(e)
    raise max(errors, key=lambda e: e.position)  # type: ignore[attr-defined]


def _parse_single_type(parser: _DDLParser) -> DataType:
    dt = parser.data_type()
    parser.done()
    return dt


_parse_datatype_string = parse_ddl


# ---------------------------------------------------------------- inference from Python values

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
    import array

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
        return MapType(reduce(merge_types, keys, NullType()), reduce(merge_types, values, NullType()), True)
    if isinstance(value, list):
        elements = (infer_type(v, prefer_timestamp_ntz) for v in value)
        return ArrayType(reduce(merge_types, elements, NullType()), True)
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
    schema = reduce(merge_types, schemas)
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
        where = f"{name}: " if name else ""
        msg = f"[CANNOT_MERGE_TYPE] {where}Can not merge type `{type(a).__name__}` and `{type(b).__name__}`."
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


# ---------------------------------------------------------------- predicates


def is_numeric(dt: DataType) -> bool:
    """Integral, floating or decimal."""
    return isinstance(dt, NumericType)


def is_integral(dt: DataType) -> bool:
    """tinyint, smallint, int or bigint."""
    return isinstance(dt, IntegralType)


def is_fractional(dt: DataType) -> bool:
    """float, double or decimal."""
    return isinstance(dt, FractionalType)


def is_string(dt: DataType) -> bool:
    """string, char(n) or varchar(n)."""
    return isinstance(dt, StringType | CharType | VarcharType)


def is_temporal(dt: DataType) -> bool:
    """date, time, timestamp or timestamp_ntz."""
    return isinstance(dt, DatetimeType)
