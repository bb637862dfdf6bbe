"""The key of a FULL OUTER JOIN ... USING is ``coalesce(left.k, right.k)``, which Spark types
nullable even where both sides' keys are not null (each side is null where it found no match)."""

from __future__ import annotations

import engine


def test_full_join_using_key_is_nullable(spark: engine.SparkSession) -> None:
    left = "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS l(id, x)"
    right = "SELECT * FROM VALUES (2, 'c'), (3, 'd') AS r(id, y)"
    df = spark.sql(f"SELECT * FROM ({left}) FULL OUTER JOIN ({right}) USING (id) ORDER BY id")
    assert [(f.name, f.nullable) for f in df.schema.fields] == [("id", True), ("x", True), ("y", True)]
    assert [tuple(r) for r in df.collect()] == [(1, "a", None), (2, "b", "c"), (3, None, "d")]
    inner = spark.sql(f"SELECT * FROM ({left}) JOIN ({right}) USING (id)")
    assert [(f.name, f.nullable) for f in inner.schema.fields] == [("id", False), ("x", False), ("y", False)]
