"""F.histogram_numeric exists in PySpark 4: (centre, height) bins, at least 2 of them (observed on PySpark 4)."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


def test_histogram_numeric_bins(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1,), (2,), (2,), (10,), (None,)], ["id"])
    out = df.agg(F.histogram_numeric("id", F.lit(2)), F.histogram_numeric(F.col("id").cast("double"), F.lit(5)))
    assert out.schema.simpleString() == (
        "struct<histogram_numeric(id, 2):array<struct<x:bigint,y:double>>,"
        "histogram_numeric(CAST(id AS DOUBLE), 5):array<struct<x:double,y:double>>>"
    )
    row = out.collect()[0]
    assert [tuple(b) for b in row[0]] == [(1, 3.0), (10, 1.0)]
    assert [tuple(b) for b in row[1]] == [(1.0, 1.0), (2.0, 2.0), (10.0, 1.0)]


def test_histogram_numeric_needs_two_bins(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1,)], ["id"])
    with pytest.raises(AnalysisException) as info:
        df.agg(F.histogram_numeric("id", F.lit(1))).collect()
    assert str(info.value) == (
        '[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "histogram_numeric(id, 1)" due to data type mismatch: '
        "The nb must be between [2, 2147483647] (current value = 1). SQLSTATE: 42K09"
    )
