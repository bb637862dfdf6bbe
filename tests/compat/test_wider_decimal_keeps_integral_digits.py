"""Two decimals widen (UNION, CASE, coalesce, greatest, array, comparisons) past 38 digits by
keeping every integral digit and dropping fractional ones, as Spark 4 does: decimal(30,5) with
decimal(20,15) is decimal(38,13) (types and values from PySpark 4 runs)."""

from __future__ import annotations

import decimal

import engine

D305, D2015 = "CAST(1 AS DECIMAL(30,5))", "CAST(1 AS DECIMAL(20,15))"


def _types(spark: engine.SparkSession, query: str) -> list[tuple[str, bool]]:
    return [(f.dataType.simpleString(), f.nullable) for f in spark.sql(query).schema.fields]


def test_union_widens_keeping_integral_digits(spark: engine.SparkSession) -> None:
    assert _types(spark, f"SELECT {D305} AS a UNION ALL SELECT {D2015}") == [("decimal(38,13)", True)]
    q = "SELECT CAST(1 AS DECIMAL(38,0)) AS a UNION ALL SELECT CAST(1 AS DECIMAL(38,10))"
    assert _types(spark, q) == [("decimal(38,0)", False)]
    assert [r.a for r in spark.sql(q).collect()] == [decimal.Decimal("1")] * 2
    q = "SELECT CAST(1 AS DECIMAL(36,2)) AS a UNION ALL SELECT CAST(1 AS DECIMAL(10,8))"
    assert _types(spark, q) == [("decimal(38,4)", True)]
    assert _types(spark, "SELECT 1L AS a UNION ALL SELECT CAST(1 AS DECIMAL(38,10))") == [
        ("decimal(38,10)", False)
    ]


def test_expressions_widen_keeping_integral_digits(spark: engine.SparkSession) -> None:
    q = (
        f"SELECT coalesce({D305}, {D2015}), greatest({D305}, {D2015}), array({D305}, {D2015}),"
        " CAST(1 AS DECIMAL(38,0)) = CAST(1 AS DECIMAL(38,10))"
    )
    assert _types(spark, q) == [
        ("decimal(38,13)", False),
        ("decimal(38,13)", False),
        ("array<decimal(38,13)>", False),
        ("boolean", False),
    ]
    assert spark.sql(q).collect()[0][0] == decimal.Decimal("1.0000000000000")
