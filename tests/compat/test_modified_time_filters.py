"""modifiedAfter / modifiedBefore keep only files changed after / before the given time, as in
Spark (no file left is UNABLE_TO_INFER_SCHEMA), and a malformed time is Spark's legacy error.
Expected values are PySpark 4's answers."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine.errors import AnalysisException


def test_modified_after_and_before_filter_files(spark: engine.SparkSession, tmp_path: Path) -> None:
    spark.range(2).write.parquet(str(tmp_path / "o"))
    assert spark.read.option("modifiedAfter", "2000-01-01T00:00:00").parquet(str(tmp_path / "o")).count() == 2
    with pytest.raises(AnalysisException) as info:
        spark.read.option("modifiedAfter", "2050-01-01T00:00:00").parquet(str(tmp_path / "o"))
    assert info.value.getErrorClass() == "UNABLE_TO_INFER_SCHEMA"
    with pytest.raises(AnalysisException) as info:
        spark.read.option("modifiedBefore", "2000-01-01T00:00:00").parquet(str(tmp_path / "o"))
    assert info.value.getErrorClass() == "UNABLE_TO_INFER_SCHEMA"


def test_malformed_modified_time_is_refused(spark: engine.SparkSession, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("a\n1\n")
    with pytest.raises(AnalysisException) as info:
        spark.read.csv(str(tmp_path), header=True, modifiedBefore="yesterday")
    assert info.value.getErrorClass() == "_LEGACY_ERROR_TEMP_1294"
    assert str(info.value).startswith(
        "The timestamp provided for the 'modifiedbefore' option is invalid. The expected format is "
        "'YYYY-MM-DDTHH:mm:ss', but the provided timestamp: yesterday."
    )
