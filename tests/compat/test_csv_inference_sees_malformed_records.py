"""CSV schema inference reads the fields of every record, a short record's too, as Spark does: a
column holding ``x`` only in a short record is a string. Expected values are PySpark 4's answers."""

from __future__ import annotations

from pathlib import Path

import engine


def test_short_record_fields_take_part_in_inference(spark: engine.SparkSession, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("a,b\n1,2\nx\n")
    df = spark.read.csv(str(tmp_path), header=True, inferSchema=True)
    assert [(f.name, f.dataType.simpleString()) for f in df.schema] == [("a", "string"), ("b", "int")]
    assert sorted(tuple(r) for r in df.collect()) == [("1", 2), ("x", None)]
