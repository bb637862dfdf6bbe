"""``maxRecordsPerFile`` (the write option, else spark.sql.files.maxRecordsPerFile) splits a task's
rows over files c000, c001, ... as in PySpark 4.3; engine ignored it and wrote one file per task."""

from __future__ import annotations

from pathlib import Path

import engine


def _files(path: Path) -> list[tuple[str, int]]:
    import pyarrow.parquet as pq

    return sorted((p.name[48:52], pq.read_metadata(p).num_rows) for p in path.glob("part-*"))


def test_the_option_and_the_session_setting_cap_the_rows_of_a_file(spark: engine.SparkSession, tmp_path: Path) -> None:
    data = spark.range(10).coalesce(1)
    data.write.option("maxRecordsPerFile", 4).parquet(str(tmp_path / "a"))
    assert _files(tmp_path / "a") == [("c000", 4), ("c001", 4), ("c002", 2)]  # PySpark 4.3: 4, 4, 2
    spark.conf.set("spark.sql.files.maxRecordsPerFile", "6")
    try:
        data.write.parquet(str(tmp_path / "b"))
        data.write.option("maxRecordsPerFile", 0).parquet(str(tmp_path / "c"))  # the option wins: no limit
    finally:
        spark.conf.unset("spark.sql.files.maxRecordsPerFile")
    assert _files(tmp_path / "b") == [("c000", 6), ("c001", 4)]
    assert _files(tmp_path / "c") == [("c000", 10)]
    assert sorted(r.id for r in spark.read.parquet(str(tmp_path / "b")).collect()) == list(range(10))
