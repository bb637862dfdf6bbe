"""Types of describe/summary/stat outputs as PySpark 4 gives them: a decimal column's summary
percentiles are doubles (``1.5``) beside its decimal min (``1.50``); crosstab counts are non-null."""

from __future__ import annotations

from decimal import Decimal

import engine


def test_decimal_percentiles_are_doubles(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame(
        [(Decimal("1.50"), 1), (Decimal("2.25"), 4), (Decimal("7.00"), 9)], "d decimal(10,2), i int"
    )
    rows = {r["summary"]: (r["d"], r["i"]) for r in df.summary().collect()}
    assert rows["min"] == ("1.50", "1")
    assert rows["25%"] == ("1.5", "1")
    assert rows["50%"] == ("2.25", "4")
    assert rows["75%"] == ("7.0", "9")
    assert rows["max"] == ("7.00", "9")
    assert rows["mean"] == ("3.583333", "4.666666666666667")


def test_crosstab_counts_are_not_nullable(spark: engine.SparkSession) -> None:
    df = spark.createDataFrame([(1, "a"), (2, "b"), (1, "c")], "x int, s string")
    out = df.stat.crosstab("x", "s")
    assert [(f.name, f.dataType.simpleString(), f.nullable) for f in out.schema.fields] == [
        ("x_s", "string", True), ("a", "bigint", False), ("b", "bigint", False), ("c", "bigint", False),
    ]  # fmt: skip
    assert sorted(tuple(r) for r in out.collect()) == [("1", 1, 0, 1), ("2", 0, 1, 0)]
