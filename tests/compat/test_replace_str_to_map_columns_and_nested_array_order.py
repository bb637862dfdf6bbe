"""replace and str_to_map take their search/replacement and delimiters from columns (each row its
own), and replace's two-argument name shows the empty default; array_max, array_min and
sort_array order arrays of arrays element by element, as Spark does. Expected values come from
PySpark 4.3."""

from __future__ import annotations

import engine
from engine import functions as F


def test_replace_uses_each_rows_search_and_replacement(spark: engine.SparkSession) -> None:
    rows = [(1, "abcab", "ab", "X"), (2, "abcab", "c", None), (3, "abc", "", "Z"), (4, "aaa", "a", "bb")]
    df = spark.createDataFrame(rows, "i int, s string, f string, r string").orderBy("i")
    out = df.select(F.replace("s", "f", "r"), F.replace("s", "f"))
    assert out.columns == ["replace(s, f, r)", "replace(s, f, )"]
    assert [tuple(r) for r in out.collect()] == [("XcX", "c"), (None, "abab"), ("abc", "abc"), ("bbbbbb", "")]


def test_str_to_map_uses_each_rows_delimiters(spark: engine.SparkSession) -> None:
    rows = [(1, "a=1;b=2", ";", "="), (2, "c:3,d:4", ",", ":"), (3, "e-5", ",", "-")]
    df = spark.createDataFrame(rows, "i int, s string, p string, k string").orderBy("i")
    out = df.select(F.str_to_map("s", "p", "k"))
    assert out.columns == ["str_to_map(s, p, k)"]
    assert [r[0] for r in out.collect()] == [{"a": "1", "b": "2"}, {"c": "3", "d": "4"}, {"e": "5"}]


def test_array_max_and_min_compare_inner_arrays_element_by_element(spark: engine.SparkSession) -> None:
    rows = [(1, [[1, 2], [3], [1, 5]]), (2, [[2], None, [2, 0]]), (3, [])]
    df = spark.createDataFrame(rows, "i int, a array<array<int>>").orderBy("i")
    out = df.select(F.array_max("a"), F.array_min("a"))
    assert [tuple(r) for r in out.collect()] == [([3], [1, 2]), ([2, 0], [2]), (None, None)]


def test_sort_array_orders_inner_arrays_with_nulls_first_ascending_and_last_descending(
    spark: engine.SparkSession,
) -> None:
    df = spark.createDataFrame([(1, [[1, 2], [3], None, [1]])], "i int, a array<array<int>>")
    out = df.select(F.sort_array("a"), F.sort_array("a", asc=False))
    assert out.columns == ["sort_array(a, true)", "sort_array(a, false)"]
    assert tuple(out.first()) == ([None, [1], [1, 2], [3]], [[3], [1, 2], [1], None])


def test_map_entries_sort_by_key_then_value(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([({"b": 1, "a": 2},)], "m map<string,int>")
    out = df.select(F.sort_array(F.map_keys("m")).alias("k"), F.sort_array(F.map_entries("m")).alias("e"))
    keys, entries = out.first()
    assert keys == ["a", "b"]
    assert [(e.key, e.value) for e in entries] == [("a", 2), ("b", 1)]
