"""``(a, b) NOT IN (subquery)`` as a value answers as PySpark 4 does (values observed in PySpark
runs): null-aware column by column, so a row of the subquery where every comparison is true or
null makes it false (``(1, NULL)`` meets ``(1, 1)``, ``(2, 2)`` meets ``(2, NULL)``), and it is
never null; the column is nullable when a tested value or a subquery column is."""

from __future__ import annotations

import engine


def _views(spark: engine.SparkSession) -> None:
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW tn_a AS SELECT * FROM VALUES (1, 1), (1, NULL), (NULL, 1), (NULL, NULL), (2, 2), "
        "(3, 3) AS t(p, q)"
    )
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW tn_b AS SELECT * FROM VALUES (1, 1), (2, NULL), (NULL, 5) AS t(x, y)"
    )
    spark.sql("CREATE OR REPLACE TEMP VIEW tn_c AS SELECT * FROM VALUES (1, 1), (4, 4) AS t(x, y)")


def _answers(spark: engine.SparkSession, query: str) -> list[bool]:
    return [r[-1] for r in spark.sql(query).collect()]


def test_tuple_not_in_is_null_aware_per_column(spark: engine.SparkSession) -> None:
    _views(spark)
    q = "SELECT p, q, (p, q) NOT IN (SELECT x, y FROM {}) r FROM tn_a ORDER BY p, q"
    assert _answers(spark, q.format("tn_b")) == [False, False, False, False, False, True]
    assert _answers(spark, q.format("tn_c")) == [False, False, False, False, True, True]
    assert _answers(spark, q.format("tn_c WHERE x > 10")) == [True] * 6
    q = "SELECT p, q, (p + 1, q) NOT IN (SELECT x, y FROM tn_b) r FROM tn_a ORDER BY p, q"
    assert _answers(spark, q) == [False, False, False, False, True, True]


def test_correlated_tuple_not_in(spark: engine.SparkSession) -> None:
    _views(spark)
    q = "SELECT p, q, (p, q) NOT IN (SELECT x, y FROM tn_b WHERE tn_b.x = tn_a.p) r FROM tn_a ORDER BY p, q"
    assert _answers(spark, q) == [True, True, False, False, False, True]


def test_tuple_in_nullability(spark: engine.SparkSession) -> None:
    _views(spark)
    for op in ("IN", "NOT IN"):
        df = spark.sql(f"SELECT (p, q) {op} (SELECT x, y FROM tn_c) r FROM tn_a")
        assert df.schema.fields[0].nullable
        df = spark.sql(f"SELECT (x, y) {op} (SELECT x, y FROM tn_c) r FROM tn_c")
        assert not df.schema.fields[0].nullable
