"""JSON read with a user schema holding a map field: each object becomes a map, values that do not
fit the map's value type null the whole map (expected rows from PySpark 4.3)."""

from __future__ import annotations

import os

import engine

LINES = (
    '{"id": 1, "m": {"a": 1.5, "b": null}}\n'
    '{"id": 2, "m": {"a": "x"}}\n'
    '{"id": 3, "m": {}}\n'
    '{"id": 4}\n'
    '{"id": 5, "m": {"n": {"q": 1}}}\n'
)


def _path(tmp_path: os.PathLike[str]) -> str:
    path = os.path.join(str(tmp_path), "m.json")
    with open(path, "w") as f:
        f.write(LINES)
    return path


def test_objects_read_into_a_map_of_doubles(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    df = spark.read.schema("id int, m map<string,double>").json(_path(tmp_path))
    assert df.schema.simpleString() == "struct<id:int,m:map<string,double>>"
    assert [(r.id, r.m) for r in df.orderBy("id").collect()] == [
        (1, {"a": 1.5, "b": None}),
        (2, None),
        (3, {}),
        (4, None),
        (5, None),
    ]


def test_objects_read_into_a_map_of_strings_keep_any_value_as_text(
    spark: engine.SparkSession, tmp_path: os.PathLike[str]
) -> None:
    df = spark.read.schema("id int, m map<string,string>").json(_path(tmp_path))
    assert [(r.id, r.m) for r in df.orderBy("id").limit(4).collect()] == [
        (1, {"a": "1.5", "b": None}),
        (2, {"a": "x"}),
        (3, {}),
        (4, None),
    ]


def test_a_written_map_column_reads_back_with_its_schema(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    ddl = "id int, m map<string,double>"
    df = spark.createDataFrame([(1, {"k": 1.5}), (2, {})], ddl)
    out = os.path.join(str(tmp_path), "out")
    df.write.mode("overwrite").json(out)
    back = spark.read.schema(ddl).json(out)
    assert sorted((r.id, r.m) for r in back.collect()) == [(1, {"k": 1.5}), (2, {})]
