"""first / last / any_value over decimals, arrays, structs and maps, grouped and global, as PySpark 4."""

from __future__ import annotations

from decimal import Decimal

import engine
from engine import functions as F
from engine.row import Row


def _df(spark: engine.SparkSession) -> engine.DataFrame:
    return spark.createDataFrame(
        [("a", Decimal("1.50"), [1], ("x",), {"k": 1}), ("a", None, None, None, None), ("b", None, None, None, None)],
        "k string, d decimal(10,2), a array<int>, s struct<f:string>, m map<string,int>",
    )


def test_grouped_first_and_last_with_and_without_nulls(spark: engine.SparkSession) -> None:
    df = _df(spark).coalesce(1)
    out = df.groupBy("k").agg(
        F.first("d"), F.last("d"), F.last("d", ignorenulls=True), F.first("a"), F.last("s", ignorenulls=True),
        F.first("m"), F.any_value("d"),
    ).orderBy("k")  # fmt: skip
    assert out.schema.simpleString() == (
        "struct<k:string,first(d):decimal(10,2),last(d):decimal(10,2),last(d):decimal(10,2),first(a):array<int>,"
        "last(s):struct<f:string>,first(m):map<string,int>,any_value(d):decimal(10,2)>"
    )
    assert [tuple(r) for r in out.collect()] == [
        ("a", Decimal("1.50"), None, Decimal("1.50"), [1], Row(f="x"), {"k": 1}, Decimal("1.50")),
        ("b", None, None, None, None, None, None, None),
    ]


def test_global_first_of_a_decimal_and_a_map(spark: engine.SparkSession) -> None:
    out = _df(spark).coalesce(1).select(F.first("d"), F.first("m"), F.last("a"))
    assert [tuple(r) for r in out.collect()] == [(Decimal("1.50"), {"k": 1}, None)]
