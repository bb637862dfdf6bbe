"""A select item, HAVING or ORDER BY expression over a GROUP BY matches a grouping expression
by the columns it reads, not by how they are spelled: ``lower(t.c)`` is the grouping key
``lower(c)``, as Spark compares resolved attributes. A bare column two joined tables both hold
stays ambiguous, and a column of the other side of a self-join is not grouped. SELECT DISTINCT
of one column twice keeps both. (Expected rows and errors from PySpark 4.3 runs.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from tests.sql.statements import condition, rows


@pytest.fixture
def g(spark: engine.SparkSession) -> Iterator[engine.SparkSession]:
    spark.sql(
        "CREATE OR REPLACE TEMP VIEW g (a, b, c) AS VALUES (0, 1, 'XX'), (1, 2, 'ab'), (2, 2, 'AB'), (3, 3, 'b'), (4, 3, 'B')"
    )
    spark.sql("CREATE OR REPLACE TEMP VIEW d (two, four) AS VALUES (1, 2), (1, 3), (2, 2), (1, 2)")
    yield spark
    spark.catalog.dropTempView("g")
    spark.catalog.dropTempView("d")


def test_a_qualified_grouping_key_matches_a_bare_select_item(g: engine.SparkSession) -> None:
    df = g.sql("SELECT a % 2, count(b) FROM g GROUP BY g.a % 2 ORDER BY g.a % 2")
    assert df.columns == ["(a % 2)", "count(b)"]
    assert [tuple(r) for r in df.collect()] == [(0, 3), (1, 2)]
    assert rows(g, "SELECT g.a % 2 AS m, count(b) FROM g GROUP BY a % 2 ORDER BY m") == [(0, 3), (1, 2)]


def test_a_qualified_select_item_is_named_as_spark_names_it(g: engine.SparkSession) -> None:
    df = g.sql("SELECT lower(g.c), count(c) FROM g GROUP BY lower(c) ORDER BY lower(c)")
    assert df.schema.simpleString() == "struct<lower(c):string,count(c):bigint>"
    assert [tuple(r) for r in df.collect()] == [("ab", 2), ("b", 2), ("xx", 1)]


def test_order_by_a_grouping_key_spelled_otherwise(g: engine.SparkSession) -> None:
    assert rows(g, "SELECT count(c) FROM g GROUP BY lower(g.c) ORDER BY lower(c)") == [(2,), (2,), (1,)]


def test_self_join_columns_keep_their_side(g: engine.SparkSession) -> None:
    q = "SELECT x.b + 1, count(*) FROM g x JOIN g y ON x.a = y.b GROUP BY x.b + 1 ORDER BY 1"
    assert rows(g, q) == [(3, 3), (4, 2)]
    q = "SELECT y.b + 1, count(*) FROM g x JOIN g y ON x.a = y.b GROUP BY x.b + 1"
    assert condition(g, q) == "MISSING_AGGREGATION"
    q = "SELECT count(b) FROM g x, g y WHERE x.a = y.a GROUP BY x.b / 2"
    assert condition(g, q) == "AMBIGUOUS_REFERENCE"


def test_select_distinct_of_one_column_twice(g: engine.SparkSession) -> None:
    df = g.sql("SELECT DISTINCT two, four, two FROM d ORDER BY 1, 2")
    assert df.columns == ["two", "four", "two"]
    assert [tuple(r) for r in df.collect()] == [(1, 2, 1), (1, 3, 1), (2, 2, 2)]
    assert rows(g, "SELECT count(*) FROM (SELECT DISTINCT two, four, two FROM d) s") == [(3,)]
    assert rows(g, "SELECT DISTINCT two, two AS t2 FROM d ORDER BY 1") == [(1, 1), (2, 2)]
