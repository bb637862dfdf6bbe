"""Nullability of SQL columns as PySpark 4 types them (observed in PySpark runs): rolled-up
grouping keys, window functions, and the empty map literal."""

from __future__ import annotations

import engine

VALUES = "SELECT * FROM VALUES (1, 'a', 10), (1, 'b', 20), (2, 'a', NULL) AS t(k, s, v)"


def _nullable(spark: engine.SparkSession, query: str) -> list[bool]:
    return [f.nullable for f in spark.sql(query).schema.fields]


def test_keys_a_grouping_set_leaves_out_are_nullable(spark: engine.SparkSession) -> None:
    spark.sql(f"CREATE OR REPLACE TEMP VIEW gs AS {VALUES}")
    q = "SELECT k, s, sum(v), grouping(k), grouping_id() FROM gs GROUP BY ROLLUP(k, s)"
    assert _nullable(spark, q) == [True, True, True, False, False]
    assert _nullable(spark, "SELECT k, count(*) FROM gs GROUP BY CUBE(k)") == [True, False]
    # k is in every set: Spark keeps it non-null; an expression over s is nullable
    q = "SELECT k, s, k + 1, upper(s) FROM gs GROUP BY k, s GROUPING SETS ((k, s), (k))"
    assert _nullable(spark, q) == [False, True, False, True]
    rows = spark.sql("SELECT k, count(*) FROM gs GROUP BY ROLLUP(k) ORDER BY k NULLS LAST").collect()
    assert [tuple(r) for r in rows] == [(1, 2), (2, 1), (None, 3)]


def test_ranking_and_counting_windows_are_not_null(spark: engine.SparkSession) -> None:
    spark.sql(f"CREATE OR REPLACE TEMP VIEW wn AS {VALUES}")
    q = (
        "SELECT row_number() OVER (ORDER BY k), rank() OVER (ORDER BY k), dense_rank() OVER (ORDER BY k),"
        " ntile(2) OVER (ORDER BY k), percent_rank() OVER (ORDER BY k), cume_dist() OVER (ORDER BY k),"
        " count(v) OVER (PARTITION BY k), count(*) OVER (), max(k) OVER (), sum(k) OVER (),"
        " lag(k, 1, 0) OVER (ORDER BY k), lag(k) OVER (ORDER BY k), lead(k, 2) OVER (ORDER BY k) FROM wn"
    )
    assert _nullable(spark, q) == [False] * 8 + [True, True, False, True, True]


def test_empty_map_literal_and_its_coercion(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT map()")
    assert df.schema.simpleString() == "struct<map():map<void,void>>"
    assert [tuple(r) for r in df.collect()] == [({},)]
    df = spark.sql("SELECT * FROM VALUES (map('a', 1)), (map()) AS v(m)")
    assert df.schema.simpleString() == "struct<m:map<string,int>>"
    assert [tuple(r) for r in df.collect()] == [({"a": 1},), ({},)]
