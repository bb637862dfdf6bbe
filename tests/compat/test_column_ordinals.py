"""PySpark 4 reads an int in orderBy/sort as a 1-based column ordinal (negative: that column
descending, 0: ZERO_INDEX) and in groupBy/rollup/cube as a 1-based ordinal (below 1:
INDEX_NOT_POSITIVE); ``ascending=True`` leaves a descending column descending."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import PySparkIndexError


def _frame(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([(1, "b", None), (2, "a", 1.0), (3, "c", 0.5)], "x int, s string, d double")


def test_sort_by_ordinals(spark: engine.SparkSession) -> None:
    df = _frame(spark)
    assert [r.x for r in df.orderBy(2).collect()] == [2, 1, 3]
    assert [r.x for r in df.orderBy(-1).collect()] == [3, 2, 1]
    assert [r.x for r in df.orderBy([3, 1]).collect()] == [1, 3, 2]
    assert [r.x for r in df.sort(F.desc("x"), ascending=True).collect()] == [3, 2, 1]
    with pytest.raises(PySparkIndexError, match="ZERO_INDEX"):
        df.orderBy(0)


def test_group_by_ordinals(spark: engine.SparkSession) -> None:
    df = _frame(spark)
    out = df.groupBy(2).count().orderBy(1)
    assert out.columns == ["s", "count"]
    assert [tuple(r) for r in out.collect()] == [("a", 1), ("b", 1), ("c", 1)]
    assert df.rollup(1).count().count() == 4
    with pytest.raises(PySparkIndexError, match=r"\[INDEX_NOT_POSITIVE\] Index must be positive, got '0'."):
        df.groupBy(0)
