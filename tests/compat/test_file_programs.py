"""PySpark 4 answers for reading files users actually have: mixed JSON lines (observed on Spark 4)."""

from __future__ import annotations

from pathlib import Path

import engine


def test_json_string_field_keeps_the_text_of_numbers_and_empty_arrays_are_string_arrays(
    spark: engine.SparkSession, tmp_path: Path
) -> None:
    path = tmp_path / "l.json"
    path.write_text('{"a": 1, "t": "2024-01-01T10:00:00"}\n{"a": "x"}\n{bad json\n{"a": 3.5, "e": []}\n')
    df = spark.read.json(str(path))
    assert df.schema.simpleString() == "struct<_corrupt_record:string,a:string,e:array<string>,t:string>"
    assert [tuple(r) for r in df.collect()] == [
        (None, "1", None, "2024-01-01T10:00:00"),
        (None, "x", None, None),
        ("{bad json", None, None, None),
        (None, "3.5", [], None),
    ]
