"""LIMIT and OFFSET take any foldable expression, which Spark evaluates once (``LIMIT 1 + 1``);
a nondeterministic one is IS_UNFOLDABLE and a non-integral one DATA_TYPE. (Expected rows and
error conditions from PySpark 4.3 runs.)"""

from __future__ import annotations

import engine
from tests.sql.statements import condition, rows


def test_a_foldable_limit_or_offset_is_evaluated(spark: engine.SparkSession) -> None:
    assert rows(spark, "SELECT * FROM range(5) LIMIT 1 + 1") == [(0,), (1,)]
    assert rows(spark, "SELECT * FROM range(5) LIMIT CAST(2 AS INT)") == [(0,), (1,)]
    assert rows(spark, "SELECT * FROM range(5) ORDER BY id OFFSET 2 + 1") == [(3,), (4,)]


def test_a_nondeterministic_limit_is_unfoldable(spark: engine.SparkSession) -> None:
    q = "SELECT * FROM range(5) LIMIT (CASE WHEN rand() < 0.5 THEN 1 END)"
    assert condition(spark, q) == "INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE"
    q = "SELECT * FROM range(5) OFFSET (CASE WHEN random() < 0.5 THEN bigint(NULL) END)"
    assert condition(spark, q) == "INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE"


def test_a_decimal_limit_expression_is_the_wrong_type(spark: engine.SparkSession) -> None:
    assert condition(spark, "SELECT * FROM range(5) LIMIT 2.0 + 1") == "INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE"
