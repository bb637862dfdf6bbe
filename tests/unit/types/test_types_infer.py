"""Types and schemas are inferred from Python values as PySpark's createDataFrame infers them."""

from __future__ import annotations

import array
import datetime
import decimal
from collections import namedtuple
from typing import Any

import pytest

from engine.errors import PySparkTypeError, PySparkValueError
from engine.row import Row
from engine.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    DataType,
    DateType,
    DayTimeIntervalType,
    DecimalType,
    DoubleType,
    IntegerType,
    LongType,
    MapType,
    NullType,
    StringType,
    StructField,
    StructType,
    TimestampNTZType,
    TimestampType,
    TimeType,
    infer_schema,
    infer_type,
    merge_types,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, NullType()),
        (True, BooleanType()),
        (1, LongType()),
        (1.5, DoubleType()),
        ("x", StringType()),
        (b"x", BinaryType()),
        (bytearray(b"x"), BinaryType()),
        (decimal.Decimal("1.5"), DecimalType(38, 18)),
        (datetime.date(2024, 1, 1), DateType()),
        (datetime.datetime(2024, 1, 1), TimestampType()),
        (datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc), TimestampType()),
        (datetime.time(1, 2), TimeType()),
        (datetime.timedelta(days=1), DayTimeIntervalType()),
        ([1, None, 2], ArrayType(LongType())),
        ([], ArrayType(NullType())),
        ({"a": 1, "b": None}, MapType(StringType(), LongType())),
        ((1, "x"), StructType([StructField("_1", LongType()), StructField("_2", StringType())])),
        (
            Row(a=1, b=[1.5]),
            StructType([StructField("a", LongType()), StructField("b", ArrayType(DoubleType()))]),
        ),
        (array.array("i", [1]), ArrayType(IntegerType(), False)),
    ],
)
def test_python_values_infer_pyspark_types(value: Any, expected: DataType) -> None:
    assert infer_type(value) == expected


def test_naive_datetimes_can_prefer_timestamp_ntz() -> None:
    assert infer_type(datetime.datetime(2024, 1, 1), prefer_timestamp_ntz=True) == TimestampNTZType()


def test_null_merges_with_anything() -> None:
    assert merge_types(NullType(), LongType()) == LongType()
    assert merge_types(ArrayType(LongType()), NullType()) == ArrayType(LongType())


def test_atomic_types_merge_with_string_into_string() -> None:
    assert merge_types(LongType(), StringType()) == StringType()
    assert merge_types(StringType(), DateType()) == StringType()


def test_conflicting_types_raise_cannot_merge_type() -> None:
    with pytest.raises(PySparkTypeError, match=r"Can not merge type `LongType` and `DoubleType`"):
        merge_types(LongType(), DoubleType())
    # PySpark 4's message names only the two types, not where they met
    with pytest.raises(PySparkTypeError, match=r"^\[CANNOT_MERGE_TYPE\] Can not merge type `LongType` and `BooleanType`\.$"):
        merge_types(ArrayType(LongType()), ArrayType(BooleanType()))


def test_structs_merge_field_by_field_appending_new_fields() -> None:
    a = StructType([StructField("x", NullType()), StructField("y", LongType())])
    b = StructType([StructField("x", StringType()), StructField("z", DoubleType())])
    assert merge_types(a, b) == StructType(
        [StructField("x", StringType()), StructField("y", LongType()), StructField("z", DoubleType())]
    )


def test_schema_of_tuples_names_columns_by_position_and_merges_rows() -> None:
    assert infer_schema([(1, "x", None), (None, None, 2.5)]) == StructType(
        [StructField("_1", LongType()), StructField("_2", StringType()), StructField("_3", DoubleType())]
    )


def test_schema_of_tuples_uses_given_names_first() -> None:
    assert infer_schema([(1, "x")], names=["id"]).names == ["id", "_2"]


def test_schema_of_dicts_sorts_keys_as_pyspark_does() -> None:
    assert infer_schema([{"b": 1, "a": "x"}]) == StructType(
        [StructField("a", StringType()), StructField("b", LongType())]
    )


def test_schema_of_rows_and_namedtuples_uses_their_field_order() -> None:
    point = namedtuple("point", ["y", "x"])
    assert infer_schema([Row(b=1, a=2)]).names == ["b", "a"]
    assert infer_schema([point(1, 2)]).names == ["y", "x"]


def test_schema_with_a_column_that_is_always_none_cannot_be_determined() -> None:
    with pytest.raises(PySparkValueError, match="CANNOT_DETERMINE_TYPE"):
        infer_schema([(1, None), (2, None)])


def test_schema_of_no_rows_cannot_be_inferred() -> None:
    with pytest.raises(PySparkValueError, match="CANNOT_INFER_EMPTY_SCHEMA"):
        infer_schema([])


def test_a_field_of_unsupported_type_is_named_in_the_error() -> None:
    with pytest.raises(PySparkTypeError, match="CANNOT_INFER_TYPE_FOR_FIELD.*`f`"):
        infer_schema([{"f": object()}])
