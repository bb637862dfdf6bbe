"""format_string pads as Java's Formatter: the ``0`` flag zero-pads numbers only, while a null
argument ("null", cut to the precision), NaN and Infinity are padded with spaces. Expected strings
come from PySpark 4.3."""

from __future__ import annotations

import engine
from engine import functions as F


def test_zero_flag_pads_numbers_with_zeros_and_everything_else_with_spaces(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(1, 7, 1.5), (2, None, None), (3, -3, float("nan")), (4, 1, float("-inf"))], "i int, n int, x double"
    )
    out = df.orderBy("i").select(F.format_string("[%05d|%08.2f|%-6d|%06x]", "n", "x", "n", "n").alias("s"))
    assert [r.s for r in out.collect()] == [
        "[00007|00001.50|7     |000007]",
        "[ null|      nu|null  |  null]",
        "[-0003|     NaN|-3    |fffffffd]",
        "[00001|-Infinity|1     |000001]",
    ]
