"""FROM items as Spark reads them: a parenthesised join is the whole join (both sides' columns),
``VALUES 1, 2 AS t(n)`` names its table and column, and HAVING reads a grouping column before
a select alias of the same name (expected rows from PySpark 4.3 runs)."""

from __future__ import annotations

import engine
from tests.sql.statements import rows

_L = "(VALUES (1, 'a'), (2, 'b'), (3, 'c') AS l(id, x))"
_R = "(VALUES (1, 10), (2, 20), (4, 40) AS r(rid, y))"
_S = "(VALUES (1, true), (3, false) AS s(sid, z))"


def _answer(spark: engine.SparkSession, query: str) -> tuple[list[str], list[tuple[object, ...]]]:
    df = spark.sql(query)
    return df.columns, sorted((tuple(r) for r in df.collect()), key=repr)


def test_a_parenthesised_join_keeps_both_sides_columns(spark: engine.SparkSession) -> None:
    assert _answer(spark, f"SELECT * FROM ({_L} JOIN {_R} ON id = rid)") == (
        ["id", "x", "rid", "y"],
        [(1, "a", 1, 10), (2, "b", 2, 20)],
    )


def test_a_parenthesised_join_joins_on(spark: engine.SparkSession) -> None:
    q = f"SELECT * FROM ({_L} LEFT JOIN {_R} ON id = rid) JOIN {_S} ON id = sid"
    assert _answer(spark, q) == (
        ["id", "x", "rid", "y", "sid", "z"],
        [(1, "a", 1, 10, 1, True), (3, "c", None, None, 3, False)],
    )


def test_an_aliased_parenthesised_join_is_read_through_its_alias(spark: engine.SparkSession) -> None:
    assert _answer(spark, f"SELECT j.* FROM ({_L} JOIN {_R} ON id = rid) AS j") == (
        ["id", "x", "rid", "y"],
        [(1, "a", 1, 10), (2, "b", 2, 20)],
    )


def test_nested_parenthesised_joins_of_views(spark: engine.SparkSession) -> None:
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW pj_a(a, va) AS VALUES ('one', 1), ('two', 2)")
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW pj_b(b, vb) AS VALUES ('one', 10), ('two', 20)")
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW pj_c(c, vc) AS VALUES ('x', 100)")
    try:
        q = "SELECT * FROM ((pj_a JOIN pj_b ON a = b) CROSS JOIN pj_c) JOIN pj_a AS d ON pj_a.a = d.a"
        assert _answer(spark, q) == (
            ["a", "va", "b", "vb", "c", "vc", "a", "va"],
            [("one", 1, "one", 10, "x", 100, "one", 1), ("two", 2, "two", 20, "x", 100, "two", 2)],
        )
    finally:
        for v in ("pj_a", "pj_b", "pj_c"):
            spark.catalog.dropTempView(v)


def test_values_without_parentheses_take_the_table_alias(spark: engine.SparkSession) -> None:
    assert _answer(spark, "SELECT * FROM VALUES 1, 2, 3 AS t(n)") == (["n"], [(1,), (2,), (3,)])
    assert _answer(spark, "SELECT t.col1 FROM VALUES 'a', 'b' AS t") == (["col1"], [("a",), ("b",)])


def test_having_reads_a_grouping_column_before_a_select_alias(spark: engine.SparkSession) -> None:
    t = "VALUES (1, 10), (2, 20), (3, 20) AS t(a, b)"
    assert rows(spark, f"SELECT sum(a) AS b FROM {t} GROUP BY b HAVING b > 10") == [(5,)]
    assert rows(spark, f"SELECT sum(a) AS b FROM {t} GROUP BY t.b HAVING b > 10") == [(5,)]
    assert rows(spark, f"SELECT sum(a) AS b FROM {t} GROUP BY ROLLUP(b) HAVING b > 10") == [(5,)]
    # not grouped by b: HAVING's b is the alias, sum(a)
    assert sorted(rows(spark, f"SELECT sum(a) AS b FROM {t} GROUP BY a HAVING b > 1")) == [(2,), (3,)]


def test_a_view_of_bare_values_takes_the_alias_without_as(spark: engine.SparkSession) -> None:
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW bv_p AS VALUES 1 T(col)")
    try:
        assert _answer(spark, "SELECT bv_p.col FROM bv_p") == (["col"], [(1,)])
    finally:
        spark.catalog.dropTempView("bv_p")
