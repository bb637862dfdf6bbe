"""Inline tables Spark refuses: a value it cannot evaluate once as a constant (an aggregate or a
nondeterministic call, in VALUES or INSERT ... VALUES) and a column list longer than the rows;
the engine answered or raised ASSIGNMENT_ARITY_MISMATCH (errors from PySpark 4.3 runs)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ('SELECT * FROM VALUES ("one", rand(5)), ("two", 3.0D) AS data(a, b)', "rand(5)"),
        ('SELECT * FROM VALUES ("one", count(1)), ("two", 2) AS data(a, b)', "count(1)"),
    ],
)
def test_a_value_that_is_no_constant_is_refused(spark: engine.SparkSession, query: str, shown: str) -> None:
    with pytest.raises(AnalysisException) as e:
        spark.sql(query)
    assert e.value.getCondition() == "INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE"
    assert f'Cannot evaluate the expression "{shown}" in inline table definition.' in str(e.value)


def test_insert_values_refuses_a_nondeterministic_value(session: engine.SparkSession) -> None:
    session.sql("CREATE TABLE ins_t (a DOUBLE) USING parquet")
    with pytest.raises(AnalysisException) as e:
        session.sql("INSERT INTO ins_t VALUES (rand(1))")
    assert e.value.getCondition() == "INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE"
    assert session.sql("SELECT count(*) FROM ins_t").collect()[0][0] == 0


def test_constant_calls_in_values_still_answer(spark: engine.SparkSession) -> None:
    assert spark.sql("SELECT count(DISTINCT ct) FROM VALUES now(), now(), now() AS data(ct)").collect()[0][0] == 1


def test_more_column_names_than_values_is_a_column_count_mismatch(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as e:
        spark.sql('SELECT * FROM VALUES ("one"), ("two") AS data(a, b)')
    assert e.value.getCondition() == "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH"
