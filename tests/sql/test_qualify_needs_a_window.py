"""QUALIFY filters on a window function, as in Spark 4: without one in the select list or the
condition it is QUALIFY_REQUIRES_WINDOW_FUNCTION; with one it keeps the rows it selects (expected
values from PySpark 4 runs)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException

_T = "VALUES (1, 10L), (2, 20L), (3, NULL), (2, 30L) AS t(i, l)"


def test_qualify_without_a_window_function(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql(f"SELECT i FROM {_T} QUALIFY i > 1")
    assert info.value.getErrorClass() == "QUALIFY_REQUIRES_WINDOW_FUNCTION"


def test_qualify_on_a_window_in_the_condition_or_the_select_list(spark: engine.SparkSession) -> None:
    q = f"SELECT i, l FROM {_T} QUALIFY row_number() OVER (PARTITION BY i ORDER BY l) = 1"
    assert sorted(tuple(r) for r in spark.sql(q).collect()) == [(1, 10), (2, 20), (3, None)]
    q = f"SELECT i, l, row_number() OVER (PARTITION BY i ORDER BY l) AS rn FROM {_T} QUALIFY rn = 1"
    assert sorted(tuple(r) for r in spark.sql(q).collect()) == [(1, 10, 1), (2, 20, 1), (3, None, 1)]
