"""Writes Spark makes that engine failed or differed on: timestamps with microseconds in CSV and
JSON (Spark writes milliseconds), binary as hex in CSV and base64 in JSON, compressed CSV/JSON
read back, partitionBy matching a column ignoring case, and the dynamic partitionOverwriteMode
that replaces only the partitions written. Expected values are PySpark 4's answers."""

from __future__ import annotations

import datetime
import gzip
import os
from pathlib import Path

import engine


def _text(path: Path) -> str:
    return "".join(p.read_text() for p in sorted(path.glob("part-*")))


def test_micro_timestamps_and_binary_in_csv_and_json(spark: engine.SparkSession, tmp_path: Path) -> None:
    df = spark.sql(
        "select timestamp_ntz'2020-01-02 03:04:05.123456' ts, cast('ab' as binary) bin, cast(1.50 as decimal(5,2)) d"
    ).coalesce(1)
    df.write.json(str(tmp_path / "j"))
    assert _text(tmp_path / "j") == '{"ts":"2020-01-02T03:04:05.123","bin":"YWI=","d":1.50}\n'
    df.write.csv(str(tmp_path / "c"))
    assert _text(tmp_path / "c") == "2020-01-02T03:04:05.123,[61 62],1.50\n"


def test_csv_timestamps_round_trip_at_millisecond_precision(spark: engine.SparkSession, tmp_path: Path) -> None:
    spark.sql("select 1 i, timestamp_ntz'2020-01-02 03:04:05.123456' ts").write.csv(str(tmp_path / "o"), header=True)
    back = spark.read.csv(str(tmp_path / "o"), header=True, inferSchema=True)
    assert [tuple(r) for r in back.collect()] == [(1, datetime.datetime(2020, 1, 2, 3, 4, 5, 123000))]


def test_gzipped_csv_and_json_files_are_read(spark: engine.SparkSession, tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    with gzip.open(tmp_path / "c" / "a.csv.gz", "wt") as f:
        f.write("a,b\n1,2\n3\n")
    csv = spark.read.csv(str(tmp_path / "c"), header=True, inferSchema=True)
    assert sorted(tuple(r) for r in csv.collect()) == [(1, 2), (3, None)]
    (tmp_path / "j").mkdir()
    with gzip.open(tmp_path / "j" / "a.json.gz", "wt") as f:
        f.write('{"a":1}\n{bad\n')
    js = spark.read.json(str(tmp_path / "j"))
    assert js.columns == ["_corrupt_record", "a"]
    assert sorted((tuple(r) for r in js.collect()), key=repr) == [("{bad", None), (None, 1)]


def test_partition_by_matches_a_column_ignoring_case(spark: engine.SparkSession, tmp_path: Path) -> None:
    spark.sql("select 1 a, 2 P").write.partitionBy("p").parquet(str(tmp_path / "o"))
    assert sorted(os.listdir(tmp_path / "o")) == ["_SUCCESS", "p=2"]


def test_dynamic_partition_overwrite_keeps_other_partitions(spark: engine.SparkSession, tmp_path: Path) -> None:
    out = str(tmp_path / "o")
    spark.sql("select 1 v, 1 p union all select 2, 2").write.partitionBy("p").parquet(out)
    spark.sql("select 3 v, 1 p").write.mode("overwrite").option("partitionOverwriteMode", "dynamic").partitionBy(
        "p"
    ).parquet(out)
    assert sorted(tuple(r) for r in spark.read.parquet(out).collect()) == [(2, 2), (3, 1)]
    spark.sql("select 4 v, 2 p").write.mode("overwrite").partitionBy("p").parquet(out)  # static: all replaced
    assert sorted(tuple(r) for r in spark.read.parquet(out).collect()) == [(4, 2)]
