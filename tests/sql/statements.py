"""Helpers for tests of SQL statements: a statement's rows, and the condition of the error it raises."""

from __future__ import annotations

import pytest

import engine
from engine.errors import AnalysisException


def rows(spark: engine.SparkSession, query: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in spark.sql(query).collect()]


def condition(spark: engine.SparkSession, statement: str) -> str | None:
    """The error condition (class) of the AnalysisException `statement` raises."""
    with pytest.raises(AnalysisException) as e:
        spark.sql(statement)
    return e.value.getCondition()
