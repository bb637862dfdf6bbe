"""spark.sql.mapKeyDedupPolicy: EXCEPTION (the default, readable with conf.get) refuses a
repeated map key; LAST_WIN keeps the key at its first place with its last value, in every map
builder (map, map_concat, map_from_arrays, map_from_entries, str_to_map, transform_keys).
Expected values come from PySpark 4.3."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from engine.errors import SparkRuntimeException

KEY = "spark.sql.mapKeyDedupPolicy"


@pytest.fixture
def last_win(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.conf.set(KEY, "LAST_WIN")
    yield spark
    spark.conf.unset(KEY)


def test_the_default_policy_is_exception_and_refuses_a_repeated_key(spark: engine.SparkSession) -> None:
    assert spark.conf.get(KEY) == "EXCEPTION"
    with pytest.raises(SparkRuntimeException, match=r"DUPLICATED_MAP_KEY.*Duplicate map key 1"):
        spark.sql("SELECT map(1, 'a', 1, 'b') m").collect()


def test_last_win_keeps_the_first_place_and_the_last_value(last_win: engine.SparkSession) -> None:
    row = last_win.sql(
        "SELECT map(1, 'a', 2, 'x', 1, 'b') m, map_concat(map(1, 'a', 3, 'c'), map(3, 'd', 1, 'e')) c, "
        "map_from_arrays(array(5, 6, 5), array('p', 'q', 'r')) f, str_to_map('a:1,b:2,a:3') s, "
        "map_from_entries(array(struct(1, 'x'), struct(1, 'y'))) e"
    ).first()
    assert list(row.m.items()) == [(1, "b"), (2, "x")]
    assert list(row.c.items()) == [(1, "e"), (3, "d")]
    assert list(row.f.items()) == [(5, "r"), (6, "q")]
    assert list(row.s.items()) == [("a", "3"), ("b", "2")]
    assert row.e == {1: "y"}


def test_last_win_applies_to_keys_made_equal_by_transform_keys(last_win: engine.SparkSession) -> None:
    row = last_win.sql(
        "SELECT map_keys(map(1, 'a', 2, 'x', 1, 'b')) k, transform_keys(map(1, 'a', 2, 'b'), (k, v) -> 0) t"
    ).first()
    assert row.k == [1, 2]
    assert row.t == {0: "b"}


def test_keys_values_and_entries_of_an_empty_untyped_map_are_empty(spark: engine.SparkSession) -> None:
    out = spark.sql("SELECT map_keys(map()) k, map_values(map()) v, map_entries(map()) e")
    assert [f.dataType.simpleString() for f in out.schema.fields] == [
        "array<void>", "array<void>", "array<struct<key:void,value:void>>",
    ]  # fmt: skip
    assert tuple(out.first()) == ([], [], [])
