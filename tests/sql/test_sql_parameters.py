"""``spark.sql(text, args)``: named (``:x``, a dict) and positional (``?``, a list) markers bound to
Python values or to Columns (``lit``, ``array``, ``create_map``), never both kinds in one query.
Expected answers, types and error classes are PySpark 4.3's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

import engine
from engine import functions as F
from engine.errors import AnalysisException


@pytest.fixture(scope="module")
def session() -> Iterator[engine.SparkSession]:
    spark = engine.SparkSession.builder.master("local[1]").create()
    yield spark
    spark.stop()


@pytest.mark.parametrize(
    ("query", "args", "schema", "rows"),
    [
        ("SELECT :a + 1 AS x", {"a": 1}, "struct<x:int>", [(2,)]),
        ("SELECT ? AS p, ? AS q", [1, "two"], "struct<p:int,q:string>", [(1, "two")]),
        ("SELECT * FROM range(10) WHERE id > :lo AND id < :hi", {"lo": 3, "hi": 6}, "struct<id:bigint>", [(4,), (5,)]),
        ("SELECT :d AS d", {"d": dt.date(2024, 1, 2)}, "struct<d:date>", [(dt.date(2024, 1, 2),)]),
        ("SELECT :x AS x", {"x": F.lit(5)}, "struct<x:int>", [(5,)]),
        ("SELECT :a AS a", {"a": F.array(F.lit(1), F.lit(2))}, "struct<a:array<int>>", [([1, 2],)]),
        ("SELECT :m AS m", {"m": F.create_map(F.lit("k"), F.lit(1))}, "struct<m:map<string,int>>", [({"k": 1},)]),
    ],
)
def test_markers_take_values_and_columns(
    session: engine.SparkSession, query: str, args: Any, schema: str, rows: list[tuple[object, ...]]
) -> None:
    df = session.sql(query, args)
    assert df.schema.simpleString() == schema
    assert [tuple(r) for r in df.collect()] == rows


@pytest.mark.parametrize(
    ("query", "args", "condition"),
    [
        ("SELECT :missing", {"a": 1}, "UNBOUND_SQL_PARAMETER"),
        ("SELECT ?", [], "UNBOUND_SQL_PARAMETER"),
        ("SELECT ?, :x", {"x": 1}, "INVALID_QUERY_MIXED_QUERY_PARAMETERS"),
    ],
)
def test_marker_errors(session: engine.SparkSession, query: str, args: Any, condition: str) -> None:
    with pytest.raises(AnalysisException) as e:
        session.sql(query, args).collect()
    assert e.value.getCondition() == condition
