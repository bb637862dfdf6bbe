"""A table-valued function over outer columns (``spark.tvf.explode(col("items").outer())``)
can be selected from before the lateral join that resolves it, as Spark analyses such frames
lazily; used on its own it fails as Spark's does, naming the outer column.

Expected rows, columns and errors were printed by PySpark 4.3 for the same frames.
"""

from __future__ import annotations

import pytest

from engine import Row
from engine import functions as F
from engine.errors import AnalysisException


@pytest.fixture
def orders(spark):
    return spark.createDataFrame([
        Row(order_id=101, items=[Row(product="laptop", quantity=5), Row(product="mouse", quantity=12)]),
        Row(order_id=103, items=[Row(product="tablet", quantity=8)]),
        Row(order_id=104, items=[]),
    ])  # fmt: skip


def rows(df, *cols):
    return sorted((tuple(r) for r in df.select(*cols).collect()), key=str)


def test_a_star_over_the_exploded_struct_gives_its_fields(spark, orders):
    out = orders.lateralJoin(spark.tvf.explode(F.col("items").outer()).select("col.*"))
    assert out.columns == ["order_id", "items", "product", "quantity"]
    assert rows(out, "order_id", "product", "quantity") == [(101, "laptop", 5), (101, "mouse", 12), (103, "tablet", 8)]


def test_selects_stack_and_explode_outer_keeps_the_empty_order(spark, orders):
    tvf = spark.tvf.explode_outer(F.col("items").outer())
    out = orders.lateralJoin(tvf.select("col.quantity").select((F.col("quantity") * 2).alias("q2")))
    assert out.columns == ["order_id", "items", "q2"]
    assert rows(out, "order_id", "q2") == [(101, 10), (101, 24), (103, 16), (104, None)]


def test_an_aliased_field_under_a_left_lateral_join(spark, orders):
    out = orders.lateralJoin(spark.tvf.explode(F.col("items").outer()).select(F.col("col.product").alias("p")), how="left")
    assert out.columns == ["order_id", "items", "p"]
    assert rows(out, "order_id", "p") == [(101, "laptop"), (101, "mouse"), (103, "tablet")]


def test_outside_a_lateral_join_the_outer_column_cannot_be_resolved(spark):
    tvf = spark.tvf.explode(F.col("items").outer())
    for attempt in (tvf.show, lambda: tvf.select("col.*").columns):
        with pytest.raises(AnalysisException) as e:
            attempt()
        assert e.value.getCondition() == "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION"
        assert "with name `items` cannot be resolved." in str(e.value)
