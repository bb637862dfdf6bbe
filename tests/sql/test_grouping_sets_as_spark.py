"""ROLLUP/CUBE/GROUPING SETS as Spark expands them: a set listed twice gives its groups twice,
a parenthesised list is one ROLLUP/CUBE element, and ``GROUPING SETS (())`` alone is a grand
total with a row even over no input (expected rows from PySpark 4.3 runs)."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException, ParseException
from tests.sql.statements import rows

_T = "VALUES ('x', 1, 10), ('x', 2, 20), ('y', 1, 5) AS t(g, k, v)"


def test_a_grouping_set_listed_twice_gives_its_groups_twice(spark: engine.SparkSession) -> None:
    # g, CUBE(g, k) is the sets (g, k), (g), (g, k), (g): each group twice, each summed once
    q = f"SELECT g, k, sum(v) FROM {_T} GROUP BY g, CUBE(g, k) ORDER BY g, k"
    assert rows(spark, q) == [
        ("x", None, 30), ("x", None, 30), ("x", 1, 10), ("x", 1, 10), ("x", 2, 20), ("x", 2, 20),
        ("y", None, 5), ("y", None, 5), ("y", 1, 5), ("y", 1, 5),
    ]  # fmt: skip


def test_grouping_sets_in_another_order_are_the_same_set(spark: engine.SparkSession) -> None:
    q = f"SELECT g, k, count(*) FROM {_T} GROUP BY GROUPING SETS ((g, k), (k, g), g) ORDER BY g, k"
    assert rows(spark, q) == [
        ("x", None, 2), ("x", 1, 1), ("x", 1, 1), ("x", 2, 1), ("x", 2, 1), ("y", None, 1), ("y", 1, 1), ("y", 1, 1),
    ]  # fmt: skip


def test_a_parenthesised_list_is_one_rollup_element(spark: engine.SparkSession) -> None:
    q = f"SELECT g, k, sum(v), grouping_id() FROM {_T} GROUP BY ROLLUP(g, k, (g, k)) ORDER BY g, k"
    assert rows(spark, q) == [
        (None, None, 35, 3), ("x", None, 30, 1), ("x", 1, 10, 0), ("x", 1, 10, 0), ("x", 2, 20, 0),
        ("x", 2, 20, 0), ("y", None, 5, 1), ("y", 1, 5, 0), ("y", 1, 5, 0),
    ]  # fmt: skip


def test_a_parenthesised_list_is_one_cube_element(spark: engine.SparkSession) -> None:
    q = f"SELECT g, k, sum(v) FROM {_T} GROUP BY CUBE(g, (g, k)) ORDER BY g, k"
    assert rows(spark, q) == [
        (None, None, 35), ("x", None, 30), ("x", 1, 10), ("x", 1, 10), ("x", 2, 20), ("x", 2, 20),
        ("y", None, 5), ("y", 1, 5), ("y", 1, 5),
    ]  # fmt: skip


def test_an_empty_rollup_element_is_a_syntax_error(spark: engine.SparkSession) -> None:
    with pytest.raises(ParseException) as e:
        spark.sql(f"SELECT g, sum(v) FROM {_T} GROUP BY ROLLUP(g, ())")
    assert e.value.getCondition() == "_LEGACY_ERROR_TEMP_0051"
    assert "Empty set in ROLLUP grouping sets is not supported." in str(e.value)


def test_the_empty_grouping_set_alone_is_a_grand_total_even_over_no_rows(spark: engine.SparkSession) -> None:
    q = f"SELECT count(*) AS c, sum(v) AS s, grouping_id() AS gid FROM {_T} WHERE v > 100 GROUP BY GROUPING SETS (())"
    df = spark.sql(q)
    assert df.schema.simpleString() == "struct<c:bigint,s:bigint,gid:bigint>"
    assert [tuple(r) for r in df.collect()] == [(0, None, 0)]


def test_grouping_keys_with_only_the_empty_set_give_no_rows_over_no_rows(spark: engine.SparkSession) -> None:
    assert rows(spark, f"SELECT g, count(*) AS c FROM {_T} WHERE v > 100 GROUP BY g GROUPING SETS (())") == []
    assert rows(spark, f"SELECT g, count(*) AS c FROM {_T} WHERE v > 100 GROUP BY ROLLUP(g)") == []


def test_grouping_of_a_column_outside_the_grand_total_is_a_mismatch(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as e:
        spark.sql(f"SELECT grouping(g) FROM {_T} GROUP BY GROUPING SETS (())").collect()
    assert e.value.getCondition() == "GROUPING_COLUMN_MISMATCH"


def test_not_of_a_grouped_is_null_reads_the_grouping_key(spark: engine.SparkSession) -> None:
    df = spark.sql(f"SELECT NOT (g IS NULL), count(*) FROM {_T} GROUP BY g IS NULL")
    assert df.columns == ["(NOT (g IS NULL))", "count(1)"]
    assert [tuple(r) for r in df.collect()] == [(True, 3)]
    assert spark.sql(f"SELECT g IS NOT NULL FROM {_T}").columns == ["(g IS NOT NULL)"]


def test_commutative_grouping_expressions_are_one_expression(spark: engine.SparkSession) -> None:
    # Spark compares grouping expressions canonically: (a + b) and (b + a) are one set, listed twice
    t = "VALUES (1, 1, 1), (2, 2, 2), (3, 1, 5) AS t(a, b, c)"
    q = f"SELECT a + b, b, sum(c) FROM {t} GROUP BY GROUPING SETS ((a + b), (b + a), (b))"
    assert sorted(rows(spark, q), key=repr) == sorted(
        [(4, None, 7), (4, None, 7), (None, 2, 2), (2, None, 1), (2, None, 1), (None, 1, 6)], key=repr
    )
    u = "VALUES (1, 2), (2, 1), (3, 3) AS t(a, b)"
    df = spark.sql(f"SELECT b * a + 1, count(*) FROM {u} GROUP BY a * b + 1")
    assert df.columns == ["((b * a) + 1)", "count(1)"]
    assert sorted(tuple(r) for r in df.collect()) == [(3, 2), (10, 1)]


def test_a_non_commutative_grouping_expression_keeps_its_order(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as e:
        spark.sql("SELECT a - b, count(*) FROM VALUES (1, 2), (2, 1) AS t(a, b) GROUP BY b - a")
    assert e.value.getCondition() == "MISSING_AGGREGATION"


def test_a_column_outside_the_grand_total_is_missing_group_by(spark: engine.SparkSession) -> None:
    # PySpark 4.3: GROUP BY GROUPING SETS (()) alone is a global aggregate, so MISSING_GROUP_BY
    with pytest.raises(AnalysisException) as e:
        spark.sql(f"SELECT g FROM {_T} GROUP BY GROUPING SETS (())")
    assert e.value.getCondition() == "MISSING_GROUP_BY"


def test_with_rollup_of_nothing_is_a_syntax_error(spark: engine.SparkSession) -> None:
    with pytest.raises(ParseException) as e:
        spark.sql(f"SELECT g, count(v) FROM {_T} GROUP BY WITH ROLLUP")
    assert e.value.getCondition() == "PARSE_SYNTAX_ERROR"
