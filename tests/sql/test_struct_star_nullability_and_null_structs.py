"""``s.*`` over a struct keeps each field's not-null flag unless the struct itself may be null
(Spark's GetStructField), and a struct with a not-null field can be null in CASE/IF/coalesce
(Arrow refused to re-type such a column to its own type). Answers observed in PySpark 4 runs."""

from __future__ import annotations

import engine


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
