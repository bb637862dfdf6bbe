"""input_file_name() names the file each row was read from, as a URI (``file:///dir/part-....csv``),
as PySpark 4.3 does; after a shuffle rows mix files and it is the empty string."""

from __future__ import annotations

import os
from pathlib import Path

import engine
from engine import functions as F


def _two_files(tmp_path: os.PathLike[str]) -> str:
    d = Path(tmp_path) / "in"
    d.mkdir()
    (d / "a.csv").write_text("id\n1\n2\n")
    (d / "b.csv").write_text("id\n3\n")
    return str(d)


def test_each_row_names_its_file_as_a_uri(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    d = _two_files(tmp_path)
    df = spark.read.csv(d, header=True).select("id", F.input_file_name())
    assert df.columns == ["id", "input_file_name()"]
    uri = Path(d).absolute().as_uri()
    assert sorted(tuple(r) for r in df.collect()) == [("1", uri + "/a.csv"), ("2", uri + "/a.csv"), ("3", uri + "/b.csv")]


def test_rows_counted_by_source_file(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    d = _two_files(tmp_path)
    df = spark.read.csv(d, header=True).withColumn("src", F.input_file_name())
    counts = df.groupBy(F.regexp_extract("src", r"([^/]+)$", 1).alias("file")).count()
    assert sorted(tuple(r) for r in counts.collect()) == [("a.csv", 2), ("b.csv", 1)]


def test_parquet_rows_name_their_part_files(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    out = os.path.join(str(tmp_path), "pq")
    spark.range(4).write.parquet(out)
    names = spark.read.parquet(out).select(F.input_file_name().alias("f")).distinct().collect()
    assert names and all(r.f.startswith("file:///") and "/pq/part-" in r.f for r in names)


def test_after_a_shuffle_rows_have_no_file(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    d = _two_files(tmp_path)
    df = spark.read.csv(d, header=True).repartition(3, "id").select(F.input_file_name().alias("f"))
    assert {r.f for r in df.collect()} == {""}
