"""PySpark 4 treats a null element as one value in array_intersect/array_except (observed on Spark 4),
and names the repeated key in DUPLICATED_MAP_KEY."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import SparkRuntimeException


def test_array_intersect_and_except_match_null_elements(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([3, 1, None, 3, 2], [2, 5, None]), ([None, 1], [1])], ["a", "b"])
    out = df.select(F.array_intersect("a", "b").alias("i"), F.array_except("a", "b").alias("e"))
    assert out.collect() == [engine.Row(i=[None, 2], e=[3, 1]), engine.Row(i=[1], e=[None])]


def test_duplicate_map_key_error_names_the_key(spark: engine.SparkSession) -> None:
    df = spark.range(1).select(F.map_concat(F.create_map(F.lit("a"), F.lit(1)), F.create_map(F.lit("a"), F.lit(2))))
    with pytest.raises(SparkRuntimeException, match="Duplicate map key a was found") as info:
        df.collect()
    assert info.value.getCondition() == "DUPLICATED_MAP_KEY"
