"""spark.read.json with inferTimestamp: a string field whose every value parses as a timestamp is
inferred as one (without the option all stay strings). Expected schema and rows from PySpark 4.3."""

from __future__ import annotations

import datetime as dt
import os

import engine

LINES = (
    '{"a": "2024-01-01T10:00:00", "b": "2024-01-01 10:00:00", "c": "2024-01-01", "d": "2024-01-01T10:00:00", '
    '"e": "2024-01-01T10:00:00.123+02:00", "f": "x"}\n'
    '{"a": null, "b": "2024-02-01 00:00:00", "c": "2024-01-02", "d": "nope", "e": "2024-01-01T10:00:00Z", "f": null}\n'
)


def _path(tmp_path: os.PathLike[str]) -> str:
    path = os.path.join(str(tmp_path), "t.json")
    with open(path, "w") as f:
        f.write(LINES)
    return path


def test_string_fields_that_all_parse_become_timestamps(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    try:
        df = spark.read.option("inferTimestamp", True).json(_path(tmp_path))
        assert df.schema.simpleString() == "struct<a:timestamp,b:timestamp,c:timestamp,d:string,e:timestamp,f:string>"
        first = df.collect()[0]
        assert first.a == dt.datetime(2024, 1, 1, 10, 0) and first.c == dt.datetime(2024, 1, 1, 0, 0)
        assert first.d == "2024-01-01T10:00:00" and first.e == dt.datetime(2024, 1, 1, 8, 0, 0, 123000)
    finally:
        spark.conf.unset("spark.sql.session.timeZone")


def test_without_the_option_every_field_is_a_string(spark: engine.SparkSession, tmp_path: os.PathLike[str]) -> None:
    df = spark.read.json(_path(tmp_path))
    assert df.schema.simpleString() == "struct<a:string,b:string,c:string,d:string,e:string,f:string>"
