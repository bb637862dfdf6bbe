"""A literal-only expression that fails under ANSI fails the query while it is planned, as
Spark's ConstantFolding evaluates it before any row runs; one in a branch a conditional
expression (CASE, COALESCE) may skip is left for the rows. Expected values observed in PySpark 4.3."""

from __future__ import annotations

import pytest

import engine
from engine import functions as F
from engine.errors import ArithmeticException


def _condition(query: engine.DataFrame) -> str | None:
    with pytest.raises(ArithmeticException) as info:
        query.collect()
    return info.value.getCondition()


def test_a_failing_constant_fails_before_a_failing_row(spark: engine.SparkSession) -> None:
    # id / 0 would fail on the first row, but the overflowing constant cast fails first
    query = spark.range(3).select((F.col("id") / 0).alias("dz"), F.lit(1e20).cast("long").alias("ovf"))
    assert _condition(query) == "CAST_OVERFLOW"


def test_a_failing_constant_fails_even_with_no_rows(spark: engine.SparkSession) -> None:
    assert _condition(spark.sql("SELECT 1/0 FROM range(0)")) == "DIVIDE_BY_ZERO"


def test_a_failing_constant_in_a_filter_fails_though_no_row_passes_the_rest(spark: engine.SparkSession) -> None:
    assert _condition(spark.sql("SELECT id FROM range(3) WHERE id > 5 AND 1/0 > 1")) == "DIVIDE_BY_ZERO"


def test_a_conditional_branch_no_row_reaches_does_not_fail(spark: engine.SparkSession) -> None:
    case = spark.sql("SELECT CASE WHEN id > 5 THEN 1/0 ELSE 1 END AS v FROM range(3)")
    assert [r.v for r in case.collect()] == [1.0, 1.0, 1.0]
    coalesced = spark.sql("SELECT coalesce(id, 1/0) AS v FROM range(3)")
    assert sorted(r.v for r in coalesced.collect()) == [0.0, 1.0, 2.0]


def test_without_ansi_out_of_range_doubles_saturate_as_java_casts_them(spark: engine.SparkSession) -> None:
    spark.conf.set("spark.sql.ansi.enabled", "false")
    try:
        row = spark.sql(
            "SELECT cast(1e20 AS bigint) a, cast(-1e20 AS bigint) b, cast(cast('NaN' AS double) AS bigint) c, "
            "cast(9.2e18 AS bigint) d, cast(1e20 AS int) e, cast(1e10 AS smallint) f, 1/0 g"
        ).collect()[0]
    finally:
        spark.conf.unset("spark.sql.ansi.enabled")
    assert tuple(row) == (9223372036854775807, -9223372036854775808, 0, 9200000000000000000, 2147483647, -1, None)
