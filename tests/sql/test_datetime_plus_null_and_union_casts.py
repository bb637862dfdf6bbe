"""An untyped NULL beside a date or timestamp, and set operations that cast a side, typed and
named as Spark 4 types them (observed on PySpark 4)."""

from __future__ import annotations

import engine


def _fields(df: engine.DataFrame) -> list[tuple[str, str, bool]]:
    return [(f.name, f.dataType.simpleString(), f.nullable) for f in df.schema.fields]


def test_date_plus_null_adds_an_interval_and_gives_a_timestamp(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT DATE'2024-01-01' + NULL, NULL + DATE'2024-01-01', TIMESTAMP_NTZ'2024-01-01 00:00:00' + NULL")
    assert _fields(df) == [
        ("DATE '2024-01-01' + NULL", "timestamp", True),
        ("DATE '2024-01-01' + NULL", "timestamp", True),
        ("TIMESTAMP_NTZ '2024-01-01 00:00:00' + NULL", "timestamp_ntz", True),
    ]
    assert tuple(df.collect()[0]) == (None, None, None)


def test_date_or_timestamp_minus_null_is_a_difference(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT d - NULL, NULL - d, t - NULL, NULL - t "
        "FROM (SELECT DATE'2024-01-01' AS d, TIMESTAMP'2024-01-01 00:00:00' AS t)"
    )
    assert _fields(df) == [
        ("(d - NULL)", "interval day", True),
        ("(NULL - d)", "interval day", True),
        ("(t - NULL)", "interval day to second", True),
        ("(NULL - t)", "interval day to second", True),
    ]


def test_null_plus_a_date_column_in_a_frame(spark: engine.SparkSession) -> None:
    from engine import functions as F

    df = spark.sql("SELECT DATE'2024-01-01' AS d").select(F.lit(None) + F.col("d"))
    assert _fields(df) == [("d + NULL", "timestamp", True)]


def test_a_side_cast_from_text_makes_the_union_column_nullable(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT DATE'2024-01-01' UNION ALL SELECT '2024-01-02'")
    assert _fields(df) == [("DATE '2024-01-01'", "date", True)]
    assert [r[0].isoformat() for r in df.collect()] == ["2024-01-01", "2024-01-02"]
    assert _fields(spark.sql("SELECT '2' UNION ALL SELECT 1")) == [("2", "bigint", True)]
    assert _fields(spark.sql("SELECT 1 UNION ALL SELECT 1.5")) == [("1", "decimal(11,1)", False)]
    assert _fields(spark.sql("SELECT 1.25 UNION ALL SELECT 12345.5")) == [("1.25", "decimal(7,2)", False)]


def test_decimal_casts_null_only_where_they_can_overflow(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT CAST(1.2345 AS DECIMAL(10,4)) AS a, CAST(1.5 AS DECIMAL(6,1)) AS b").selectExpr(
        "CAST(a AS DECIMAL(10,2))", "CAST(b AS DECIMAL(7,2))", "CAST(b AS DECIMAL(5,0))"
    )
    assert [f.nullable for f in df.schema.fields] == [False, False, True]
