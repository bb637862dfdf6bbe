"""Spark 4 groups by a map column (DataFrame groupBy and SQL GROUP BY) and counts distinct
maps: maps with the same entries in any order are one group, whose key reads with entries
sorted by key (Spark's MapSort). Engine failed in an Arrow kernel. Expected values are PySpark 4's."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F

_VIEW = (
    "create or replace temp view grouped_maps as select * from values "
    "(map('b', 2, 'a', 1), 1), (map('a', 1, 'b', 2), 2), (map('c', 3), 3), (null, 4) as t(m, x)"
)


@pytest.fixture
def maps(spark: engine.SparkSession) -> engine.SparkSession:
    spark.sql(_VIEW)
    return spark


def test_group_by_a_map_column_merges_entry_orders(maps: engine.SparkSession) -> None:
    df = maps.table("grouped_maps").repartition(3)
    rows = sorted(df.groupBy("m").agg(F.sum("x")).collect(), key=str)
    assert rows == [
        engine.Row(m=None, **{"sum(x)": 4}),
        engine.Row(m={"a": 1, "b": 2}, **{"sum(x)": 3}),
        engine.Row(m={"c": 3}, **{"sum(x)": 3}),
    ]
    assert list(rows[1].m) == ["a", "b"]
    assert df.groupBy("m").count().schema.simpleString() == "struct<m:map<string,int>,count:bigint>"


def test_sql_group_by_map_and_struct_holding_a_map(maps: engine.SparkSession) -> None:
    rows = sorted(maps.sql("select m, count(*) c from grouped_maps group by m").collect(), key=str)
    assert [(r.m, r.c) for r in rows] == [(None, 1), ({"a": 1, "b": 2}, 2), ({"c": 3}, 1)]
    nested = maps.sql("select s, count(*) c from (select named_struct('m', m) s from grouped_maps) group by s")
    assert sorted((str(r.s.m), r.c) for r in nested.collect()) == [
        ("None", 1),
        ("{'a': 1, 'b': 2}", 2),
        ("{'c': 3}", 1),
    ]


def test_count_distinct_of_a_map_counts_entry_sets(maps: engine.SparkSession) -> None:
    assert maps.sql("select count(distinct m) from grouped_maps").collect() == [
        engine.Row(**{"count(DISTINCT m)": 2})
    ]
