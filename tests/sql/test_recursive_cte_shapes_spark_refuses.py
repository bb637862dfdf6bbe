"""A recursive CTE is ``anchor UNION ALL step``: UNION (distinct) is Spark's
UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE and a body without a union of an anchor and a step is
INVALID_RECURSIVE_CTE, not a generic unsupported feature. (Conditions from PySpark 4.3 runs.)"""

from __future__ import annotations

import pytest

import engine
from tests.sql.statements import condition, rows


def test_union_distinct_is_not_supported(spark: engine.SparkSession) -> None:
    q = "WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT 10 - n FROM t) SELECT * FROM t"
    assert condition(spark, q) == "UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE"


@pytest.mark.parametrize(
    "query",
    [
        "WITH RECURSIVE t(n) AS (SELECT 1 INTERSECT SELECT n FROM t) SELECT * FROM t",
        "WITH RECURSIVE t(n) AS (SELECT n FROM t) SELECT * FROM t",
    ],
)
def test_a_body_without_anchor_and_step_is_invalid(spark: engine.SparkSession, query: str) -> None:
    assert condition(spark, query) == "INVALID_RECURSIVE_CTE"


def test_union_all_recurses(spark: engine.SparkSession) -> None:
    assert rows(spark, "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t") == [
        (1,), (2,), (3,),
    ]
