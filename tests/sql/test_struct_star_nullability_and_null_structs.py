"""``s.*`` over a struct keeps each field's not-null flag unless the struct itself may be null
(Spark's GetStructField), and a struct with a not-null field can be null in CASE/IF/coalesce
(Arrow refused to re-type such a column to its own type). Answers observed in PySpark 4 runs."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def _nullability(spark: engine.SparkSession, query: str) -> list[tuple[str, bool]]:
    return [(f.name, f.nullable) for f in spark.sql(query).schema.fields]


def test_star_of_a_not_null_struct_keeps_field_flags(spark: engine.SparkSession) -> None:
    q = "SELECT s.* FROM (SELECT struct(1 AS a, CAST(NULL AS INT) AS b, 'x' AS c) s)"
    assert _nullability(spark, q) == [("a", False), ("b", True), ("c", False)]
    q = "SELECT s.* FROM (SELECT named_struct('x', 1, 'y', id) s FROM VALUES (1), (NULL) AS t(id))"
    assert _nullability(spark, q) == [("x", False), ("y", True)]


def test_star_of_a_nullable_struct_makes_every_field_nullable(spark: engine.SparkSession) -> None:
    q = "SELECT s.* FROM (SELECT IF(id = 1, struct(1 AS a), NULL) s FROM VALUES (1), (2) AS t(id)) ORDER BY a"
    assert _nullability(spark, q) == [("a", True)]
    assert [tuple(r) for r in spark.sql(q).collect()] == [(None,), (1,)]


def test_null_structs_with_not_null_fields(spark: engine.SparkSession) -> None:
    q = (
        "SELECT id, IF(id = 1, struct(1 AS a), NULL), CASE WHEN id = 1 THEN named_struct('a', 1, 'b', 'x') END, "
        "coalesce(IF(id = 1, struct(1 AS a), NULL), NULL), nvl(IF(id = 1, struct(1 AS a), NULL), struct(2 AS a)) "
        "FROM VALUES (1), (2) AS t(id) ORDER BY id"
    )
    rows = [(r[0], *(None if v is None else tuple(v) for v in r[1:])) for r in spark.sql(q).collect()]
    assert rows == [(1, (1,), (1, "x"), (1,), (1,)), (2, None, None, None, (2,))]


def test_star_of_a_nested_struct_and_of_a_table_path(spark: engine.SparkSession) -> None:
    q = "SELECT s.a.* FROM (SELECT struct(struct(1 AS p, CAST(NULL AS INT) AS q) AS a) s)"
    assert _nullability(spark, q) == [("p", False), ("q", True)]
    assert [tuple(r) for r in spark.sql(q).collect()] == [(1, None)]
    spark.sql("CREATE OR REPLACE TEMP VIEW star_path_v AS SELECT 1 AS a, 'x' AS b")
    assert spark.sql("SELECT star_path_v.* FROM star_path_v").columns == ["a", "b"]


def test_star_of_nothing_is_cannot_resolve_star_expand(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT x.y.* FROM VALUES (1) AS t(a)").collect()
    assert info.value.getCondition() == "CANNOT_RESOLVE_STAR_EXPAND"
    assert "Cannot resolve `x`.`y`.* given input columns `a`." in str(info.value)
