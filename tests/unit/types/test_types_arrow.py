"""Spark types map to one canonical Arrow type each, and every Arrow type a source can produce maps back."""

from __future__ import annotations

import datetime
import decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from engine.errors import PySparkTypeError
from engine.types import (
    ArrayType,
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
    MapType,
    NullType,
    ShortType,
    StringType,
    StructField,
    StructType,
    TimestampNTZType,
    TimestampType,
    TimeType,
    VarcharType,
    canonical_arrow_type,
    canonicalize_table,
    from_arrow,
    from_arrow_schema,
    to_arrow,
    to_arrow_schema,
)

CANONICAL = [
    (NullType(), pa.null()),
    (BooleanType(), pa.bool_()),
    (ByteType(), pa.int8()),
    (ShortType(), pa.int16()),
    (IntegerType(), pa.int32()),
    (LongType(), pa.int64()),
    (FloatType(), pa.float32()),
    (DoubleType(), pa.float64()),
    (StringType(), pa.string()),
    (BinaryType(), pa.binary()),
    (DateType(), pa.date32()),
    (TimestampType(), pa.timestamp("us", tz="UTC")),
    (TimestampNTZType(), pa.timestamp("us")),
    (TimeType(), pa.time64("us")),
    (DecimalType(10, 2), pa.decimal128(10, 2)),
    (DayTimeIntervalType(), pa.duration("us")),
    (ArrayType(LongType()), pa.list_(pa.int64())),
    (MapType(StringType(), IntegerType()), pa.map_(pa.string(), pa.int32())),
    (
        StructType([StructField("a", LongType()), StructField("b", ArrayType(StringType(), False), False)]),
        pa.struct([("a", pa.int64()), pa.field("b", pa.list_(pa.field("item", pa.string(), False)), False)]),
    ),
]


@pytest.mark.parametrize(("spark", "arrow"), CANONICAL, ids=lambda x: str(x))
def test_spark_types_round_trip_through_their_canonical_arrow_type(
    spark: DataType, arrow: pa.DataType
) -> None:
    assert to_arrow(spark) == arrow
    assert from_arrow(arrow) == spark


def test_char_and_varchar_are_plain_strings_in_arrow() -> None:
    assert to_arrow(CharType(3)) == to_arrow(VarcharType(3)) == pa.string()


def test_array_and_map_nullability_survive_the_round_trip() -> None:
    spark = MapType(StringType(), ArrayType(LongType(), False), False)
    arrow = to_arrow(spark)
    assert not arrow.item_field.nullable
    assert not arrow.item_type.value_field.nullable
    assert from_arrow(arrow) == spark


@pytest.mark.parametrize(
    ("arrow", "spark"),
    [
        (pa.string_view(), StringType()),
        (pa.large_string(), StringType()),
        (pa.binary_view(), BinaryType()),
        (pa.large_binary(), BinaryType()),
        (pa.binary(16), BinaryType()),
        (pa.dictionary(pa.int32(), pa.string()), StringType()),
        (pa.uint8(), ShortType()),
        (pa.uint16(), IntegerType()),
        (pa.uint32(), LongType()),
        (pa.uint64(), DecimalType(20, 0)),
        (pa.float16(), FloatType()),
        (pa.date64(), DateType()),
        (pa.timestamp("s"), TimestampNTZType()),
        (pa.timestamp("ns"), TimestampNTZType()),
        (pa.timestamp("ms", tz="America/New_York"), TimestampType()),
        (pa.timestamp("ns", tz="UTC"), TimestampType()),
        (pa.time32("s"), TimeType()),
        (pa.time64("ns"), TimeType()),
        (pa.duration("ns"), DayTimeIntervalType()),
        (pa.decimal256(50, 4), DecimalType(38, 4)),
        (pa.decimal256(20, 2), DecimalType(20, 2)),
        (pa.large_list(pa.int32()), ArrayType(IntegerType())),
        (pa.list_(pa.int16(), 3), ArrayType(ShortType())),
        (pa.list_view(pa.string()), ArrayType(StringType())),
        (pa.run_end_encoded(pa.int32(), pa.string()), StringType()),
        (
            pa.struct([("m", pa.map_(pa.large_string(), pa.dictionary(pa.int8(), pa.string_view())))]),
            StructType([StructField("m", MapType(StringType(), StringType()))]),
        ),
    ],
    ids=lambda x: str(x),
)
def test_every_source_arrow_type_maps_to_the_nearest_spark_type(arrow: pa.DataType, spark: DataType) -> None:
    assert from_arrow(arrow) == spark
    assert canonical_arrow_type(arrow) == to_arrow(spark)


def test_arrow_types_without_a_spark_equivalent_are_rejected_by_name() -> None:
    with pytest.raises(PySparkTypeError, match="dense_union"):
        from_arrow(pa.dense_union([pa.field("a", pa.int32())]))


def test_schemas_round_trip_with_field_nullability() -> None:
    schema = StructType([StructField("id", LongType(), False), StructField("name", StringType(), True)])
    arrow = to_arrow_schema(schema)
    assert arrow == pa.schema([pa.field("id", pa.int64(), False), pa.field("name", pa.string(), True)])
    assert from_arrow_schema(arrow) == schema


def test_canonicalize_table_returns_an_already_canonical_table_unchanged() -> None:
    table = pa.table({"a": [1, 2], "b": ["x", None]})
    assert canonicalize_table(table) is table


def test_canonicalize_table_casts_every_odd_column_and_keeps_values() -> None:
    table = pa.table(
        {
            "view": pa.array(["a", None], pa.string_view()),
            "dict": pa.array(["x", "y"]).dictionary_encode(),
            "u64": pa.array([2**64 - 1, None], pa.uint64()),
            "ns": pa.array([1_500, None], pa.timestamp("ns", tz="Europe/Paris")),
            "d256": pa.array([decimal.Decimal("1.25"), None], pa.decimal256(40, 2)),
            "ll": pa.array([[1], None], pa.large_list(pa.int32())),
            "nested": pa.array(
                [{"s": "p", "m": [("k", 1)]}, None],
                pa.struct([("s", pa.large_string()), ("m", pa.map_(pa.large_string(), pa.uint8()))]),
            ),
            "d64": pa.array([datetime.date(2024, 1, 2), None], pa.date64()),
            "f16": pa.array(np.array([1.5, 2.0], dtype=np.float16)),
            "lview": pa.array([[1], None], pa.list_view(pa.int64())),
            "ree": pc.run_end_encode(pa.array(["r", None])),
            "fsl": pa.array([[1, 2], None], pa.list_(pa.int8(), 2)),
            "t32": pa.array([61, None], pa.time32("s")),
            "bview": pa.array([b"b", None], pa.binary_view()),
        }
    )
    out = canonicalize_table(table)
    assert out.schema == pa.schema([f.with_type(canonical_arrow_type(f.type)) for f in table.schema])
    assert out.column("view").to_pylist() == ["a", None]
    assert out.column("dict").to_pylist() == ["x", "y"]
    assert out.column("u64").to_pylist() == [decimal.Decimal(2**64 - 1), None]
    assert out.column("ns").type == pa.timestamp("us", tz="UTC")
    assert out.column("ns").cast(pa.int64()).to_pylist() == [1, None]
    assert out.column("d256").to_pylist() == [decimal.Decimal("1.25"), None]
    assert out.column("ll").to_pylist() == [[1], None]
    assert out.column("nested").to_pylist() == [{"s": "p", "m": [("k", 1)]}, None]
    assert out.column("d64").to_pylist() == [datetime.date(2024, 1, 2), None]
    assert out.column("f16").to_pylist() == [1.5, 2.0]
    assert out.column("lview").to_pylist() == [[1], None]
    assert out.column("ree").to_pylist() == ["r", None]
    assert out.column("fsl").to_pylist() == [[1, 2], None]
    assert out.column("t32").to_pylist() == [datetime.time(0, 1, 1), None]
    assert out.column("bview").to_pylist() == [b"b", None]
    out.validate(full=True)


def test_canonicalize_table_keeps_schema_metadata_and_field_nullability() -> None:
    schema = pa.schema([pa.field("a", pa.large_string(), False)], metadata={b"k": b"v"})
    out = canonicalize_table(pa.table({"a": ["x"]}, schema=schema))
    assert out.schema.field("a") == pa.field("a", pa.string(), False)
    assert out.schema.metadata == {b"k": b"v"}
