"""JSON lines read as PySpark 4 reads them: a line holding an array of objects gives one row per
object (engine made it a corrupt record), and ``primitivesAsString`` infers every number and
boolean as a string holding its JSON text (engine ignored the option)."""

from __future__ import annotations

import engine
from engine import types as T


def test_a_line_of_an_array_of_objects_is_a_row_each(spark: engine.SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.json").write_text('[{"a": 1}, {"a": 2, "b": "x"}]\n{"a": 3}\n')
    df = spark.read.json(str(tmp_path))
    assert df.columns == ["a", "b"]
    assert sorted(tuple(r) for r in df.collect()) == [(1, None), (2, "x"), (3, None)]


def test_primitives_as_string(spark: engine.SparkSession, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.json").write_text(
        '{"a": 1, "b": true, "c": 1.5, "d": null, "e": [2], "s": {"f": false}}\n'
    )
    df = spark.read.json(str(tmp_path), primitivesAsString=True)
    assert (
        df.schema.simpleString()
        == "struct<a:string,b:string,c:string,d:string,e:array<string>,s:struct<f:string>>"
    )
    assert [tuple(r) for r in df.collect()] == [("1", "true", "1.5", None, ["2"], T.Row(f="false"))]
