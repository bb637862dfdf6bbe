"""Helpers for the public-API suite: rows as plain tuples, and show() output as text."""

from __future__ import annotations

import contextlib
import io
import math
from typing import Any

import pytest


def tuples(df: Any) -> list[tuple[Any, ...]]:
    """The DataFrame's rows as plain tuples, in the order collected."""
    return [tuple(r) for r in df.collect()]


def sorted_tuples(df: Any) -> list[tuple[Any, ...]]:
    """The rows as tuples sorted with nulls first, for order-free comparisons."""
    return sorted(tuples(df), key=null_first_key)


def null_first_key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((v is not None, v if v is not None else 0) for v in row)


def shown(df: Any, *args: Any, **kwargs: Any) -> str:
    """Exactly what ``df.show(...)`` prints."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        df.show(*args, **kwargs)
    return buf.getvalue()


def same_float(a: float | None, b: float | None) -> bool:
    """Equal up to rounding, with NaN equal to NaN and None to None."""
    if a is None or b is None:
        return a is b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == pytest.approx(b, rel=1e-12, abs=1e-12)
