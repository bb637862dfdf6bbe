"""A row constructor's aliases name its struct's fields, and aggregate() keeps a struct start
value's field names whatever the merge lambda's struct calls them, as PySpark 4.3 does (values
observed there)."""

from __future__ import annotations

import engine


def test_aliases_name_the_fields_of_a_row_constructor(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT (1 AS a, 'x' AS b) AS s")
    assert df.schema.simpleString() == "struct<s:struct<a:int,b:string>>"
    assert df.collect()[0].s.asDict() == {"a": 1, "b": "x"}


def test_struct_accumulator_keeps_the_start_values_names(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT aggregate(array(1, 2), (0 AS sum, 0 AS n), (acc, x) -> (acc.sum + x, acc.n + 1)) AS v")
    assert df.schema.simpleString() == "struct<v:struct<sum:int,n:int>>"
    assert df.collect()[0].v.asDict() == {"sum": 3, "n": 2}


def test_struct_accumulator_with_a_finish(spark: engine.SparkSession) -> None:
    query = (
        "SELECT aggregate(ys, (0 AS sum, 0 AS n), (acc, x) -> (acc.sum + x, acc.n + 1), acc -> acc.sum / acc.n) AS v "
        "FROM VALUES (1, array(32, 97)), (2, array(77, -76)), (3, array(12)) AS t(x, ys) ORDER BY x"
    )
    assert [r.v for r in spark.sql(query).collect()] == [64.5, 0.5, 12.0]
