"""Dicts cross into PySpark's JVM as java.util.HashMaps: the orders PySpark 4 gives back (observed)."""

from __future__ import annotations

import engine
from engine import functions as F


def test_agg_with_a_dict_orders_columns_as_a_java_hashmap(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, 2.0, "x", 3)], ["amount", "price", "name", "qty"])
    assert df.groupBy("name").agg({"amount": "sum", "price": "max", "qty": "avg"}).columns == [
        "name",
        "sum(amount)",
        "max(price)",
        "avg(qty)",
    ]
    assert df.agg({"price": "min", "amount": "max"}).columns == ["max(amount)", "min(price)"]
    assert df.agg({"qty": "sum", "price": "min", "amount": "max", "name": "count"}).columns == [
        "max(amount)",
        "min(price)",
        "sum(qty)",
        "count(name)",
    ]


def test_map_column_from_dicts(spark: engine.SparkSession) -> None:
    cases = {
        (9, 1): [1, 9],
        (1, 17): [17, 1],
        (33, 1, 17): [17, 1, 33],
        (12, 1, 13, 2, 14, 3): [1, 2, 3, 12, 13, 14],
    }
    for keys, stored in cases.items():
        df = spark.createDataFrame([({k: 0 for k in keys},)], "m map<int,int>")
        assert df.select(F.map_keys("m")).first()[0] == stored
    for keys, stored in {("i", "a", "q"): ["q", "a", "i"], ("q", "i", "a"): ["a", "q", "i"]}.items():
        df = spark.createDataFrame([({k: 0 for k in keys},)], "m map<string,int>")
        assert df.select(F.map_keys("m")).first()[0] == stored
    df = spark.createDataFrame([({"b": 2, "a": 1},)], "m map<string,int>")
    assert list(df.first().m.items()) == [("a", 1), ("b", 2)]


def test_collected_maps_come_back_in_hashmap_order(spark: engine.SparkSession) -> None:
    keys = ["e", "é", "zeta", "alpha", "mid", "Beta"]
    df = spark.range(1).select(F.create_map(*[x for k in keys for x in (F.lit(k), F.lit(1))]).alias("m"))
    assert list(df.first().m) == ["zeta", "é", "mid", "e", "alpha", "Beta"]
    assert df.select(F.map_keys("m")).first()[0] == keys  # the stored order is the built order
    back = spark.range(1).select(F.create_map(*[x for k in reversed(keys) for x in (F.lit(k), F.lit(1))]).alias("m"))
    assert list(back.first().m) == ["zeta", "mid", "é", "e", "Beta", "alpha"]
    ints = spark.createDataFrame([({10: 1, 3: 2, 100: 3, -5: 4, 2**40: 5},)], "m map<bigint,int>")
    assert list(ints.first().m) == [2**40, 10, 3, -5, 100]
