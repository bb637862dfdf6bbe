"""PySpark 4 answers for decimal typing, remainders, casts and regex extraction (observed on Spark 4)."""

from __future__ import annotations

import decimal

import pytest

import engine
from engine import functions as F
from engine.errors import ArrayIndexOutOfBoundsException, NumberFormatException

D = decimal.Decimal


def test_decimal_times_integer_literal_takes_the_literal_digits(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(D("12.345"), D("3.10"))], "a decimal(10,3), b decimal(12,2)")
    out = df.select(
        (F.col("a") * 2).alias("m2"), (F.col("a") + 1).alias("p1"), (F.col("a") % F.col("b")).alias("mod")
    )
    assert out.schema.simpleString() == "struct<m2:decimal(12,3),p1:decimal(11,3),mod:decimal(10,3)>"
    assert out.collect() == [engine.Row(m2=D("24.690"), p1=D("13.345"), mod=D("3.045"))]


def test_decimal_remainder_keeps_the_dividend_scale(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(D("-7.500"), D("2.00")), (D("123456789.123"), D("-0.07")), (None, D("1"))], "a decimal(12,3), b decimal(5,2)"
    )
    rows = df.select((F.col("a") % F.col("b")).alias("r"), F.pmod("a", "b").alias("p"), (F.col("a") % 3).alias("m"))
    assert [tuple(r) for r in rows.collect()] == [
        (D("-1.500"), D("0.500"), D("-1.500")),
        (D("0.003"), D("0.003"), D("0.123")),
        (None, None, None),
    ]


def test_try_cast_of_a_fraction_to_int_is_null(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("1",), ("2.5",), (" 3 ",), ("abc",)], ["s"])
    assert [r[0] for r in df.select(F.col("s").try_cast("int")).collect()] == [1, None, 3, None]
    with pytest.raises(NumberFormatException, match="CAST_INVALID_INPUT"):
        df.filter(F.col("s") == "2.5").select(F.col("s").cast("int")).collect()


def test_regexp_extract_all_adjacent_matches(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("abc-123-xyz",), ("no digits",), (None,)], "t string")
    out = df.select(F.regexp_extract_all("t", F.lit(r"(\d)"), 1).alias("a"))
    assert [r.a for r in out.collect()] == [["1", "2", "3"], [], None]


def test_size_of_a_map(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([({"b": 2, "a": 1},), (None,), ({},)], "m map<string,int>")
    assert [r[0] for r in df.select(F.size("m")).collect()] == [2, None, 0]


def test_array_index_out_of_bounds_error_class(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, 2],)], "a array<int>")
    with pytest.raises(ArrayIndexOutOfBoundsException) as info:
        df.select(F.col("a")[5]).collect()
    assert str(info.value) == (
        "[INVALID_ARRAY_INDEX] The index 5 is out of bounds. The array has 2 elements. Use the SQL function "
        "`get()` to tolerate accessing element at invalid index and return NULL instead. SQLSTATE: 22003"
    )
    with pytest.raises(ArrayIndexOutOfBoundsException, match=r"^\[INVALID_ARRAY_INDEX_IN_ELEMENT_AT\]"):
        df.select(F.element_at("a", 3)).collect()


def test_string_promotes_to_the_other_type_in_common_types(spark: engine.SparkSession) -> None:
    import datetime

    df = spark.createDataFrame(
        [(1, "2", 1.5, True, datetime.date(2024, 1, 1), "2024-01-02")],
        "i int, s string, d double, b boolean, dt date, sd string",
    )
    assert df.select("i").union(df.select("s")).schema.simpleString() == "struct<i:bigint>"
    assert df.select(F.coalesce("d", "s")).schema.simpleString() == "struct<coalesce(d, s):double>"
    assert df.select(F.array("b", "s")).schema.simpleString() == "struct<array(b, s):array<boolean>>"
    assert df.select("dt").union(df.select("sd")).collect() == [
        engine.Row(dt=datetime.date(2024, 1, 1)),
        engine.Row(dt=datetime.date(2024, 1, 2)),
    ]


def test_structs_sort_field_by_field_with_nulls_first(spark):
    df = spark.createDataFrame([("b", 1), ("a", 2), ("a", 1), (None, 5), ("b", None)], ["s", "i"])
    st = df.select(F.struct("s", "i").alias("st"))
    assert [tuple(r.st) for r in st.orderBy("st").collect()] == [(None, 5), ("a", 1), ("a", 2), ("b", None), ("b", 1)]
    assert [tuple(r.st) for r in st.orderBy(F.desc("st")).collect()] == [
        ("b", 1), ("b", None), ("a", 2), ("a", 1), (None, 5)
    ]  # fmt: skip
