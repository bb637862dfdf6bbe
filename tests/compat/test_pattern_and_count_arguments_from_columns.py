"""Functions whose pattern, replacement, format, limit or count is usually a literal also take a
column there, as Spark does: each row uses its own value. A string passed for ``split``'s limit
or ``repeat``'s count names a column, as in PySpark. ``instr`` takes a start (negative: counted
back from the end) and an occurrence (Spark 4.3). Expected values come from PySpark 4.3."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import SparkRuntimeException


def test_regexp_replace_uses_each_rows_replacement(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a1b22", "X"), (2, "a1b22", "<>"), (3, "zz9", None)], "i int, s string, r string")
    out = df.orderBy("i").select(F.regexp_replace("s", F.lit("[0-9]+"), F.col("r")).alias("o"))
    assert [r.o for r in out.collect()] == ["aXbX", "a<>b<>", None]


def test_regexp_replace_from_a_position_keeps_the_text_before_it(spark: engine.SparkSession) -> None:
    out = spark.createDataFrame([("1a1a1",)], "s string").select(
        F.regexp_replace("s", "1", "-", 2), F.regexp_replace("s", "1", "-", 10)
    )
    assert out.columns == ["regexp_replace(s, 1, -, 2)", "regexp_replace(s, 1, -, 10)"]
    assert tuple(out.first()) == ("1a-a-", "1a1a1")


def test_printf_uses_each_rows_format(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "%s!", "x"), (2, "[%s]", "y")], "i int, f string, t string")
    out = df.orderBy("i").select(F.printf("f", "t"))
    assert out.columns == ["printf(f, t)"]
    assert [r[0] for r in out.collect()] == ["x!", "[y]"]


def test_split_takes_its_limit_and_pattern_from_columns(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a,b,c", 2), (2, "a,b,c", -1), (3, "x,y", 1)], "i int, s string, l int")
    out = df.orderBy("i").select(F.split("s", ",", "l"))
    assert out.columns == ["split(s, ,, l)"]
    assert [r[0] for r in out.collect()] == [["a", "b,c"], ["a", "b", "c"], ["x,y"]]
    pats = spark.createDataFrame([(1, "a,b;c", ","), (2, "a,b;c", ";")], "i int, s string, p string")
    out = pats.orderBy("i").select(F.split("s", F.col("p")))
    assert out.columns == ["split(s, p, -1)"]
    assert [r[0] for r in out.collect()] == [["a", "b;c"], ["a,b", "c"]]


def test_repeat_takes_its_count_from_a_named_column_and_null_count_gives_null(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "ab", 2), (2, "c", 0), (3, "d", None)], "i int, s string, n int")
    out = df.orderBy("i").select(F.repeat("s", "n"), F.repeat("s", 2))
    assert out.columns == ["repeat(s, n)", "repeat(s, 2)"]
    assert [tuple(r) for r in out.collect()] == [("abab", "abab"), ("", "cc"), (None, "dd")]


def test_datetime_parsing_and_formatting_use_each_rows_pattern(spark: engine.SparkSession) -> None:
    import datetime as dt

    df = spark.createDataFrame(
        [(1, "2024-05-06 07:08", "yyyy-MM-dd HH:mm"), (2, "06/05/2024", "dd/MM/yyyy")], "i int, s string, f string"
    )
    out = df.orderBy("i").selectExpr("to_timestamp(s, f) t", "to_date(s, f) d")
    assert [tuple(r) for r in out.collect()] == [
        (dt.datetime(2024, 5, 6, 7, 8), dt.date(2024, 5, 6)),
        (dt.datetime(2024, 5, 6, 0, 0), dt.date(2024, 5, 6)),
    ]
    fmts = spark.createDataFrame([(1, "yyyy"), (2, "MM/dd")], "i int, f string").orderBy("i")
    assert [r.o for r in fmts.selectExpr("date_format(DATE'2024-05-06', f) o").collect()] == ["2024", "05/06"]


def test_translate_substring_index_and_regexp_extract_take_columns(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "abc", "ab", "xy"), (2, "abc", "c", "")], "i int, s string, m string, r string")
    assert [r[0] for r in df.orderBy("i").selectExpr("translate(s, m, r)").collect()] == ["xyc", "ab"]
    df = spark.createDataFrame([(1, "a.b.c", ".", 2), (2, "a-b-c", "-", -1)], "i int, s string, d string, n int")
    assert [r[0] for r in df.orderBy("i").selectExpr("substring_index(s, d, n)").collect()] == ["a.b", "c"]
    df = spark.createDataFrame([(1, "a1-b2", 1), (2, "a1-b2", 2)], "k int, s string, i int").orderBy("k")
    out = df.selectExpr("regexp_extract(s, '([a-z])([0-9])', i) o", "regexp_extract_all(s, '([a-z])([0-9])', i) p")
    assert [tuple(r) for r in out.collect()] == [("a", ["a", "b"]), ("1", ["1", "2"])]


def test_instr_counts_occurrences_from_a_start_and_backwards_from_a_negative_one(
    spark: engine.SparkSession,
) -> None:
    df = spark.createDataFrame([("abcbab",)], "s string")
    out = df.select(F.instr("s", "b"), F.instr("s", "b", 3), F.instr("s", "b", -1, 2), F.instr("s", F.lit("b"), 2))
    assert out.columns == ["instr(s, b)", "instr(s, b, 3, 1)", "instr(s, b, -1, 2)", "instr(s, b, 2, 1)"]
    assert tuple(out.first()) == (2, 4, 4, 2)
    rows = [
        (1, "abcbab", "b", -3, 2),  # b's at 2, 4, 6: at or before 4, the second from the right is 2
        (2, "bbb", "bb", 1, 2),  # occurrences overlap
        (3, "aébéb", "é", -1, 1),  # characters, not bytes
        (4, "abc", "", 5, 3),  # an empty substring is found at 1
        (5, "abc", "b", 0, 1),  # start 0 finds nothing
        (6, None, "b", 1, 1),
        (7, "abc", "b", None, 1),
    ]
    df = spark.createDataFrame(rows, "i int, s string, sub string, st int, oc int")
    assert [r.r for r in df.orderBy("i").selectExpr("instr(s, sub, st, oc) r").collect()] == [2, 2, 4, 1, 0, None, None]


def test_instr_refuses_an_occurrence_below_one(spark: engine.SparkSession) -> None:
    with pytest.raises(SparkRuntimeException, match=r"INVALID_PARAMETER_VALUE.OCCURRENCE.*got 0"):
        spark.sql("SELECT instr('abc', 'b', 1, 0)").collect()


def test_a_null_pattern_format_limit_or_delimiter_gives_null(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("a1", None, None)], "s string, r string, l int")
    out = df.selectExpr(
        "regexp_replace(s, '1', r)", "split(s, '1', l)", "translate(s, r, r)", "substring_index(s, r, l)",
        "str_to_map(s, r, r)", "regexp_extract(s, 'a', l)", "printf(r, s)", "replace(s, r, r)", "to_date(s, r)",
        "date_format(current_date(), r)", "to_timestamp(s, r)", "unix_timestamp(s, r)", "from_unixtime(0, r)",
    )  # fmt: skip
    assert tuple(out.first()) == (None,) * 13


def test_rows_with_and_without_a_null_pattern_mix_in_one_column(spark: engine.SparkSession) -> None:
    import datetime as dt

    rows = [(1, "2024-05-06", "yyyy-MM-dd", 2, ","), (2, "2024-05-06", None, None, None)]
    df = spark.createDataFrame(rows, "i int, s string, f string, l int, d string").orderBy("i")
    out = df.selectExpr("to_timestamp(s, f)", "split(s, '-', l)", "str_to_map('a:1,b:2', d, ':')", "printf(f, s)")
    assert [tuple(r) for r in out.collect()] == [
        (dt.datetime(2024, 5, 6, 0, 0), ["2024", "05-06"], {"a": "1", "b": "2"}, "yyyy-MM-dd"),
        (None, None, None, None),
    ]
