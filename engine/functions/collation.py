"""Collation functions of ``F``: collate, collation (Spark 4)."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.errors import PySparkTypeError
from engine.functions._build import call, call_mixed

__all__ = ["collate", "collation"]


def collate(col: ColumnOrName, collation: str) -> Column:
    """`col` under `collation` (``UTF8_BINARY``, ``UTF8_LCASE``, ``UNICODE``, ``UNICODE_CI``):
    the strings are unchanged, their comparisons, grouping and order follow the collation."""
    if not isinstance(collation, str):
        raise PySparkTypeError(
            f"[NOT_STR] Argument `collation` should be a str, got {type(collation).__name__}.",
            "NOT_STR",
            {"arg_name": "collation", "arg_type": type(collation).__name__},
        )
    return call_mixed("collate", (col,), collation)


def collation(col: ColumnOrName) -> Column:
    """The qualified name of `col`'s collation, such as ``SYSTEM.BUILTIN.UTF8_LCASE``."""
    return call("collation", col)
