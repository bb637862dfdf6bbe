"""Type classes print, compare and serialize exactly as PySpark 4's do (texts taken from PySpark 4.3)."""

from __future__ import annotations

import pytest

from engine.errors import PySparkIndexError
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
    VarcharType,
    YearMonthIntervalType,
    is_fractional,
    is_integral,
    is_numeric,
    is_string,
    is_temporal,
)

NESTED = StructType(
    [
        StructField("a", LongType(), True),
        StructField("b", ArrayType(StructType([StructField("x", MapType(StringType(), IntegerType()))]))),
        StructField("c", DecimalType(10, 2), False),
    ]
)


@pytest.mark.parametrize(
    ("dt", "text", "simple", "name"),
    [
        (NullType(), "NullType()", "void", "void"),
        (StringType(), "StringType()", "string", "string"),
        (BinaryType(), "BinaryType()", "binary", "binary"),
        (BooleanType(), "BooleanType()", "boolean", "boolean"),
        (DateType(), "DateType()", "date", "date"),
        (TimestampType(), "TimestampType()", "timestamp", "timestamp"),
        (TimestampNTZType(), "TimestampNTZType()", "timestamp_ntz", "timestamp_ntz"),
        (DecimalType(), "DecimalType(10,0)", "decimal(10,0)", "decimal"),
        (DoubleType(), "DoubleType()", "double", "double"),
        (FloatType(), "FloatType()", "float", "float"),
        (ByteType(), "ByteType()", "tinyint", "byte"),
        (ShortType(), "ShortType()", "smallint", "short"),
        (IntegerType(), "IntegerType()", "int", "integer"),
        (LongType(), "LongType()", "bigint", "long"),
        (CharType(5), "CharType(5)", "char(5)", "char"),
        (VarcharType(3), "VarcharType(3)", "varchar(3)", "varchar"),
        (DayTimeIntervalType(), "DayTimeIntervalType(0, 3)", "interval day to second", "daytimeinterval"),
        (DayTimeIntervalType(0, 1), "DayTimeIntervalType(0, 1)", "interval day to hour", "daytimeinterval"),
        (
            YearMonthIntervalType(),
            "YearMonthIntervalType(0, 1)",
            "interval year to month",
            "yearmonthinterval",
        ),
        (ArrayType(IntegerType()), "ArrayType(IntegerType(), True)", "array<int>", "array"),
        (
            MapType(StringType(), LongType()),
            "MapType(StringType(), LongType(), True)",
            "map<string,bigint>",
            "map",
        ),
        (StructType(), "StructType([])", "struct<>", "struct"),
    ],
)
def test_repr_simple_string_and_type_name_match_pyspark(
    dt: DataType, text: str, simple: str, name: str
) -> None:
    assert repr(dt) == text
    assert dt.simpleString() == simple
    assert dt.typeName() == name


def test_nested_struct_repr_and_simple_string_match_pyspark() -> None:
    assert repr(NESTED) == (
        "StructType([StructField('a', LongType(), True), StructField('b', ArrayType(StructType("
        "[StructField('x', MapType(StringType(), IntegerType(), True), True)]), True), True), "
        "StructField('c', DecimalType(10,2), False)])"
    )
    assert NESTED.simpleString() == "struct<a:bigint,b:array<struct<x:map<string,int>>>,c:decimal(10,2)>"


def test_tree_string_is_the_print_schema_text() -> None:
    assert NESTED.treeString() == (
        "root\n"
        " |-- a: long (nullable = true)\n"
        " |-- b: array (nullable = true)\n"
        " |    |-- element: struct (containsNull = true)\n"
        " |    |    |-- x: map (nullable = true)\n"
        " |    |    |    |-- key: string\n"
        " |    |    |    |-- value: integer (valueContainsNull = true)\n"
        " |-- c: decimal(10,2) (nullable = false)\n"
    )


def test_tree_string_stops_at_max_depth() -> None:
    assert NESTED.treeString(2) == (
        "root\n"
        " |-- a: long (nullable = true)\n"
        " |-- b: array (nullable = true)\n"
        " |    |-- element: struct (containsNull = true)\n"
        " |-- c: decimal(10,2) (nullable = false)\n"
    )


def test_tree_string_shows_parameterized_types_in_full() -> None:
    schema = StructType([StructField("c", CharType(3)), StructField("i", DayTimeIntervalType())])
    assert schema.treeString() == (
        "root\n |-- c: char(3) (nullable = true)\n |-- i: interval day to second (nullable = true)\n"
    )


def test_json_is_byte_identical_to_pyspark() -> None:
    assert NESTED.json() == (
        '{"fields":[{"metadata":{},"name":"a","nullable":true,"type":"long"},'
        '{"metadata":{},"name":"b","nullable":true,"type":{"containsNull":true,"elementType":'
        '{"fields":[{"metadata":{},"name":"x","nullable":true,"type":{"keyType":"string","type":"map",'
        '"valueContainsNull":true,"valueType":"integer"}}],"type":"struct"},"type":"array"}},'
        '{"metadata":{},"name":"c","nullable":false,"type":"decimal(10,2)"}],"type":"struct"}'
    )
    assert ArrayType(LongType(), False).json() == '{"containsNull":false,"elementType":"long","type":"array"}'


def test_to_ddl_quotes_odd_names_and_writes_not_null_and_comments() -> None:
    schema = StructType(
        [
            StructField("a", LongType()),
            StructField(
                "b c", ArrayType(StructType([StructField("x", MapType(StringType(), IntegerType()))]))
            ),
            StructField("c", DecimalType(10, 2), False, {"comment": "it's"}),
        ]
    )
    assert (
        schema.toDDL()
        == "a BIGINT,`b c` ARRAY<STRUCT<x: MAP<STRING, INT>>>,c DECIMAL(10,2) NOT NULL COMMENT 'it\\'s'"
    )


def test_types_are_equal_and_hash_by_value() -> None:
    assert LongType() == LongType()
    assert hash(DecimalType(5, 2)) == hash(DecimalType(5, 2))
    assert DecimalType(5, 2) != DecimalType(5, 3)
    assert LongType() != IntegerType()
    assert {ArrayType(LongType()): 1}[ArrayType(LongType(), True)] == 1
    assert StructType([StructField("a", LongType(), True, {"k": 1})]) != StructType(
        [StructField("a", LongType())]
    )


def test_struct_type_is_indexed_by_name_position_and_slice() -> None:
    assert NESTED["a"] == StructField("a", LongType())
    assert NESTED[2].name == "c"
    assert NESTED[0:1] == StructType([StructField("a", LongType())])
    assert [f.name for f in NESTED] == NESTED.fieldNames() == NESTED.names == ["a", "b", "c"]
    assert len(NESTED) == 3
    with pytest.raises(KeyError):
        NESTED["nope"]
    with pytest.raises(PySparkIndexError):
        NESTED[7]


def test_add_appends_in_place_from_fields_types_or_ddl_strings() -> None:
    schema = StructType().add("a", "int").add("b", StringType(), False).add(StructField("c", LongType()))
    assert schema == StructType(
        [StructField("a", IntegerType()), StructField("b", StringType(), False), StructField("c", LongType())]
    )
    assert schema.names == ["a", "b", "c"]


def test_from_ddl_parses_types_and_schemas() -> None:
    assert DataType.fromDDL("array<int>") == ArrayType(IntegerType())
    assert StructType.fromDDL("a int") == StructType([StructField("a", IntegerType())])


def test_predicates_group_types_by_family() -> None:
    assert all(is_integral(t) for t in (ByteType(), ShortType(), IntegerType(), LongType()))
    assert all(is_fractional(t) for t in (FloatType(), DoubleType(), DecimalType()))
    assert is_numeric(DecimalType()) and not is_numeric(StringType())
    assert all(is_string(t) for t in (StringType(), CharType(1), VarcharType(2)))
    assert all(is_temporal(t) for t in (DateType(), TimestampType(), TimestampNTZType()))
    assert not is_temporal(DayTimeIntervalType())
