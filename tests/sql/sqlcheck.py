"""Comparing engine's SQL answers with DuckDB's: decimals and floats to 1e-6 relative."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any

import duckdb

import engine


def _sort_key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((v is None, str(type(float(v) if isinstance(v, decimal.Decimal) else v)), _plain(v)) for v in row)


def _plain(v: Any) -> Any:
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v if isinstance(v, (int, float, str, dt.date)) else repr(v)


def values_match(actual: Any, expected: Any, rel: float = 1e-6) -> bool:
    """Equal, or numerically close: 1e-6 relative, or within the last digit of a decimal result
    (Spark rounds ``avg(decimal)`` to scale 6 where DuckDB answers a double)."""
    if actual is None or expected is None:
        return actual is None and expected is None
    numeric = (int, float, decimal.Decimal)
    if isinstance(actual, numeric) and isinstance(expected, numeric) and not isinstance(actual, bool):
        a, e = float(actual), float(expected)
        if math.isnan(a) or math.isnan(e):
            return math.isnan(a) and math.isnan(e)
        slack = 0.0
        if isinstance(actual, decimal.Decimal):
            slack = 10.0 ** int(actual.as_tuple().exponent)
        return math.isclose(a, e, rel_tol=rel, abs_tol=1e-9) or abs(a - e) <= slack
    return bool(actual == expected)


def assert_rows_match(actual: list[tuple[Any, ...]], expected: list[tuple[Any, ...]], ordered: bool) -> None:
    """Same rows (in the same order when `ordered`); numbers as `values_match` says."""
    got, want = [tuple(r) for r in actual], [tuple(r) for r in expected]
    assert len(got) == len(want), f"{len(got)} rows, expected {len(want)}:\n{got[:5]}\nvs\n{want[:5]}"
    if not ordered:
        got, want = sorted(got, key=_sort_key), sorted(want, key=_sort_key)
    for i, (g, w) in enumerate(zip(got, want)):
        assert len(g) == len(w) and all(values_match(x, y) for x, y in zip(g, w)), f"row {i}: {g} != {w}"


def assert_sql_matches(
    spark: engine.SparkSession, duck: duckdb.DuckDBPyConnection, query: str, ordered: bool = False, duck_query: str | None = None
) -> None:
    """`query` gives the same rows on engine and on DuckDB (`duck_query` where the dialects differ)."""
    actual = [tuple(r) for r in spark.sql(query).collect()]
    expected = duck.execute(duck_query or query).fetchall()
    assert_rows_match(actual, expected, ordered)
