"""``x::type`` is ``CAST(x AS type)`` in Spark SQL: named and typed as the cast, even of a
literal (sqlglot spells ``1L`` as ``1::BIGINT`` too, which stays a typed literal), and a
negative number before ``::`` is the number cast (expected values from PySpark 4 runs)."""

from __future__ import annotations

import decimal

import engine


def _fields(spark: engine.SparkSession, query: str) -> list[tuple[str, str, bool]]:
    return [(f.name, f.dataType.simpleString(), f.nullable) for f in spark.sql(query).schema.fields]


def test_double_colon_on_literals_names_the_cast(spark: engine.SparkSession) -> None:
    q = "SELECT '12'::int, '12'::bigint, '1.5'::decimal(3,1), '1'::double, 1::bigint, 12::string"
    assert _fields(spark, q) == [
        ("CAST(12 AS INT)", "int", True),
        ("CAST(12 AS BIGINT)", "bigint", True),
        ("CAST(1.5 AS DECIMAL(3,1))", "decimal(3,1)", True),
        ("CAST(1 AS DOUBLE)", "double", True),
        ("CAST(1 AS BIGINT)", "bigint", False),
        ("CAST(12 AS STRING)", "string", False),
    ]
    assert tuple(spark.sql(q).collect()[0]) == (12, 12, decimal.Decimal("1.5"), 1.0, 1, "12")


def test_typed_number_literals_stay_literals(spark: engine.SparkSession) -> None:
    q = "SELECT 10L, 1.5D, 1L::string, 1.5D::int, -2L"
    assert _fields(spark, q) == [
        ("10", "bigint", False),
        ("1.5", "double", False),
        ("CAST(1 AS STRING)", "string", False),
        ("CAST(1.5 AS INT)", "int", True),
        ("-2", "bigint", False),
    ]


def test_negative_number_before_double_colon_is_cast_whole(spark: engine.SparkSession) -> None:
    q = "SELECT -2::int, - 2::int, -2::bigint, -i::string FROM VALUES (1) AS v(i)"
    assert _fields(spark, q) == [
        ("CAST(-2 AS INT)", "int", False),
        ("CAST(-2 AS INT)", "int", False),
        ("CAST(-2 AS BIGINT)", "bigint", False),
        ("(- CAST(i AS STRING))", "double", True),
    ]
    assert tuple(spark.sql(q).collect()[0]) == (-2, -2, -2, -1.0)
