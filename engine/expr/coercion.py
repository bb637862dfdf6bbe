"""Spark's implicit type coercion: the common type of several values, decimal result types."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T

# Spark's numeric precedence: a value widens to any type to its right.
_NUMERIC_ORDER: tuple[type, ...] = (
    T.ByteType,
    T.ShortType,
    T.IntegerType,
    T.LongType,
    T.DecimalType,
    T.FloatType,
    T.DoubleType,
)

MAX_PRECISION = 38
MINIMUM_ADJUSTED_SCALE = 6


def integral_as_decimal(dt: T.DataType) -> T.DecimalType | None:
    """The decimal type an integral type is promoted to when mixed with decimals."""
    digits = {T.ByteType: 3, T.ShortType: 5, T.IntegerType: 10, T.LongType: 20}
    d = digits.get(type(dt))
    return T.DecimalType(d, 0) if d is not None else None


def _rank(dt: T.DataType) -> int:
    return _NUMERIC_ORDER.index(type(dt))


def wider_decimal(a: T.DecimalType, b: T.DecimalType) -> T.DecimalType:
    """The decimal both `a` and `b` widen to (UNION, CASE, coalesce, comparisons). Past 38
    digits it keeps every integral digit and drops fractional ones, as Spark 4's
    boundedPreferIntegralDigits: decimal(30,5) and decimal(20,15) widen to decimal(38,13)."""
    scale = max(a.scale, b.scale)
    integer = max(a.precision - a.scale, b.precision - b.scale)
    if integer + scale <= MAX_PRECISION:
        return T.DecimalType(integer + scale, scale)
    return T.DecimalType(MAX_PRECISION, max(0, MAX_PRECISION - integer))


def bounded_decimal(precision: int, scale: int) -> T.DecimalType:
    return T.DecimalType(min(precision, MAX_PRECISION), min(scale, MAX_PRECISION))


def adjust_precision_scale(precision: int, scale: int) -> T.DecimalType:
    """Spark's DecimalType.adjustPrecisionScale (allowPrecisionLoss = true)."""
    if precision <= MAX_PRECISION:
        return T.DecimalType(precision, scale)
    int_digits = precision - scale
    min_scale = min(scale, MINIMUM_ADJUSTED_SCALE)
    adjusted_scale = max(MAX_PRECISION - int_digits, min_scale)
    return T.DecimalType(MAX_PRECISION, adjusted_scale)


def wider_numeric(a: T.DataType, b: T.DataType) -> T.DataType:
    """The common numeric type of `a` and `b` (both numeric)."""
    if isinstance(a, T.DecimalType) or isinstance(b, T.DecimalType):
        if isinstance(a, (T.FloatType, T.DoubleType)) or isinstance(b, (T.FloatType, T.DoubleType)):
            return T.DoubleType()
        da = a if isinstance(a, T.DecimalType) else integral_as_decimal(a)
        db = b if isinstance(b, T.DecimalType) else integral_as_decimal(b)
        assert da is not None and db is not None
        return wider_decimal(da, db)
    if (isinstance(a, T.FloatType) and T.is_integral(b)) or (isinstance(b, T.FloatType) and T.is_integral(a)):
        return T.DoubleType()  # Spark 4: a float mixed with an integral widens to double (float + int is double)
    return a if _rank(a) >= _rank(b) else b


def wider_type(a: T.DataType, b: T.DataType, promote_strings: bool = True) -> T.DataType | None:
    """The type both `a` and `b` implicitly cast to, or None when there is none. Without
    `promote_strings` a string meets only strings (Spark's findWiderTypeWithoutStringPromotion,
    which the two-array functions use: array<int> and array<string> have no common type)."""
    if a == b:
        return a
    if isinstance(a, T.NullType):
        return b
    if isinstance(b, T.NullType):
        return a
    if T.is_numeric(a) and T.is_numeric(b):
        return wider_numeric(a, b)
    if (isinstance(a, T.StringType) or isinstance(b, T.StringType)) and not promote_strings:
        return None
    if isinstance(a, T.StringType) or isinstance(b, T.StringType):
        # Spark 4 (ANSI) promotes the string to the other type: int ∪ string is bigint,
        # double ∪ string double, date ∪ string date (AnsiTypeCoercion.findWiderTypeForString)
        other = b if isinstance(a, T.StringType) else a
        if isinstance(other, (T.StringType, T.CharType, T.VarcharType)):
            # a collated side keeps its collation (engine.expr.collation rejects two different ones)
            collated = [t for t in (a, b) if isinstance(t, T.StringType) and t.collation != "UTF8_BINARY"]
            return collated[0] if collated else T.StringType()
        if T.is_integral(other):
            return T.LongType()
        if T.is_numeric(other):
            return T.DoubleType()
        if isinstance(other, (T.DateType, T.TimestampType, T.TimestampNTZType, T.BooleanType, T.BinaryType)):
            return other
        return None
    temporal = (T.DateType, T.TimestampType, T.TimestampNTZType)
    if isinstance(a, temporal) and isinstance(b, temporal):
        if isinstance(a, T.TimestampType) or isinstance(b, T.TimestampType):
            return T.TimestampType()
        return T.TimestampNTZType()
    for kind in (T.DayTimeIntervalType, T.YearMonthIntervalType):
        if isinstance(a, kind) and isinstance(b, kind):  # Spark: the fields of both, INTERVAL DAY ∪ HOUR is DAY TO HOUR
            return kind(min(a.startField, b.startField), max(a.endField, b.endField))
    if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
        el = wider_type(a.elementType, b.elementType, promote_strings)
        return None if el is None else T.ArrayType(el, a.containsNull or b.containsNull)
    if isinstance(a, T.MapType) and isinstance(b, T.MapType):
        k = wider_type(a.keyType, b.keyType, promote_strings)
        v = wider_type(a.valueType, b.valueType, promote_strings)
        if k is None or v is None:
            return None
        return T.MapType(k, v, a.valueContainsNull or b.valueContainsNull)
    if isinstance(a, T.StructType) and isinstance(b, T.StructType) and len(a.fields) == len(b.fields):
        fields = []
        for fa, fb in zip(a.fields, b.fields):
            if fa.name.lower() != fb.name.lower():
                return None
            ft = wider_type(fa.dataType, fb.dataType, promote_strings)
            if ft is None:
                return None
            fields.append(T.StructField(fa.name, ft, fa.nullable or fb.nullable))
        return T.StructType(fields)
    return None


def common_type(types: Sequence[T.DataType]) -> T.DataType | None:
    """The wider type of all `types` (None when two of them have no common type)."""
    out: T.DataType = T.NullType()
    for t in types:
        w = wider_type(out, t)
        if w is None:
            return None
        out = w
    return out


def comparison_type(a: T.DataType, b: T.DataType) -> T.DataType | None:
    """The type both sides of a comparison are cast to (Spark: strings take the other's type)."""
    if a == b:
        return a
    for s, other in ((a, b), (b, a)):
        if isinstance(s, T.StringType) and not isinstance(other, (T.StringType, T.NullType)):
            # Spark 4 (ANSI) compares a string with an integral value as bigint
            return T.LongType() if T.is_integral(other) else other
    if isinstance(a, T.DateType) and isinstance(b, (T.TimestampType, T.TimestampNTZType)):
        return b
    if isinstance(b, T.DateType) and isinstance(a, (T.TimestampType, T.TimestampNTZType)):
        return a
    wider = wider_type(a, b)
    if wider is None and _same_shape(a, b):
        return a  # Spark compares structs field by field, whatever the fields are named
    return wider


def _same_shape(a: T.DataType, b: T.DataType) -> bool:
    """Whether `a` and `b` are the same type once struct field names and nullability are
    ignored: ``named_struct('a', 1) = named_struct('b', 1)`` compares position by position."""
    if isinstance(a, T.StructType) and isinstance(b, T.StructType):
        return len(a.fields) == len(b.fields) and all(
            _same_shape(fa.dataType, fb.dataType) for fa, fb in zip(a.fields, b.fields)
        )
    if isinstance(a, T.ArrayType) and isinstance(b, T.ArrayType):
        return _same_shape(a.elementType, b.elementType)
    if isinstance(a, T.MapType) and isinstance(b, T.MapType):
        return _same_shape(a.keyType, b.keyType) and _same_shape(a.valueType, b.valueType)
    return a == b


def decimal_arithmetic(op: str, a: T.DecimalType, b: T.DecimalType) -> T.DecimalType:
    """Result type of `a op b` for decimals, as Spark types it (precision loss allowed)."""
    p1, s1, p2, s2 = a.precision, a.scale, b.precision, b.scale
    if op in ("+", "-"):
        scale = max(s1, s2)
        precision = max(p1 - s1, p2 - s2) + scale + 1
    elif op == "*":
        precision, scale = p1 + p2 + 1, s1 + s2
    elif op == "/":
        scale = max(MINIMUM_ADJUSTED_SCALE, s1 + p2 + 1)
        precision = p1 - s1 + s2 + scale
    elif op in ("%", "pmod"):
        scale = max(s1, s2)
        precision = min(p1 - s1, p2 - s2) + scale
    else:
        raise ValueError(op)
    return adjust_precision_scale(precision, scale)


def as_decimal(dt: T.DataType) -> T.DecimalType | None:
    """`dt` as a decimal operand (integral types promoted), or None for non-decimal types."""
    if isinstance(dt, T.DecimalType):
        return dt
    return integral_as_decimal(dt)
