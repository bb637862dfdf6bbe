"""Random filter / project / join / aggregate pipelines give the rows DuckDB gives for the same SQL.

Each example draws two small tables (with nulls) and a pipeline; the pipeline is built
once as DataFrame calls and once as SQL text, and the row multisets must be equal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import functions as F

SMALL = st.one_of(st.none(), st.integers(-3, 3))
LEFT_ROWS = st.lists(st.tuples(SMALL, st.one_of(st.none(), st.integers(-5, 5)), st.sampled_from(["x", "y", "z", None])), max_size=12)
RIGHT_ROWS = st.lists(st.tuples(SMALL, st.one_of(st.none(), st.integers(-5, 5))), max_size=8)
OPS = ["<", "<=", "=", "!=", ">", ">="]


@dataclass(frozen=True)
class Pipeline:
    """A query over t1(a, b, s) [joined with t2(a2, c) on a = a2]: filter, then project or aggregate."""

    join: str | None  # None, "inner" or "left"
    predicates: tuple[tuple[str, str, int], ...]  # (column, op, constant), combined with `conjunction`
    conjunction: str  # "AND" | "OR"
    projections: tuple[str, ...]  # names of PROJECTIONS
    group_by: str | None  # None: no aggregate; else the key column


PROJECTIONS: dict[str, tuple[str, Any]] = {
    "a_plus_b": ("a + b", lambda: F.col("a") + F.col("b")),
    "b_times_2": ("b * 2", lambda: F.col("b") * 2),
    "a_minus_b": ("a - b", lambda: F.col("a") - F.col("b")),
    "s": ("s", lambda: F.col("s")),
    "b_is_null": ("b IS NULL", lambda: F.col("b").isNull()),
}


@st.composite
def pipelines(draw: st.DrawFn) -> Pipeline:
    join = draw(st.sampled_from([None, "inner", "left"]))
    columns = ["a", "b"] + (["c"] if join else [])
    predicate = st.tuples(st.sampled_from(columns), st.sampled_from(OPS), st.integers(-3, 3))
    return Pipeline(
        join=join,
        predicates=tuple(draw(st.lists(predicate, max_size=2))),
        conjunction=draw(st.sampled_from(["AND", "OR"])),
        projections=tuple(draw(st.lists(st.sampled_from(sorted(PROJECTIONS)), min_size=1, max_size=3, unique=True))),
        group_by=draw(st.sampled_from([None, "s", "a"])),
    )


def to_sql(p: Pipeline) -> str:
    source = "t1" + (f" {p.join.upper()} JOIN t2 ON t1.a = t2.a2" if p.join else "")
    where = f" WHERE {f' {p.conjunction} '.join(f'{c} {op} {k}' for c, op, k in p.predicates)}" if p.predicates else ""
    if p.group_by:
        aggs = "count(*), count(b), sum(b), min(b), max(b)" + (", sum(c)" if p.join else "")
        return f"SELECT {p.group_by}, {aggs} FROM {source}{where} GROUP BY {p.group_by}"
    return f"SELECT {', '.join(PROJECTIONS[name][0] for name in p.projections)} FROM {source}{where}"


def to_dataframe(p: Pipeline, t1: Any, t2: Any) -> Any:
    df = t1.join(t2, t1.a == t2.a2, p.join) if p.join else t1
    if p.predicates:
        conds = [_compare(F.col(c), op, k) for c, op, k in p.predicates]
        cond = conds[0]
        for c in conds[1:]:
            cond = (cond & c) if p.conjunction == "AND" else (cond | c)
        df = df.filter(cond)
    if p.group_by:
        aggs = [F.count("*"), F.count("b"), F.sum("b"), F.min("b"), F.max("b")] + ([F.sum("c")] if p.join else [])
        return df.groupBy(p.group_by).agg(*aggs)
    return df.select(*[PROJECTIONS[name][1]() for name in p.projections])


def _compare(col: Any, op: str, k: int) -> Any:
    return {"<": col < k, "<=": col <= k, "=": col == k, "!=": col != k, ">": col > k, ">=": col >= k}[op]


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((v is not None, str(type(v)), v if v is not None else 0) for v in row)


def _normalize(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows with DuckDB's and pandas' integer types as plain ints, sorted."""
    return sorted((tuple(int(v) if hasattr(v, "__index__") and not isinstance(v, bool) else v for v in r) for r in rows), key=_key)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(left=LEFT_ROWS, right=RIGHT_ROWS, pipeline=pipelines())
def test_pipeline_rows_match_duckdb(spark, left, right, pipeline):
    t1 = spark.createDataFrame(left, "a int, b int, s string").repartition(3)
    t2 = spark.createDataFrame(right, "a2 int, c int")
    actual = [tuple(r) for r in to_dataframe(pipeline, t1, t2).collect()]

    con = duckdb.connect()
    con.register("t1", pd.DataFrame(left, columns=["a", "b", "s"]).astype({"a": "Int32", "b": "Int32"}))
    con.register("t2", pd.DataFrame(right, columns=["a2", "c"]).astype({"a2": "Int32", "c": "Int32"}))
    expected = con.execute(to_sql(pipeline)).fetchall()

    assert _normalize(actual) == _normalize(expected), to_sql(pipeline)
