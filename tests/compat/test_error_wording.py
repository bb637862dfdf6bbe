"""Error messages users see for common mistakes, worded as PySpark 4 words them (observed on PySpark 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException, PySparkValueError


def test_empty_data_without_schema(spark: engine.SparkSession) -> None:
    with pytest.raises(PySparkValueError) as info:
        spark.createDataFrame([])
    assert str(info.value) == "[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset."


def test_pivot_without_an_aggregate_prints_no_class_prefix(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a", 10), (2, "b", 20)], ["id", "k", "v"])
    with pytest.raises(AnalysisException) as info:
        df.groupBy("k").pivot("id").agg(F.col("v")).collect()
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_1006"
    assert str(info.value) == "Aggregate expression required for pivot, but 'v' did not appear in any aggregate function."


def test_text_write_of_two_columns_prints_no_class_prefix(spark: engine.SparkSession, tmp_path: Path) -> None:
    df = spark.createDataFrame([("a", "b")], ["k", "v"])
    with pytest.raises(AnalysisException) as info:
        df.write.mode("overwrite").text(str(tmp_path / "t"))
    assert info.value.getCondition() == "_LEGACY_ERROR_TEMP_1290"
    assert str(info.value) == "Text data source supports only a single column, and you have 2 columns."
