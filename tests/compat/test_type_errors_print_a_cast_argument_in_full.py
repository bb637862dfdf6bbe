"""A type error prints a cast argument in full, as Spark's errors do ("count_min_sketch(CAST(id AS
DOUBLE), ...)", however "CAST(id AS DOUBLE)" has the type ...), although the cast as a whole
column keeps its input's name. Observed on PySpark 4.3."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


def test_the_cast_argument_is_printed_in_full(spark: engine.SparkSession) -> None:
    df = spark.range(5)
    with pytest.raises(AnalysisException) as info:
        df.select(F.count_min_sketch(F.col("id").cast("double"), 0.9, 0.5, 1)).collect()
    assert str(info.value) == (
        '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "count_min_sketch(CAST(id AS DOUBLE), 0.9, 0.5, 1)" '
        'due to data type mismatch: The first parameter requires the ("INTEGRAL" or "STRING" or "BINARY") type, '
        'however "CAST(id AS DOUBLE)" has the type "DOUBLE". SQLSTATE: 42K09'
    )


def test_as_a_whole_column_the_cast_keeps_its_inputs_name(spark: engine.SparkSession) -> None:
    out = spark.range(1).select(F.col("id").cast("double"), F.abs(F.col("id").cast("double")))
    assert out.columns == ["id", "abs(CAST(id AS DOUBLE))"]
