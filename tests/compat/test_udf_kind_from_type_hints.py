"""``F.udf`` reads the function's type hints as PySpark 4.1 does: pandas Series in and out is a
pandas UDF, pyarrow Arrays an Arrow UDF, an iterator of Series a scalar-iterator pandas UDF and
Series to a number a grouped-aggregate one; other hints (or none) leave a row UDF, the pickled
kind when ``useArrow=False``. The evalType codes come from PySpark 4.3."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import engine
from engine.sql.functions import ArrowUDFType, PandasUDFType, udf


@udf(returnType="int")
def weighted(a: pd.Series, b: pd.Series) -> pd.Series:
    return a + 10 * b


@udf(returnType="int")
def tripled(a: pa.Array) -> pa.Array:
    return pc.multiply(a, 3)


@udf(returnType="int")
def doubled(a: int) -> int:
    return a * 2


@udf(returnType="int", useArrow=False)
def same(a: pd.Series) -> pd.Series:
    return a


@udf(returnType="int")
def plus_one(batches: Iterator[pd.Series]) -> Iterator[pd.Series]:
    for s in batches:
        yield s + 1


@udf(returnType="double")
def mean(a: pd.Series) -> float:
    return float(a.mean())


def test_the_kind_follows_the_hints() -> None:
    assert weighted.evalType == PandasUDFType.SCALAR == 200
    assert tripled.evalType == ArrowUDFType.SCALAR == 250
    assert plus_one.evalType == PandasUDFType.SCALAR_ITER == 204
    assert mean.evalType == PandasUDFType.GROUPED_AGG == 202
    assert (doubled.evalType, same.evalType) == (101, 100)


def test_vectorized_udfs_get_whole_columns(spark: engine.SparkSession) -> None:
    df = spark.range(3)
    out = df.select(weighted(b=df.id * 10, a="id"), tripled("id"), plus_one("id"))
    assert out.columns == ["weighted(b => (id * 10), a => id)", "tripled(id)", "plus_one(id)"]
    assert [tuple(r) for r in out.collect()] == [(0, 0, 1), (101, 3, 2), (202, 6, 3)]
    assert df.groupBy().agg(mean("id")).first()[0] == 1.0
