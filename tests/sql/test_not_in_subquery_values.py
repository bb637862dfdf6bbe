"""``x [NOT] IN (subquery)`` as a value (select list, OR-ed filters) answers as PySpark 4 does
(values observed in PySpark runs): Spark's ExistenceJoin never gives null; NOT IN is
null-aware, so a null value or a null in the subquery makes it false, an empty subquery true.
The column is nullable when the value or the subquery's column is."""

from __future__ import annotations

import engine


def _views(spark: engine.SparkSession) -> None:
    spark.sql("CREATE OR REPLACE TEMP VIEW ni1 AS SELECT * FROM VALUES (1), (2), (NULL), (3) AS ni1(x)")
    spark.sql("CREATE OR REPLACE TEMP VIEW ni2 AS SELECT * FROM VALUES (1), (NULL), (2), (2) AS ni2(x)")


def _rows(spark: engine.SparkSession, query: str) -> list[tuple]:
    return [tuple(r) for r in spark.sql(query).collect()]


def test_not_in_is_null_aware_and_never_null(spark: engine.SparkSession) -> None:
    _views(spark)
    q = "SELECT x, x NOT IN (SELECT x FROM ni2) AS r FROM ni1 ORDER BY x"
    assert _rows(spark, q) == [(None, False), (1, False), (2, False), (3, False)]
    q = "SELECT x, x NOT IN (SELECT x FROM ni2 WHERE x IS NOT NULL) FROM ni1 ORDER BY x"
    df = spark.sql(q)
    assert df.columns == ["x", "(NOT (x IN (listquery())))"]
    assert [f.nullable for f in df.schema.fields] == [True, True]
    assert _rows(spark, q) == [(None, False), (1, False), (2, False), (3, True)]
    q = "SELECT x, x NOT IN (SELECT x FROM ni2 WHERE x > 100) AS r FROM ni1 ORDER BY x"
    assert _rows(spark, q) == [(None, True), (1, True), (2, True), (3, True)]
    q = "SELECT x, x IN (SELECT x FROM ni2) AS r FROM ni1 ORDER BY x"
    assert _rows(spark, q) == [(None, False), (1, True), (2, True), (3, False)]


def test_not_in_inside_an_or_filter(spark: engine.SparkSession) -> None:
    _views(spark)
    assert _rows(spark, "SELECT x FROM ni1 WHERE x > 2 OR x NOT IN (SELECT x FROM ni2) ORDER BY x") == [(3,)]


def test_correlated_not_in_value(spark: engine.SparkSession) -> None:
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW nc AS SELECT * FROM VALUES (1, 'a'), (1, 'b'), (2, 'a'), (2, NULL), (3, 'c')"
        " AS nc(k, s)"
    )
    q = "SELECT k, k NOT IN (SELECT t2.k FROM nc t2 WHERE t2.s = t1.s) AS r FROM nc t1 ORDER BY k, r"
    df = spark.sql(q)
    assert [f.nullable for f in df.schema.fields] == [False, False]
    assert _rows(spark, q) == [(1, False), (1, False), (2, False), (2, True), (3, False)]
