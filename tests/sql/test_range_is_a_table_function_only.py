"""``range`` is a table function only: called in a select list (``SELECT range(1, 100)``,
also with OVER) it is Spark's NOT_A_SCALAR_FUNCTION, not an unknown routine; in FROM it is the
range of ids. (Conditions and rows from PySpark 4.3 runs.)"""

from __future__ import annotations

import pytest

import engine
from tests.sql.statements import condition, rows


@pytest.mark.parametrize("query", ["SELECT range(1, 100)", "SELECT range(1, 100) OVER ()"])
def test_range_in_a_select_list(spark: engine.SparkSession, query: str) -> None:
    assert condition(spark, query) == "NOT_A_SCALAR_FUNCTION"


def test_range_in_from(spark: engine.SparkSession) -> None:
    assert rows(spark, "SELECT id FROM range(3) WHERE id > 0") == [(1,), (2,)]
