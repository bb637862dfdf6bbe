"""Which files a read lists (pathGlobFilter, recursiveFileLookup) and how partitionBy names its
directories: an empty string is the null partition (no row lost), non-ASCII text is kept as it
is. Expected values are PySpark 4's answers."""

from __future__ import annotations

import os
from pathlib import Path

import engine


def test_path_glob_filter_keeps_matching_file_names(spark: engine.SparkSession, tmp_path: Path) -> None:
    for name, value in (("a.csv", 1), ("b.csv", 2), ("c.txt", 3)):
        (tmp_path / name).write_text(f"a\n{value}\n")
    df = spark.read.csv(str(tmp_path), header=True, pathGlobFilter="*.csv")
    assert sorted(r.a for r in df.collect()) == ["1", "2"]


def test_recursive_file_lookup_reads_below_and_discovers_no_partitions(
    spark: engine.SparkSession, tmp_path: Path
) -> None:
    (tmp_path / "k=1").mkdir()
    (tmp_path / "k=1" / "a.csv").write_text("a\n1\n")
    (tmp_path / "b.csv").write_text("a\n2\n")
    df = spark.read.csv(str(tmp_path), header=True, recursiveFileLookup=True)
    assert df.columns == ["a"]
    assert sorted(r.a for r in df.collect()) == ["1", "2"]


def test_partition_dirs_escape_as_spark_and_empty_is_null(spark: engine.SparkSession, tmp_path: Path) -> None:
    rows = [(1, "a/b"), (2, None), (3, ""), (4, "x y=z%"), (5, "é:#")]
    spark.createDataFrame(rows, "i int, p string").write.partitionBy("p").parquet(str(tmp_path / "o"))
    dirs = sorted(d for d in os.listdir(tmp_path / "o") if d.startswith("p="))
    assert dirs == ["p=__HIVE_DEFAULT_PARTITION__", "p=a%2Fb", "p=x y%3Dz%25", "p=é%3A%23"]
    back = sorted((tuple(r) for r in spark.read.parquet(str(tmp_path / "o")).collect()), key=repr)
    assert back == [(1, "a/b"), (2, None), (3, None), (4, "x y=z%"), (5, "é:#")]
