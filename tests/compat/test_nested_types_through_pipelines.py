"""Nested columns through pipelines: the names and schemas PySpark 4 gives them."""

from __future__ import annotations

import os

import pytest

import engine
from engine import functions as F


def _df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame(
        [(1, ("x", 2, [("p", 1)], {"a": 1}))],
        "id int, s struct<n:string, v:int, inner:array<struct<k:string, c:int>>, m:map<string,int>>",
    )


def test_a_dotted_path_inside_an_expression_is_named_by_its_whole_path(spark: engine.SparkSession) -> None:
    df = _df(spark)
    out = df.select(
        F.col("s.inner")[0].k, F.col("s.v") + 1, F.upper("s.n"), F.col("s.m")["a"], F.col("s.m.a"), F.col("s.inner.k"),
        F.col("s.v").isNull(), F.coalesce("s.v", F.lit(0)), F.when(F.col("s.v") > 1, "a").otherwise("b"),
    )  # fmt: skip
    assert out.columns == [
        "s.inner[0].k", "(s.v + 1)", "upper(s.n)", "s.m[a]", "a", "k", "(s.v IS NULL)", "coalesce(s.v, 0)",
        "CASE WHEN (s.v > 1) THEN a ELSE b END",
    ]  # fmt: skip


def test_aggregates_of_dotted_paths_keep_the_path(spark: engine.SparkSession) -> None:
    df = _df(spark)
    out = df.groupBy("s.n").agg(F.sum("s.v"), F.max(F.col("s.v") + 1), F.count("s.v"))
    assert out.columns == ["n", "sum(s.v)", "max((s.v + 1))", "count(s.v)"]
    assert [tuple(r) for r in out.collect()] == [("x", 2, 3, 1)]


def test_struct_and_array_of_dotted_paths(spark: engine.SparkSession) -> None:
    out = _df(spark).select(F.array("s.v", "id"), F.struct("s.v", "id"))
    assert out.schema.simpleString() == "struct<array(s.v, id):array<int>,struct(s.v, id):struct<v:int,id:int>>"


def test_sql_names_dotted_paths_by_their_whole_path(spark: engine.SparkSession) -> None:
    _df(spark).createOrReplaceTempView("nested_paths")
    out = spark.sql("select s.v + 1, s.inner[0].k, s.n, upper(s.n), s.m['a'] from nested_paths")
    assert out.columns == ["(s.v + 1)", "s.inner[0].k", "n", "upper(s.n)", "s.m[a]"]


def test_a_table_qualifier_is_not_part_of_the_name(spark: engine.SparkSession) -> None:
    a = _df(spark).alias("t")
    assert a.select(F.col("t.id") + 1, F.col("t.s.v") + 1, F.col("t.s.v")).columns == ["(id + 1)", "(s.v + 1)", "v"]


def test_element_nullability_of_collection_functions(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(1, {"a": 1}, [1, None, 3], "a,b,,c", "Hi there. You ok?")],
        "id int, m map<string,int>, arr array<int>, s string, t string",
    )
    out = df.select(
        F.map_keys("m").alias("k"), F.split("s", ",").alias("sp"), F.array_compact("arr").alias("ac"),
        F.sentences("t").alias("se"),
    )  # fmt: skip
    assert [f.dataType.jsonValue() for f in out.schema.fields] == [
        {"type": "array", "elementType": "string", "containsNull": True},
        {"type": "array", "elementType": "string", "containsNull": False},
        {"type": "array", "elementType": "integer", "containsNull": False},
        {
            "type": "array",
            "elementType": {"type": "array", "elementType": "string", "containsNull": False},
            "containsNull": False,
        },
    ]
    assert [tuple(r) for r in out.collect()] == [
        (["a"], ["a", "b", "", "c"], [1, 3], [["Hi", "there"], ["You", "ok"]])
    ]


def test_parquet_reads_back_nested_types_nullable(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    df = spark.range(3).select(
        "id", F.array("id").alias("a"), F.struct("id").alias("s"), F.create_map(F.lit("k"), "id").alias("m")
    )
    assert df.schema.simpleString() == "struct<id:bigint,a:array<bigint>,s:struct<id:bigint>,m:map<string,bigint>>"
    assert not df.schema["a"].dataType.containsNull
    path = os.path.join(str(tmp_path), "nested")
    df.write.mode("overwrite").parquet(path)
    back = spark.read.parquet(path)
    assert back.schema.jsonValue()["fields"] == [
        {"name": "id", "type": "long", "nullable": True, "metadata": {}},
        {"name": "a", "type": {"type": "array", "elementType": "long", "containsNull": True}, "nullable": True, "metadata": {}},
        {
            "name": "s",
            "type": {"type": "struct", "fields": [{"name": "id", "type": "long", "nullable": True, "metadata": {}}]},
            "nullable": True,
            "metadata": {},
        },
        {
            "name": "m",
            "type": {"type": "map", "keyType": "string", "valueType": "long", "valueContainsNull": True},
            "nullable": True,
            "metadata": {},
        },
    ]
    assert sorted(tuple(r) for r in back.collect()) == [(0, [0], (0,), {"k": 0}), (1, [1], (1,), {"k": 1}), (2, [2], (2,), {"k": 2})]


def test_an_ambiguous_column_after_a_self_join_has_sparks_message(spark: engine.SparkSession) -> None:
    from engine.errors import AnalysisException

    df = spark.createDataFrame([("a", 1)], "k string, v int")
    with pytest.raises(AnalysisException) as info:
        df.join(df, "k").select("v").collect()
    assert str(info.value) == "[AMBIGUOUS_REFERENCE] Reference `v` is ambiguous, could be: [`v`, `v`]. SQLSTATE: 42704"
