"""Spark 4's SQL pipe syntax (``FROM t |> WHERE ... |> SELECT ...``): each operator applies to
the rows the previous one produced; ``TABLE t`` (all of t) starts a pipe or stands as a query. Expected answers, column names and error classes are
PySpark 4.3's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import engine
from engine.errors import AnalysisException


@pytest.fixture(scope="module")
def session() -> Iterator[engine.SparkSession]:
    spark = engine.SparkSession.builder.master("local[1]").create()
    spark.sql("CREATE TEMP VIEW pt AS SELECT * FROM VALUES (1, 'a', 10), (2, 'b', 20), (3, 'a', 30) AS t(id, k, v)")
    yield spark
    spark.stop()


def _result(spark: engine.SparkSession, query: str) -> tuple[list[str], list[tuple[object, ...]]]:
    df = spark.sql(query)
    return df.columns, [tuple(r) for r in df.collect()]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("FROM pt |> WHERE v > 10 |> SELECT id, k |> ORDER BY id", (["id", "k"], [(2, "b"), (3, "a")])),
        ("FROM pt |> AGGREGATE sum(v) AS total GROUP BY k |> ORDER BY k", (["k", "total"], [("a", 40), ("b", 20)])),
        ("FROM pt |> AGGREGATE count(*)", (["count(1)"], [(3,)])),
        ("FROM pt |> EXTEND v * 2 AS v2 |> ORDER BY id |> LIMIT 2", (["id", "k", "v", "v2"], [(1, "a", 10, 20), (2, "b", 20, 40)])),
        ("FROM pt |> SET v = v + 1 |> ORDER BY id", (["id", "k", "v"], [(1, "a", 11), (2, "b", 21), (3, "a", 31)])),
        ("FROM pt |> DROP k |> ORDER BY id", (["id", "v"], [(1, 10), (2, 20), (3, 30)])),
        ("FROM pt |> AS q |> SELECT q.id |> ORDER BY id", (["id"], [(1,), (2,), (3,)])),
        ("FROM pt |> SET v = v + 1 |> DROP k |> AS q |> SELECT q.v", (["v"], [(11,), (21,), (31,)])),
        (
            "FROM pt |> SELECT k, v |> EXTEND v + 1 AS w |> AGGREGATE max(w) GROUP BY k |> ORDER BY k",
            (["k", "max(w)"], [("a", 31), ("b", 21)]),
        ),
        ("FROM pt |> SELECT id, sum(v) OVER () AS t", (["id", "t"], [(1, 60), (2, 60), (3, 60)])),
        ("FROM pt |> SELECT sum(v)", (["sum(v)"], [(60,)])),
        ("FROM pt |> ORDER BY v DESC |> LIMIT 1 OFFSET 1", (["id", "k", "v"], [(2, "b", 20)])),
        ("TABLE pt |> WHERE id = 1", (["id", "k", "v"], [(1, "a", 10)])),
        ("TABLE pt", (["id", "k", "v"], [(1, "a", 10), (2, "b", 20), (3, "a", 30)])),
        ("SELECT * FROM (TABLE pt) WHERE id = 2", (["id", "k", "v"], [(2, "b", 20)])),
        ("SELECT count(*) FROM (TABLE pt UNION ALL TABLE pt)", (["count(1)"], [(6,)])),
        ("SELECT 'TABLE pt' AS s", (["s"], [("TABLE pt",)])),
    ],
)
def test_pipe_operators(session: engine.SparkSession, query: str, expected: tuple[list[str], list[tuple[object, ...]]]) -> None:
    assert _result(session, query) == expected


@pytest.mark.parametrize(
    ("query", "condition"),
    [
        ("FROM pt |> EXTEND sum(v) AS s", "PIPE_OPERATOR_CONTAINS_AGGREGATE_FUNCTION"),
        ("FROM pt |> SET v = max(v)", "PIPE_OPERATOR_CONTAINS_AGGREGATE_FUNCTION"),
        ("FROM pt |> SET nope = 1", "UNRESOLVED_COLUMN.WITH_SUGGESTION"),
        ("FROM pt |> DROP nope", "UNRESOLVED_COLUMN.WITH_SUGGESTION"),
    ],
)
def test_pipe_operator_errors(session: engine.SparkSession, query: str, condition: str) -> None:
    with pytest.raises(AnalysisException) as e:
        session.sql(query).collect()
    assert e.value.getCondition() == condition


def test_a_table_argument_of_a_call_is_left_to_the_call() -> None:
    from sql.table_shorthand import expand_table_queries

    assert expand_table_queries("SELECT * FROM f(TABLE t PARTITION BY k)") == "SELECT * FROM f(TABLE t PARTITION BY k)"
    assert expand_table_queries("SELECT * FROM (TABLE t)") == "SELECT * FROM (SELECT * FROM t)"
