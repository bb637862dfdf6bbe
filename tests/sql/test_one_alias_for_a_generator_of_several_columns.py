"""``posexplode(a) AS x``: one name for a generator of two columns is Spark's
UDTF_ALIAS_NUMBER_MISMATCH; the engine dropped the name and answered (message and rows from
PySpark 4.3 runs)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


@pytest.mark.parametrize(
    "query",
    [
        "SELECT posexplode(array(1, 2)) AS elem",
        "SELECT explode(map(1, 'a')) AS elem",
        "SELECT inline(array(struct(1, 'a'))) AS elem",
    ],
)
def test_one_alias_for_two_generated_columns_is_refused(spark: engine.SparkSession, query: str) -> None:
    with pytest.raises(AnalysisException) as e:
        spark.sql(query)
    assert e.value.getCondition() == "UDTF_ALIAS_NUMBER_MISMATCH"
    assert "Expected 2 aliases, but got elem." in str(e.value)


def test_one_alias_per_generated_column_names_them(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT explode(array(1, 2)) AS elem")
    assert (df.columns, [tuple(r) for r in df.collect()]) == (["elem"], [(1,), (2,)])
    df = spark.sql("SELECT posexplode(array(1, 2)) AS (p, e)")
    assert (df.columns, [tuple(r) for r in df.collect()]) == (["p", "e"], [(0, 1), (1, 2)])
    assert spark.sql("SELECT stack(1, 1) AS s").columns == ["s"]


def test_a_generator_in_another_generators_arguments_is_nested(spark: engine.SparkSession) -> None:
    # PySpark 4.3: UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS (engine: "explode has no implementation")
    with pytest.raises(AnalysisException) as e:
        spark.sql("SELECT stack(2, explode(array(1, 2, 3)))")
    assert e.value.getCondition() == "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS"
    assert 'nested in expressions "stack(2, explode(array(1, 2, 3)))"' in str(e.value)
