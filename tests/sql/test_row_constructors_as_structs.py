"""``(a, b)`` row constructors as values, as PySpark 4 answers them (values observed in PySpark
runs): a struct named ``named_struct(a, a, col2, 1)``; structs compare field by field whatever
their fields are named; ``(a, b) [NOT] IN (SELECT x, y ...)`` works as a value, named as Spark's
InSubquery names it (columns by name, literals by their text, other expressions ``_<i>``)."""

from __future__ import annotations

import engine


def _rows(df: engine.DataFrame) -> list[tuple]:
    return [tuple(r) for r in df.collect()]


def _views(spark: engine.SparkSession) -> None:
    spark.sql("CREATE OR REPLACE TEMP VIEW rc_t AS SELECT * FROM VALUES (1, 'a'), (2, NULL), (NULL, 'c') AS rc_t(a, s)")
    spark.sql("CREATE OR REPLACE TEMP VIEW rc_u AS SELECT * FROM VALUES (1, 10), (2, 20), (NULL, 30) AS rc_u(a, b)")


def test_row_constructor_is_a_struct(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT (1, 2) AS p")
    assert df.schema.simpleString() == "struct<p:struct<col1:int,col2:int>>"
    assert not df.schema.fields[0].nullable
    assert _rows(df)[0][0].asDict() == {"col1": 1, "col2": 2}
    assert spark.sql("SELECT (1, 2)").columns == ["named_struct(col1, 1, col2, 2)"]


def test_structs_compare_whatever_their_field_names(spark: engine.SparkSession) -> None:
    _views(spark)
    df = spark.sql("SELECT a, (a, s) = (1, 'a') FROM rc_t")
    assert df.columns == ["a", "(named_struct(a, a, s, s) = named_struct(col1, 1, col2, a))"]
    assert [f.nullable for f in df.schema.fields] == [True, False]
    assert _rows(df) == [(1, True), (2, False), (None, False)]
    assert _rows(spark.sql("SELECT named_struct('a', 1, 'b', 2) = named_struct('b', 2, 'a', 1)")) == [(False,)]
    assert _rows(spark.sql("SELECT named_struct('a', 1) < named_struct('b', 2)")) == [(True,)]
    df = spark.sql("SELECT a, (a, s) IN ((1, 'a'), (2, 'b')) FROM rc_t")
    assert _rows(df) == [(1, True), (2, False), (None, False)]
    assert _rows(spark.sql("SELECT (DATE'2024-01-01', 1) = (DATE'2024-01-01', 1)")) == [(True,)]


def test_tuple_in_subquery_as_a_value(spark: engine.SparkSession) -> None:
    _views(spark)
    df = spark.sql("SELECT a, (a + 1, s) IN (SELECT a, 'a' FROM rc_u) FROM rc_t ORDER BY a")
    assert df.columns == ["a", "(named_struct('_0', (a + 1), 's', s) IN (listquery()))"]
    assert [f.nullable for f in df.schema.fields] == [True, True]
    assert _rows(df) == [(None, False), (1, True), (2, False)]
    df = spark.sql("SELECT a, (a, 1) IN (SELECT a, 1 FROM rc_u) FROM rc_t ORDER BY a")
    assert df.columns == ["a", "(named_struct('a', a, '1', 1) IN (listquery()))"]
    assert _rows(df) == [(None, False), (1, True), (2, True)]
    df = spark.sql("SELECT a, (a, 'x') NOT IN (SELECT a, 'x' FROM rc_u WHERE rc_u.b = rc_t.a * 10) FROM rc_t ORDER BY a")
    assert df.columns == ["a", "(NOT (named_struct('a', a, 'x', x) IN (listquery(a))))"]
    assert _rows(df) == [(None, True), (1, False), (2, False)]
