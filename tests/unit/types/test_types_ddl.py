"""DDL strings parse to types and schemas as Spark's parser does; bad text says where and what."""

from __future__ import annotations

import pytest

from engine.errors import ParseException
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
    _parse_datatype_string,
    parse_ddl,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("int", IntegerType()),
        ("INTEGER", IntegerType()),
        ("bigint", LongType()),
        ("long", LongType()),
        ("smallint", ShortType()),
        ("short", ShortType()),
        ("tinyint", ByteType()),
        ("byte", ByteType()),
        ("double", DoubleType()),
        ("float", FloatType()),
        ("real", FloatType()),
        ("boolean", BooleanType()),
        ("bool", BooleanType()),
        ("string", StringType()),
        ("binary", BinaryType()),
        ("date", DateType()),
        ("timestamp", TimestampType()),
        ("timestamp_ltz", TimestampType()),
        ("timestamp_ntz", TimestampNTZType()),
        ("void", NullType()),
        ("decimal", DecimalType(10, 0)),
        ("dec", DecimalType(10, 0)),
        ("numeric(5)", DecimalType(5, 0)),
        ("Decimal(10, 2)", DecimalType(10, 2)),
        ("char(3)", CharType(3)),
        ("varchar(4)", VarcharType(4)),
        ("interval day to second", DayTimeIntervalType()),
        ("interval hour", DayTimeIntervalType(1, 1)),
        ("interval year to month", YearMonthIntervalType()),
        ("array<string>", ArrayType(StringType())),
        ("map<string,int>", MapType(StringType(), IntegerType())),
        (
            "map<string, array<map<int,date>>>",
            MapType(StringType(), ArrayType(MapType(IntegerType(), DateType()))),
        ),
        (
            "struct<a:int,b:string>",
            StructType([StructField("a", IntegerType()), StructField("b", StringType())]),
        ),
        ("struct<a int not null>", StructType([StructField("a", IntegerType(), False)])),
        ("struct<>", StructType()),
    ],
)
def test_single_types_parse_case_insensitively_with_aliases(text: str, expected: DataType) -> None:
    assert parse_ddl(text) == expected


@pytest.mark.parametrize(
    "text",
    ["a INT, b STRING NOT NULL", "a: int, b: string not null", "  a int ,b string NOT NULL  "],
)
def test_schemas_parse_with_or_without_colons(text: str) -> None:
    assert parse_ddl(text) == StructType(
        [StructField("a", IntegerType()), StructField("b", StringType(), False)]
    )


def test_backquoted_names_and_comments_are_kept() -> None:
    schema = parse_ddl("`a b` int COMMENT 'the a', `x``y` struct<`c.d`: bigint>")
    assert schema == StructType(
        [
            StructField("a b", IntegerType(), True, {"comment": "the a"}),
            StructField("x`y", StructType([StructField("c.d", LongType())])),
        ]
    )


def test_ddl_round_trips_through_to_ddl() -> None:
    schema = parse_ddl(
        "a bigint not null, `b c` array<struct<x: map<string, decimal(5,1)>>>, d string comment 'it\\'s'"
    )
    assert parse_ddl(schema.toDDL()) == schema


def test_parse_datatype_string_is_parse_ddl() -> None:
    assert _parse_datatype_string("a int") == parse_ddl("a int")


@pytest.mark.parametrize(
    ("text", "error_class", "position", "near"),
    [
        ("a int,", "PARSE_SYNTAX_ERROR", 6, "end of input"),
        ("array<int", "PARSE_SYNTAX_ERROR", 9, "end of input"),
        ("a int b", "PARSE_SYNTAX_ERROR", 6, "'b'"),
        ("a int, b @", "PARSE_SYNTAX_ERROR", 9, "'@'"),
        ("decimal(10,", "PARSE_SYNTAX_ERROR", 11, "end of input"),
        ("a foo", "UNSUPPORTED_DATATYPE", 2, "'foo'"),
        ("", "PARSE_SYNTAX_ERROR", 0, "end of input"),
    ],
)
def test_bad_text_raises_parse_exception_naming_position_and_token(
    text: str, error_class: str, position: int, near: str
) -> None:
    with pytest.raises(ParseException) as info:
        parse_ddl(text)
    err = info.value
    assert err.getErrorClass() == error_class
    assert f"pos {position})" in str(err)
    params = err.getMessageParameters()
    assert params.get("error", params.get("typeName", "").lower().replace('"', "'")) == near


def test_parse_errors_mark_the_spot_like_spark() -> None:
    with pytest.raises(ParseException) as info:
        parse_ddl("a foo")
    assert str(info.value) == (
        '\n[UNSUPPORTED_DATATYPE] Unsupported data type "FOO". SQLSTATE: 0A000 (line 1, pos 2)\n\n== SQL ==\na foo\n--^^^\n'
    )
