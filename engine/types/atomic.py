"""The base DataType and the atomic (non-nested) types, named and printed as in PySpark 4."""

from __future__ import annotations

import json
from typing import Any

from engine.errors import PySparkValueError


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
        from engine.types.ddl import parse_ddl  # ddl builds on these classes

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
    """UTF-8 strings, under a collation (Spark 4): how they compare, group and sort.

    The collation is a type attribute only (Arrow data is the same); ``UTF8_BINARY``, the
    default, compares bytes. ``StringType('UTF8_LCASE')`` prints as ``string collate UTF8_LCASE``.
    """

    def __init__(self, collation: str = "UTF8_BINARY") -> None:
        self.collation = collation

    def __repr__(self) -> str:
        return "StringType()" if self.collation == "UTF8_BINARY" else f"StringType('{self.collation}')"

    def simpleString(self) -> str:  # noqa: N802 - PySpark name
        return "string" if self.collation == "UTF8_BINARY" else f"string collate {self.collation}"

    def jsonValue(self) -> str:  # noqa: N802 - PySpark name
        return "string"  # Spark keeps a collation in the field's metadata, not in the type name

    def _tree_name(self) -> str:
        return self.simpleString()

    def _sql(self) -> str:
        return "STRING" if self.collation == "UTF8_BINARY" else f"STRING COLLATE {self.collation}"


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
        given = [f for f in (startField, endField) if f is not None]
        start, end = (given[0], given[-1]) if given else (0, len(self._FIELDS) - 1)
        if not 0 <= start <= end < len(self._FIELDS):
            msg = f"interval fields {start} to {end} are invalid for {type(self).__name__}"
            raise PySparkValueError(msg, "INVALID_INTERVAL_CASTING", {})
        self.startField = start
        self.endField = end

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
