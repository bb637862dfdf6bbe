"""Parquet INT96 columns (how Spark writes TIMESTAMP by default) read as TIMESTAMP instants, as
PySpark reads them, not as TIMESTAMP_NTZ (pyarrow gives them no zone)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import engine


def test_int96_column_reads_as_timestamp(spark: engine.SparkSession, tmp_path: Path) -> None:
    when = datetime.datetime(2020, 1, 1, 10, 0, 0, 123456)
    table = pa.table({"t": pa.array([when], pa.timestamp("us"))})
    pq.write_table(table, tmp_path / "a.parquet", use_deprecated_int96_timestamps=True)
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    try:
        df = spark.read.parquet(str(tmp_path))
        assert df.schema.simpleString() == "struct<t:timestamp>"
        assert [r.t for r in df.collect()] == [when]
    finally:
        spark.conf.unset("spark.sql.session.timeZone")
