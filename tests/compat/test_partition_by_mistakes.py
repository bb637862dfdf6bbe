"""``write.partitionBy`` mistakes fail as in PySpark 4, before anything is written: every column
a partition column (ALL_PARTITION_COLUMNS_NOT_ALLOWED, which engine wrote as empty files), a
column named twice (COLUMN_ALREADY_EXISTS) and a column that is not there (Spark's legacy
"Partition column ... not found in schema ...")."""

from __future__ import annotations

import os

import pytest

import engine
from engine.errors import AnalysisException


@pytest.mark.parametrize(
    ("cols", "condition", "text"),
    [
        (["p", "Q"], "ALL_PARTITION_COLUMNS_NOT_ALLOWED", "Cannot use all columns for partition columns."),
        (["p", "p"], "COLUMN_ALREADY_EXISTS", "The column `p` already exists."),
        (["zz"], "_LEGACY_ERROR_TEMP_1155", "Partition column `zz` not found in schema struct<p:int,q:int>."),
    ],
)
def test_partition_by_mistakes(spark: engine.SparkSession, tmp_path, cols, condition, text) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "t")
    with pytest.raises(AnalysisException) as caught:
        spark.createDataFrame([(1, 2)], "p int, q int").write.partitionBy(*cols).parquet(path)
    assert caught.value.getCondition() == condition
    assert text in str(caught.value)
    assert not os.path.exists(path)
