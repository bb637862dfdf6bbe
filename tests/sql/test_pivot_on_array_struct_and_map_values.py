"""PIVOT over array and struct values, named as Spark names them (``[1, 2]``, ``{1, p}``), and
over a map column refused as INCOMPARABLE_PIVOT_COLUMN; the engine failed with a Python
TypeError (unhashable list) and a `<=>` type error (expected rows from PySpark 4.3 runs)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException

_T = (
    "(SELECT * FROM VALUES ('x', array(1, 2), named_struct('n', 1, 's', 'p'), map('k', 1), 5), "
    "('y', array(3), named_struct('n', 2, 's', 'q'), map('k', 2), 7), "
    "('x', array(3), named_struct('n', 1, 's', 'p'), map('k', 1), 9) AS t(g, a, s, m, v))"
)


def _answer(spark: engine.SparkSession, query: str) -> tuple[list[str], list[tuple[object, ...]]]:
    df = spark.sql(query)
    return df.columns, sorted(tuple(r) for r in df.collect())


def test_pivot_on_array_values(spark: engine.SparkSession) -> None:
    q = f"SELECT * FROM (SELECT g, a, v FROM {_T}) PIVOT (sum(v) FOR a IN (array(1, 2), array(3)))"
    assert _answer(spark, q) == (["g", "[1, 2]", "[3]"], [("x", 5, 9), ("y", None, 7)])


def test_pivot_on_struct_values(spark: engine.SparkSession) -> None:
    q = f"SELECT * FROM (SELECT g, s, v FROM {_T}) PIVOT (sum(v) FOR s IN ((1, 'p'), (2, 'q')))"
    assert _answer(spark, q) == (["g", "{1, p}", "{2, q}"], [("x", 14, None), ("y", None, 7)])


def test_pivot_on_a_column_pair_holding_an_array(spark: engine.SparkSession) -> None:
    q = f"SELECT * FROM (SELECT g, a, v FROM {_T}) PIVOT (sum(v) FOR (g, a) IN (('x', array(3)) AS x3, ('y', array(3)) AS y3))"
    assert _answer(spark, q) == (["x3", "y3"], [(9, 7)])


def test_pivot_on_a_map_column_is_refused(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as e:
        spark.sql(f"SELECT * FROM (SELECT g, m, v FROM {_T}) PIVOT (sum(v) FOR m IN (map('k', 1)))")
    assert e.value.getCondition() == "INCOMPARABLE_PIVOT_COLUMN"
    assert "Invalid pivot column `m`. Pivot columns must be comparable." in str(e.value)
