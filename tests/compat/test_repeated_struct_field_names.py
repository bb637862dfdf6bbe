"""Structs that repeat a field name, as ``arrays_zip(x, x)`` makes them, collect and show as
PySpark 4 gives them: ``Row(x=1, x=1)`` and ``{1, 1}``."""

from __future__ import annotations

import engine
from engine import functions as F


def test_arrays_zip_of_one_column_twice_collects(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, 2], [3, 4])], "x array<int>, y array<int>")
    out = df.select(F.arrays_zip("x", "x"))
    assert [(f.name, f.dataType.simpleString()) for f in out.schema.fields] == [
        ("arrays_zip(x, x)", "array<struct<x:int,x:int>>")
    ]
    pairs = out.collect()[0][0]
    assert [tuple(p) for p in pairs] == [(1, 1), (2, 2)]
    assert repr(pairs[0]) == "Row(x=1, x=1)"


def test_arrays_zip_of_one_column_twice_shows(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([([1, 2], [3, 4])], "x array<int>, y array<int>")
    text = df.select(F.arrays_zip("x", "x").alias("z"))._show_string()
    assert text.splitlines()[3] == "|[{1, 1}, {2, 2}]|"
