"""``from_csv(s, schema_of_csv('1,abc'))`` and ``from_json(s, schema_of_json('{...}'))``: Spark
folds the schema of a literal sample while it analyzes, so the result is typed by it."""

from __future__ import annotations

import engine
from engine import functions as F


def _fields(df: engine.DataFrame) -> list[tuple[str, str, bool]]:
    return [(f.name, f.dataType.simpleString(), f.nullable) for f in df.schema.fields]


def test_from_csv_with_schema_of_csv(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("1,abc",)], "s string")
    out = df.select(F.from_csv("s", F.schema_of_csv(F.lit("1,abc"))))
    assert _fields(out) == [("from_csv(s)", "struct<_c0:int,_c1:string>", True)]
    assert [tuple(r[0]) for r in out.collect()] == [(1, "abc")]


def test_from_csv_with_schema_of_csv_and_its_separator(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([("1,abc",)], "s string")
    out = df.select(F.from_csv("s", F.schema_of_csv(F.lit("1;abc"), {"sep": ";"})))
    assert _fields(out) == [("from_csv(s)", "struct<_c0:int,_c1:string>", True)]


def test_from_json_with_schema_of_json(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([('{"a": 1, "b": [1.5]}',)], "s string")
    out = df.select(F.from_json("s", F.schema_of_json('{"a": 1, "b": [1.5]}')))
    assert _fields(out) == [("from_json(s)", "struct<a:bigint,b:array<double>>", True)]
    assert [tuple(r[0]) for r in out.collect()] == [(1, [1.5])]
