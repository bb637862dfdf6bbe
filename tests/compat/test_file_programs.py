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


def test_csv_header_names_are_made_unique_and_non_empty(spark: engine.SparkSession, tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("a,b,A,,c c\n1,2,3,4,5\n")
    df = spark.read.csv(str(path), header=True)
    assert df.columns == ["a0", "b", "A2", "_c3", "c c"]
    assert [tuple(r) for r in df.collect()] == [("1", "2", "3", "4", "5")]


def test_csv_date_column_without_a_format_reads_like_a_cast(spark: engine.SparkSession, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("d\n2024-02-03 10:00:00\n2024-02-03T10:00\n 2024-02-03 \n2024\n2024-5\n2024-02-03x\n20240203\n")
    dates = [r.d for r in spark.read.csv(str(path), header=True, schema="d date").collect()]
    assert [d.isoformat() if d else None for d in dates] == [
        "2024-02-03", "2024-02-03", "2024-02-03", "2024-01-01", "2024-05-01", None, None,
    ]  # fmt: skip
    assert spark.read.csv(str(path), header=True, inferSchema=True).schema.simpleString() == "struct<d:string>"
