"""JSON files with nested objects: the schema PySpark 4 infers and what a write then read keeps."""

from __future__ import annotations

import os

import engine

LINES = (
    '{"id":1,"user":{"name":"a","tags":["x","y"],"addr":{"zip":"123"}},"events":[{"t":"click","n":2},{"t":"view","n":null}],"props":{"k":1}}\n'
    '{"id":2,"user":{"name":"b","tags":[],"addr":null},"events":[],"props":{}}\n'
    '{"id":3,"user":null,"events":null}\n'
)


def _read(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> engine.DataFrame:
    path = os.path.join(str(tmp_path), "n.json")
    with open(path, "w") as f:
        f.write(LINES)
    return spark.read.json(path)


def test_nested_object_fields_are_inferred_in_name_order(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    df = _read(spark, tmp_path)
    assert df.schema.simpleString() == (
        "struct<events:array<struct<n:bigint,t:string>>,id:bigint,props:struct<k:bigint>,"
        "user:struct<addr:struct<zip:string>,name:string,tags:array<string>>>"
    )
    rows = df.collect()
    assert rows[0].user.asDict(recursive=True) == {"addr": {"zip": "123"}, "name": "a", "tags": ["x", "y"]}
    assert [tuple(e) for e in rows[0].events] == [(2, "click"), (None, "view")]


def test_a_row_of_nulls_is_written_as_an_empty_object(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    df = _read(spark, tmp_path)
    out = os.path.join(str(tmp_path), "by_id")
    df.write.mode("overwrite").partitionBy("id").json(out)
    back = spark.read.json(out)
    assert back.columns == ["events", "props", "user", "id"]
    assert sorted((r.id, r.user is None, r.events is None) for r in back.collect()) == [
        (1, False, False), (2, False, False), (3, True, True)
    ]
    text = "".join(open(os.path.join(out, "id=3", f)).read() for f in os.listdir(os.path.join(out, "id=3")) if f.endswith(".json"))
    assert text == "{}\n"
