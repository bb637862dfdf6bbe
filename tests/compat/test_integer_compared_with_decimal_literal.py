"""``i > 1.5`` for an integral i is ``i > 1`` in Spark 4: the decimal literal becomes the whole
number bounding the same integers, and the column is named so; equality and casts keep their
decimal (names and answers from PySpark 4 runs)."""

from __future__ import annotations

import engine

_V = "VALUES (1, 2L, CAST(1 AS TINYINT)) AS v(i, l, b)"


def test_names_of_rewritten_comparisons(spark: engine.SparkSession) -> None:
    q = (
        "SELECT i > 1.5, i >= 1.5, i < 1.5, i <= 1.5, i > 1.0, 1.5 < i, i > -1.5, l > 1.5, i = 1.5,"
        " i <=> 1.5, i > 1.5D, i > CAST(1.5 AS DECIMAL(5,2)), i > 12345678901.5, b > 1.5, 2.5 > 1,"
        f" 1.5 >= b FROM {_V}"
    )
    df = spark.sql(q)
    assert df.columns == [
        "(i > 1)", "(i >= 2)", "(i < 2)", "(i <= 1)", "(i > 1)", "(1 < i)", "(i > -2)", "(l > 1)", "(i = 1.5)",
        "(i <=> 1.5)", "(i > 1.5)", "(i > CAST(1.5 AS DECIMAL(5,2)))", "(i > 12345678901)", "(b > 1)", "(3 > 1)",
        "(1 >= b)",
    ]  # fmt: skip
    assert [f.nullable for f in df.schema.fields] == [False] * 16
    assert tuple(df.collect()[0]) == (
        False, False, True, True, False, False, True, True, False, False, False, False, False, False, True, True,
    )  # fmt: skip


def test_filter_answers_are_unchanged(spark: engine.SparkSession) -> None:
    q = "SELECT i FROM VALUES (1), (2), (3) AS t(i) WHERE i > 1.5 AND i <= 2.99 AND -0.5 < i"
    assert [r.i for r in spark.sql(q).collect()] == [2]
