"""A lateral column alias in an aggregating SELECT reads the earlier item's value per group
(``SELECT cat, sum(qty) AS q, q * 2 AS q2 ... GROUP BY cat``). Expected values observed in PySpark 4.3."""

from __future__ import annotations

import engine


def _items(spark: engine.SparkSession) -> None:
    spark.createDataFrame(
        [("a", 1, 10.0), ("a", 2, 20.0), ("b", 3, 5.0), ("c", 1, 1.0)], "cat string, qty int, price double"
    ).createOrReplaceTempView("lca_items")


def test_an_alias_of_an_aggregate_is_read_by_a_later_item(spark: engine.SparkSession) -> None:
    _items(spark)
    df = spark.sql("SELECT cat, sum(qty) AS q, q * 2 AS q2 FROM lca_items GROUP BY cat")
    assert df.schema.simpleString() == "struct<cat:string,q:bigint,q2:bigint>"
    assert sorted(map(tuple, df.collect())) == [("a", 3, 6), ("b", 3, 6), ("c", 1, 2)]


def test_aliases_chain_and_an_input_column_of_the_same_name_wins(spark: engine.SparkSession) -> None:
    _items(spark)
    df = spark.sql(
        "SELECT cat, max(price) AS top, top / 2 AS half, half + 1 AS more, sum(qty) AS qty, qty AS raw "
        "FROM lca_items GROUP BY cat, qty"
    )
    rows = sorted(map(tuple, df.collect()))
    assert rows[:2] == [("a", 10.0, 5.0, 6.0, 1, 1), ("a", 20.0, 10.0, 11.0, 2, 2)]
