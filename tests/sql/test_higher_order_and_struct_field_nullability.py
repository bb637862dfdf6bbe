"""Nullability of higher-order functions and struct field reads, as PySpark 4 types them
(observed in PySpark runs): transform/filter/exists/map_filter/zip_with/array_sort are null
only where their array or map is (exists/forall also where the predicate may be, with a
lambda parameter nullable only when the array may hold nulls); ``s.a`` only where the struct
or the field is."""

from __future__ import annotations

import engine


def _nullable(df: engine.DataFrame) -> list[bool]:
    return [f.nullable for f in df.schema.fields]


def test_higher_order_functions_over_arrays_without_nulls(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT transform(array(1, 2, 3), x -> x * 2), filter(array(1, 2, 3), x -> x > 1),"
        " exists(array(1, 2), x -> x > 1), forall(array(1, NULL), x -> x > 0),"
        " zip_with(array(1, 2), array(3, 4), (a, b) -> a + b), array_sort(array(3, 1), (a, b) -> a - b),"
        " aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x)"
    )
    assert _nullable(df) == [False, False, False, True, False, False, True]
    assert [tuple(r) for r in df.collect()] == [([2, 4, 6], [2, 3], True, None, [4, 6], [1, 3], 6)]


def test_higher_order_functions_over_maps(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT map_filter(map(1, 'a', 2, 'b'), (k, v) -> k > 1), transform_keys(map(1, 'a'), (k, v) -> k + 1),"
        " transform_values(map(1, 'a'), (k, v) -> upper(v))"
    )
    assert _nullable(df) == [False, False, False]
    assert [tuple(r) for r in df.collect()] == [({2: "b"}, {2: "a"}, {1: "A"})]


def test_higher_order_functions_over_nullable_columns(spark: engine.SparkSession) -> None:
    spark.sql("CREATE OR REPLACE TEMP VIEW hof_h AS SELECT * FROM VALUES (array(1, 2), map(1, 'a')), (NULL, NULL) AS hof_h(xs, m)")
    df = spark.sql(
        "SELECT transform(xs, x -> x + 1), filter(xs, x -> x > 1), exists(xs, x -> x > 1), map_filter(m, (k, v) -> k > 0)"
        " FROM hof_h"
    )
    assert _nullable(df) == [True, True, True, True]
    assert [tuple(r) for r in df.collect()] == [([2, 3], [2], True, {1: "a"}), (None, None, None, None)]


def test_struct_field_nullability(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT struct(1 AS a, 'x' AS b).a, named_struct('a', 1, 'b', NULL).b, named_struct('a', named_struct('c', 2)).a.c"
    )
    assert df.columns == ["struct(1 AS a, x AS b).a", "named_struct(a, 1, b, NULL).b", "named_struct(a, named_struct(c, 2)).a.c"]
    assert _nullable(df) == [False, True, False]
    spark.sql("CREATE OR REPLACE TEMP VIEW hof_s AS SELECT named_struct('a', 1, 'b', 'x') AS s")
    df = spark.sql("SELECT s.a, s.b FROM hof_s")
    assert _nullable(df) == [False, False]
    spark.sql("CREATE OR REPLACE TEMP VIEW hof_n AS SELECT * FROM VALUES (named_struct('a', 1)), (NULL) AS hof_n(s)")
    df = spark.sql("SELECT s.a FROM hof_n")
    assert _nullable(df) == [True]
    assert [tuple(r) for r in df.collect()] == [(1,), (None,)]
