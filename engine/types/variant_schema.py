"""The schema Spark reads off a variant (``schema_of_variant``) and merges across rows
(``schema_of_variant_agg``): ``OBJECT<a: BIGINT, b: ARRAY<VARIANT>>``."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from engine.types.atomic import (
    BinaryType,
    BooleanType,
    DataType,
    DateType,
    DecimalType,
    DoubleType,
    FloatType,
    LongType,
    NullType,
    StringType,
    TimestampNTZType,
    TimestampType,
)
from engine.types.nested import ArrayType, StructField, StructType
from engine.types.variant import VariantType
from engine.types.variant_codec import Float32


def schema_of(tree: Any) -> DataType:
    """The Spark type of a decoded variant: objects are structs (keys in sorted order), arrays
    hold the merge of their elements' types, integers are BIGINT, JSON null is VOID."""
    if tree is None:
        return NullType()
    if tree is True or tree is False:
        return BooleanType()
    if isinstance(tree, int):
        return LongType()
    if isinstance(tree, Float32):
        return FloatType()
    if isinstance(tree, float):
        return DoubleType()
    if isinstance(tree, decimal.Decimal):
        scale = max(0, -int(tree.as_tuple().exponent))
        return DecimalType(max(len(tree.as_tuple().digits), scale), scale)
    if isinstance(tree, str):
        return StringType()
    if isinstance(tree, bytes):
        return BinaryType()
    if isinstance(tree, dt.datetime):
        return TimestampType() if tree.tzinfo is not None else TimestampNTZType()
    if isinstance(tree, dt.date):
        return DateType()
    if isinstance(tree, dict):
        return StructType([StructField(k, schema_of(v)) for k, v in sorted(tree.items())])
    element: DataType = NullType()
    for item in tree:
        element = merge(element, schema_of(item))
    return ArrayType(element)


def merge(a: DataType, b: DataType) -> DataType:
    """Two variant schemas as one: equal types stay, VOID gives way, numbers widen (integers and
    decimals to a decimal wide enough for both, any number with a float or double to double), objects merge
    key by key, arrays element by element, and any other pair is VARIANT."""
    if a == b:
        return a
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, (LongType, DecimalType)) and isinstance(b, (LongType, DecimalType)):
        (p1, s1), (p2, s2) = (_digits(a), _digits(b))
        scale = max(s1, s2)
        return DecimalType(min(38, max(p1 - s1, p2 - s2) + scale), scale)
    numbers = (LongType, DecimalType, FloatType, DoubleType)
    if isinstance(a, numbers) and isinstance(b, numbers):
        return DoubleType()
    if isinstance(a, (DateType, TimestampType)) and isinstance(b, (DateType, TimestampType)):
        return TimestampType()
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        return ArrayType(merge(a.elementType, b.elementType))
    if isinstance(a, StructType) and isinstance(b, StructType):
        types = {f.name: f.dataType for f in a.fields}
        for f in b.fields:
            types[f.name] = merge(types[f.name], f.dataType) if f.name in types else f.dataType
        return StructType([StructField(k, v) for k, v in sorted(types.items())])
    return VariantType()


def _digits(t: DataType) -> tuple[int, int]:
    return (20, 0) if isinstance(t, LongType) else (t.precision, t.scale)  # type: ignore[attr-defined]


def render(t: DataType) -> str:
    """A variant schema as Spark prints it: ``OBJECT<a: BIGINT>``, ``ARRAY<VOID>``, ``DECIMAL(2,1)``."""
    if isinstance(t, StructType):
        return "OBJECT<" + ", ".join(f"{f.name}: {render(f.dataType)}" for f in t.fields) + ">"
    if isinstance(t, ArrayType):
        return f"ARRAY<{render(t.elementType)}>"
    return t.simpleString().upper()


def schema_text(tree: Any) -> str:
    """``schema_of_variant`` of one decoded variant."""
    return render(schema_of(tree))


def to_state(t: DataType) -> object:
    """A variant schema as plain JSON-ready data (the partial state of schema_of_variant_agg)."""
    if isinstance(t, StructType):
        return ["object", [[f.name, to_state(f.dataType)] for f in t.fields]]
    if isinstance(t, ArrayType):
        return ["array", to_state(t.elementType)]
    if isinstance(t, DecimalType):
        return ["decimal", t.precision, t.scale]
    return t.simpleString()


_ATOMS: dict[str, DataType] = {
    t.simpleString(): t
    for t in (NullType(), BooleanType(), LongType(), FloatType(), DoubleType(), StringType(), BinaryType(), DateType(),
              TimestampType(), TimestampNTZType(), VariantType())
}  # fmt: skip


def from_state(s: object) -> DataType:
    """The schema `to_state` wrote."""
    if isinstance(s, str):
        return _ATOMS[s]
    assert isinstance(s, list)
    if s[0] == "object":
        return StructType([StructField(k, from_state(v)) for k, v in s[1]])
    if s[0] == "array":
        return ArrayType(from_state(s[1]))
    return DecimalType(int(s[1]), int(s[2]))
