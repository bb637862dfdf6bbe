"""SQL spellings PySpark 4 accepts and how it names and types them (observed in PySpark runs):
unit-first date arithmetic, tight decimal types of bigint/smallint literals, bare lateral
alias references, and unknown columns without any column to suggest."""

from __future__ import annotations

import datetime

import pytest

import engine
from engine.errors import AnalysisException


def test_unit_first_dateadd_and_datediff_are_timestampadd_and_timestampdiff(spark: engine.SparkSession) -> None:
    df = spark.sql(
        "SELECT dateadd(DAY, 3, DATE'2024-01-01'), datediff(DAY, DATE'2024-01-01', DATE'2024-02-01'),"
        " date_add(MONTH, 1, DATE'2024-01-31'), date_diff(HOUR, TIMESTAMP'2024-01-01 00:00:00', TIMESTAMP'2024-01-02 00:00:00')"
    )
    assert df.columns == [
        "timestampadd(DAY, 3, DATE '2024-01-01')", "timestampdiff(DAY, DATE '2024-01-01', DATE '2024-02-01')",
        "timestampadd(MONTH, 1, DATE '2024-01-31')",
        "timestampdiff(HOUR, TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-02 00:00:00')",
    ]  # fmt: skip
    assert [tuple(r) for r in df.collect()] == [
        (datetime.datetime(2024, 1, 4), 31, datetime.datetime(2024, 2, 29), 24)
    ]


def test_integral_literals_next_to_decimals_take_their_own_digits(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT 1.5 * 2L, 1.5 * 2S, 1.5 * CAST(2 AS BIGINT), 2L * 1.5, CAST(1 AS DECIMAL(5,2)) * 1Y")
    assert [f.dataType.simpleString() for f in df.schema.fields] == [
        "decimal(4,1)", "decimal(4,1)", "decimal(23,1)", "decimal(4,1)", "decimal(9,2)",
    ]  # fmt: skip


def test_bare_lateral_alias_reference_keeps_its_name(spark: engine.SparkSession) -> None:
    df = spark.sql("SELECT 1 AS a, a + 1, a")
    assert df.columns == ["a", "(lateralAliasReference(a) + 1)", "a"]
    assert [tuple(r) for r in df.collect()] == [(1, 2, 1)]


def test_unknown_column_without_from_has_nothing_to_suggest(spark: engine.SparkSession) -> None:
    with pytest.raises(AnalysisException) as info:
        spark.sql("SELECT foo").collect()
    assert info.value.getErrorClass() == "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION"
