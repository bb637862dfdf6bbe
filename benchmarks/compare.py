"""Checks one engine's answer to a query against DuckDB's: same rows, numbers to 1e-6 relative.

Answers are compared by position (all TPC-H queries are ordered); when that fails the
rows are compared as multisets too, since rows tied on the sort key may come in any order.
Column names are not compared: engines name unaliased expressions differently.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any

import pyarrow as pa


def _value(v: Any) -> Any:
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, dt.datetime):
        return v.replace(tzinfo=None)
    return v


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    if isinstance(a, dt.datetime) != isinstance(b, dt.datetime) and isinstance(a, dt.date) and isinstance(b, dt.date):
        return a.isoformat()[:10] == b.isoformat()[:10]
    return bool(a == b)


def _rows(table: pa.Table) -> list[tuple[Any, ...]]:
    columns = [[_value(v) for v in c.to_pylist()] for c in table.columns]
    return list(zip(*columns)) if columns else []


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((v is None, round(v, 2) if isinstance(v, float) else str(v)) for v in row)


def mismatch(actual: pa.Table, expected: pa.Table) -> str | None:
    """None when `actual` answers as `expected` does, else a short reason."""
    if actual.num_columns != expected.num_columns:
        return f"{actual.num_columns} columns, expected {expected.num_columns}"
    if actual.num_rows != expected.num_rows:
        return f"{actual.num_rows} rows, expected {expected.num_rows}"
    got, want = _rows(actual), _rows(expected)
    if all(all(_same(a, b) for a, b in zip(g, w)) for g, w in zip(got, want)):
        return None
    got, want = sorted(got, key=_key), sorted(want, key=_key)
    for i, (g, w) in enumerate(zip(got, want)):
        if not all(_same(a, b) for a, b in zip(g, w)):
            return f"row {i}: {g} != {w}"[:200]
    return None
