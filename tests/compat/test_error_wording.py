"""Error messages users see for common mistakes, worded as PySpark 4 words them (observed on PySpark 4)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import PySparkValueError


def test_empty_data_without_schema(spark: engine.SparkSession) -> None:
    with pytest.raises(PySparkValueError) as info:
        spark.createDataFrame([])
    assert str(info.value) == "[CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset."
