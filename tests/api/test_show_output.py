"""``DataFrame.show()`` prints character for character what PySpark 4 prints.

Every expected string below was printed by PySpark 4 for the same data.
"""

from __future__ import annotations

import datetime
import decimal

import pytest
from apihelpers import shown

from engine import Row

PEOPLE_SCHEMA = "id long, name string, score double, ok boolean"
PEOPLE = [(1, "alice", 1.5, True), (2, None, None, None), (3, "a much longer name than twenty chars", 1e10, False)]


@pytest.fixture(scope="module")
def people(spark):
    return spark.createDataFrame(PEOPLE, PEOPLE_SCHEMA)


def test_default_show_right_aligns_and_truncates_to_20_chars(people):
    assert shown(people) == (
        "+---+--------------------+------+-----+\n"
        "| id|                name| score|   ok|\n"
        "+---+--------------------+------+-----+\n"
        "|  1|               alice|   1.5| true|\n"
        "|  2|                NULL|  NULL| NULL|\n"
        "|  3|a much longer nam...|1.0E10|false|\n"
        "+---+--------------------+------+-----+\n"
        "\n"
    )


def test_truncate_false_left_aligns_full_values(people):
    assert shown(people, truncate=False) == (
        "+---+------------------------------------+------+-----+\n"
        "|id |name                                |score |ok   |\n"
        "+---+------------------------------------+------+-----+\n"
        "|1  |alice                               |1.5   |true |\n"
        "|2  |NULL                                |NULL  |NULL |\n"
        "|3  |a much longer name than twenty chars|1.0E10|false|\n"
        "+---+------------------------------------+------+-----+\n"
        "\n"
    )


def test_truncate_to_a_width_keeps_width_minus_three_chars_and_dots(people):
    assert shown(people, truncate=5) == (
        "+---+-----+-----+-----+\n"
        "| id| name|score|   ok|\n"
        "+---+-----+-----+-----+\n"
        "|  1|alice|  1.5| true|\n"
        "|  2| NULL| NULL| NULL|\n"
        "|  3|a ...|1....|false|\n"
        "+---+-----+-----+-----+\n"
        "\n"
    )


def test_vertical_prints_one_record_per_block(people):
    assert shown(people, vertical=True) == (
        "-RECORD 0---------------------\n"
        " id    | 1                    \n"
        " name  | alice                \n"
        " score | 1.5                  \n"
        " ok    | true                 \n"
        "-RECORD 1---------------------\n"
        " id    | 2                    \n"
        " name  | NULL                 \n"
        " score | NULL                 \n"
        " ok    | NULL                 \n"
        "-RECORD 2---------------------\n"
        " id    | 3                    \n"
        " name  | a much longer nam... \n"
        " score | 1.0E10               \n"
        " ok    | false                \n"
        "\n"
    )


def test_fewer_rows_than_the_frame_says_only_showing_top_n(people):
    assert shown(people, 1) == (
        "+---+-----+-----+----+\n"
        "| id| name|score|  ok|\n"
        "+---+-----+-----+----+\n"
        "|  1|alice|  1.5|true|\n"
        "+---+-----+-----+----+\n"
        "only showing top 1 row\n"
    )
    assert shown(people, n=1, vertical=True) == (
        "-RECORD 0------\n"
        " id    | 1     \n"
        " name  | alice \n"
        " score | 1.5   \n"
        " ok    | true  \n"
        "only showing top 1 row\n"
    )


def test_show_zero_rows_prints_the_header_only(people):
    assert shown(people, 0) == (
        "+---+----+-----+---+\n"
        "| id|name|score| ok|\n"
        "+---+----+-----+---+\n"
        "+---+----+-----+---+\n"
        "only showing top 0 rows\n"
    )


def test_empty_frame(spark):
    empty = spark.createDataFrame([], "a int, b string")
    assert shown(empty) == "+---+---+\n|  a|  b|\n+---+---+\n+---+---+\n\n"
    assert shown(empty, vertical=True) == "(0 rows)\n"


def test_nested_decimal_date_timestamp_and_binary_values(spark):
    df = spark.createDataFrame(
        [(1, [1, 2, None], {"a": 1}, Row(x=1, y="s"), decimal.Decimal("1.50"), datetime.date(2024, 1, 2),
          datetime.datetime(2024, 1, 2, 3, 4, 5, 600000), b"\x01\xff")],
        "id int, arr array<int>, m map<string,int>, st struct<x:int,y:string>, dec decimal(5,2), d date, "
        "ts timestamp, bin binary",
    )  # fmt: skip
    assert shown(df) == (
        "+---+------------+--------+------+----+----------+--------------------+-------+\n"
        "| id|         arr|       m|    st| dec|         d|                  ts|    bin|\n"
        "+---+------------+--------+------+----+----------+--------------------+-------+\n"
        "|  1|[1, 2, NULL]|{a -> 1}|{1, s}|1.50|2024-01-02|2024-01-02 03:04:...|[01 FF]|\n"
        "+---+------------+--------+------+----+----------+--------------------+-------+\n"
        "\n"
    )
    assert "|2024-01-02 03:04:05.6|" in shown(df.select("ts"), truncate=False)


def test_doubles_print_as_java_does(spark):
    values = [0.1, 1e-4, 123456789.0, 1e7, float("nan"), float("inf"), -0.0, 1 / 3]
    df = spark.createDataFrame([(v,) for v in values], "x double")
    assert shown(df) == (
        "+------------------+\n"
        "|                 x|\n"
        "+------------------+\n"
        "|               0.1|\n"
        "|            1.0E-4|\n"
        "|      1.23456789E8|\n"
        "|             1.0E7|\n"
        "|               NaN|\n"
        "|          Infinity|\n"
        "|              -0.0|\n"
        "|0.3333333333333333|\n"
        "+------------------+\n"
        "\n"
    )


def test_floats_print_with_single_precision_digits(spark):
    df = spark.createDataFrame([(0.1,), (1e-4,), (1.0 / 3,)], "x float")
    assert shown(df) == "+----------+\n|         x|\n+----------+\n|       0.1|\n|    1.0E-4|\n|0.33333334|\n+----------+\n\n"


def test_wide_characters_count_twice_for_alignment(spark):
    df = spark.createDataFrame([("日本語",), ("ab",)], "s string")
    assert shown(df) == "+------+\n|     s|\n+------+\n|日本語|\n|    ab|\n+------+\n\n"


def test_aggregate_column_names_in_the_header(spark):
    from engine import functions as F

    df = spark.range(10).groupBy((F.col("id") % 2).alias("k")).agg(F.sum("id"), F.count("*"), F.avg("id")).orderBy("k")
    assert shown(df) == (
        "+---+-------+--------+-------+\n"
        "|  k|sum(id)|count(1)|avg(id)|\n"
        "+---+-------+--------+-------+\n"
        "|  0|     20|       5|    4.0|\n"
        "|  1|     25|       5|    5.0|\n"
        "+---+-------+--------+-------+\n"
        "\n"
    )
