"""``DataFrame.zip``: expected rows, names and errors from PySpark 4.3 on the same frames."""

from __future__ import annotations

import pytest

from engine import functions as F
from engine.errors import AnalysisException, PySparkTypeError


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame([(1, 2, 3), (4, 5, 6)], ["a", "b", "c"])


def _rows(frame):
    return [tuple(r) for r in frame.collect()]


def test_zip_projections_of_one_plan(df, spark):
    assert _rows(df.select("a").zip(df.select("b", "c"))) == [(1, 2, 3), (4, 5, 6)]
    assert _rows(df.select("a").zip(df.select((F.col("b") + 1).alias("b1")))) == [(1, 3), (4, 6)]
    same = df.select("a").zip(df.select("a"))
    assert same.columns == ["a", "a"] and _rows(same) == [(1, 1), (4, 4)]
    assert df.zip(df).columns == ["a", "b", "c", "a", "b", "c"]
    assert _rows(df.filter("a > 1").select("a").zip(df.filter("a > 1").select("b"))) == [(4, 5)]
    assert _rows(spark.range(3).zip(spark.range(3))) == [(0, 0), (1, 1), (2, 2)]
    assert _rows(spark.range(3).select("id").zip(spark.range(3).withColumn("x", F.col("id") * 2))) == [
        (0, 0, 0), (1, 1, 2), (2, 2, 4)
    ]  # fmt: skip
    assert _rows(df.withColumnRenamed("a", "z").zip(df.select(F.col("c")))) == [(1, 2, 3, 3), (4, 5, 6, 6)]
    chained = df.withColumn("x", F.col("a") + 1).withColumn("y", F.col("x") * 10).select("y")
    assert _rows(chained.zip(df.select("b"))) == [(20, 2), (50, 5)]
    assert _rows(df.orderBy("a").select("a").zip(df.orderBy("a").select("b"))) == [(1, 2), (4, 5)]


def test_zip_refuses_what_cannot_be_aligned(df, spark):
    other = spark.createDataFrame([(1, 2, 3), (4, 5, 6)], ["a", "b", "c"])
    for left, right in [(df.filter("a > 1").select("a"), df.select("b")), (df.select("a"), other.select("b"))]:
        with pytest.raises(AnalysisException) as e:
            left.zip(right)
        assert e.value.getCondition() == "ZIP_PLANS_NOT_MERGEABLE"
    with pytest.raises(PySparkTypeError):
        df.zip("x")
