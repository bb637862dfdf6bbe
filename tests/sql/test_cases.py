"""The SQL case corpus: every query in ``tests/sql/cases/*.sql`` run on engine and checked.

A case is a block in a ``.sql`` file that starts with ``-- case: <name>``. Header lines say
how it is checked:

- (nothing)            same rows as DuckDB running the same text, in any order
- ``-- ordered``        same rows in the same order
- ``-- duckdb: <sql>``  DuckDB runs this text instead (same meaning, DuckDB's spelling)
- ``-- expect: <rows>`` hand-checked rows (a Python literal), where Spark's semantics differ
  from DuckDB's; a ``-- why:`` line says how
- ``-- error: <CLASS>`` the query fails with an engine error of that error class
- ``-- columns: a | b``  the result's column names (Spark's names for unaliased expressions)
- ``-- xfail: <why>``    a known bug below the SQL layer (the case still runs; it may pass)
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from sqlcheck import assert_rows_match

import engine
from engine.errors import PySparkException

CASES = Path(__file__).parent / "cases"


@dataclass
class Case:
    name: str
    sql: str
    headers: dict[str, str] = field(default_factory=dict)


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CASES.glob("*.sql")):
        current: Case | None = None
        body: list[str] = []
        for line in path.read_text().splitlines() + ["-- case: <end>"]:
            if line.startswith("-- case:"):
                if current is not None:
                    current.sql = "\n".join(body).strip().rstrip(";")
                    cases.append(current)
                current, body = Case(f"{path.stem}/{line.split(':', 1)[1].strip()}", ""), []
            elif current is not None and not body and line.startswith("-- "):
                key, _, value = line[3:].partition(":")
                current.headers[key.strip()] = value.strip()
            elif current is not None:
                body.append(line)
    return cases


ALL = load_cases()
_ENV = {"Decimal": decimal.Decimal, "date": dt.date, "datetime": dt.datetime, "timedelta": dt.timedelta, "nan": float("nan")}


def test_the_corpus_has_at_least_150_cases() -> None:
    assert len(ALL) >= 150


def _param(case: Case) -> object:
    reason = case.headers.get("xfail")
    return pytest.param(case, id=case.name, marks=pytest.mark.xfail(reason=reason, strict=False) if reason else ())


@pytest.mark.parametrize("case", [_param(c) for c in ALL])
def test_case(corpus: tuple[engine.SparkSession, duckdb.DuckDBPyConnection], case: Case) -> None:
    spark, duck = corpus
    h = case.headers
    if "error" in h:
        with pytest.raises(PySparkException) as info:
            spark.sql(case.sql).collect()
        assert info.value.getErrorClass() == h["error"], str(info.value)
        return
    df = spark.sql(case.sql)
    if "columns" in h:
        assert df.columns == [c.strip() for c in h["columns"].split(" | ")]
    actual = [tuple(r) for r in df.collect()]
    if "expect" in h:
        expected = [tuple(r) for r in eval(h["expect"], {"__builtins__": {}}, _ENV)]  # noqa: S307 - test data
        assert_rows_match(actual, expected, "ordered" in h)
        return
    assert_rows_match(actual, duck.execute(h.get("duckdb") or case.sql).fetchall(), "ordered" in h)


