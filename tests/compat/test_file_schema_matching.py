"""A user schema finds a Parquet/ORC column whose name differs only in case (Spark resolves
case-insensitively); partition values beyond bigint infer as a decimal of their digits; mixed
partition layouts raise SparkRuntimeException. Expected values are PySpark 4's answers."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.errors import SparkRuntimeException


@pytest.mark.parametrize("fmt", ["parquet", "orc"])
def test_user_schema_matches_file_columns_ignoring_case(spark: engine.SparkSession, tmp_path: Path, fmt: str) -> None:
    spark.createDataFrame([(1, "a")], "A int, b string").write.format(fmt).save(str(tmp_path / "o"))
    df = spark.read.schema("a int, B string").format(fmt).load(str(tmp_path / "o"))
    assert df.columns == ["a", "B"]
    assert [tuple(r) for r in df.collect()] == [(1, "a")]


def test_partition_value_beyond_bigint_is_a_decimal_of_its_digits(spark: engine.SparkSession, tmp_path: Path) -> None:
    spark.range(1).write.parquet(str(tmp_path / "o" / "k=99999999999999999999"))
    df = spark.read.parquet(str(tmp_path / "o"))
    assert [(f.name, f.dataType.simpleString()) for f in df.schema] == [("id", "bigint"), ("k", "decimal(20,0)")]


def test_conflicting_partition_layouts_raise_runtime_error(spark: engine.SparkSession, tmp_path: Path) -> None:
    spark.range(1).write.parquet(str(tmp_path / "o" / "k=1"))
    spark.range(1).write.parquet(str(tmp_path / "o" / "j=1"))
    with pytest.raises(SparkRuntimeException) as info:
        spark.read.parquet(str(tmp_path / "o")).collect()
    assert info.value.getErrorClass() == "CONFLICTING_PARTITION_COLUMN_NAMES"
