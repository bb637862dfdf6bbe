"""A pivot's aggregates may not read ``*`` (INVALID_USAGE_OF_STAR_OR_REGEX, as PySpark 4), while
``pivot(...).count()`` counts rows as Spark's ``count(1)`` does."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


def _df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame([("a", 1, 2.0), ("b", 1, None), ("a", 3, 1.0)], "s string, i int, d double")


def test_count_star_in_a_pivot_is_an_error(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as e:
        _df(spark).groupBy("s").pivot("i", [1, 3]).agg(F.first("d"), F.count("*")).collect()
    assert e.value.getErrorClass() == "INVALID_USAGE_OF_STAR_OR_REGEX"


def test_pivot_count_counts_rows(spark: engine.SparkSession) -> None:
    out = _df(spark).groupBy("s").pivot("i").count().orderBy("s")
    assert out.columns == ["s", "1", "3"]
    assert [tuple(r) for r in out.collect()] == [("a", 1, 1), ("b", 1, None)]
    assert _df(spark).groupBy("s").count().columns == ["s", "count"]
