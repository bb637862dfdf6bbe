"""An inline table's computed values are evaluated while the query is analysed, as Spark does:
one that fails (a malformed cast, a division by zero) is
INVALID_INLINE_TABLE.FAILED_SQL_EXPRESSION_EVALUATION, in SELECT and INSERT alike, while values
that evaluate keep their answers. (Error conditions and rows from PySpark 4.3 runs.)"""

from __future__ import annotations

import pytest

import engine
from tests.sql.statements import condition, rows


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM VALUES (cast('x' AS boolean)) AS t(a)",
        "SELECT * FROM VALUES (1), (1 / 0) AS t(a)",
        "VALUES (boolean('XXX'))",
        "SELECT * FROM VALUES (1, cast('y' AS int)) AS t(a, b)",
    ],
)
def test_a_failing_value_fails_the_inline_table(spark: engine.SparkSession, query: str) -> None:
    assert condition(spark, query) == "INVALID_INLINE_TABLE.FAILED_SQL_EXPRESSION_EVALUATION"


def test_an_insert_of_a_failing_value(spark: engine.SparkSession) -> None:
    spark.sql("CREATE TABLE IF NOT EXISTS inline_bools (f1 boolean) USING parquet")
    try:
        assert condition(spark, "INSERT INTO inline_bools VALUES (boolean('XXX'))") == (
            "INVALID_INLINE_TABLE.FAILED_SQL_EXPRESSION_EVALUATION"
        )
        assert rows(spark, "SELECT count(*) FROM inline_bools") == [(0,)]
    finally:
        spark.sql("DROP TABLE IF EXISTS inline_bools")


def test_values_that_evaluate_are_kept(spark: engine.SparkSession) -> None:
    assert rows(spark, "SELECT * FROM VALUES (1 + 1, upper('a')), (try_cast('x' AS int), 'b') AS t(a, b)") == [
        (2, "A"),
        (None, "b"),
    ]
