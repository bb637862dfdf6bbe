"""spark.read.text: a string column `value` with a row per line (or per file), as Spark reads it."""

from __future__ import annotations

from pathlib import Path

import engine


def test_lines_of_every_file_with_any_newline_and_no_row_for_a_final_separator(
    spark: engine.SparkSession, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_bytes(b"first line\nsecond\r\n\nlast")
    (tmp_path / "b.txt").write_bytes(b"x\ny\n")
    df = spark.read.text(str(tmp_path))
    assert df.schema.simpleString() == "struct<value:string>"
    assert sorted(r.value for r in df.collect()) == ["", "first line", "last", "second", "x", "y"]


def test_wholetext_and_line_separator_options(spark: engine.SparkSession, tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("x;y;z")
    path = str(tmp_path / "b.txt")
    assert [r.value for r in spark.read.text(path, wholetext=True).collect()] == ["x;y;z"]
    assert [r.value for r in spark.read.text(path, lineSep=";").collect()] == ["x", "y", "z"]
    assert spark.read.format("text").load(path).count() == 1
