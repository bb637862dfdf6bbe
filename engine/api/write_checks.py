"""Checks Spark makes before a file write starts: unique column names, the text format's
single string column, no nested columns in CSV, and that clustering columns exist."""

from __future__ import annotations

from typing import Any

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import type_sql
from engine.logical.nodes import output


def check_columns(df: Any, fmt: str, partition_by: list[str], cluster_by: list[str] | None = None) -> None:
    """Raises Spark's error when `df` cannot be written as `fmt` (nothing is written then)."""
    attrs = output(df._plan)
    seen: set[str] = set()
    for a in attrs:
        if a.name.lower() in seen:
            raise AnalysisException(
                f"[COLUMN_ALREADY_EXISTS] The column `{a.name.lower()}` already exists. Choose another name or "
                "rename the existing column.",
                "COLUMN_ALREADY_EXISTS",
                {"columnName": f"`{a.name.lower()}`"},
            )
        seen.add(a.name.lower())
    for c in cluster_by or []:
        if c.lower() not in seen:
            from engine.expr.resolve import unresolved_column_error

            raise unresolved_column_error(c, [a.name for a in attrs])
    if fmt == "csv":
        parts = {p.lower() for p in partition_by}
        for a in attrs:
            if a.name.lower() not in parts and isinstance(
                a.dtype, (T.ArrayType, T.MapType, T.StructType, T.VariantType)
            ):
                _unsupported_type(a, "CSV")
    if fmt == "text":
        parts = {p.lower() for p in partition_by}
        data = [a for a in attrs if a.name.lower() not in parts]
        for a in data:
            if not T.is_string(a.dtype):
                _unsupported_type(a, "Text")
        if len(data) != 1:
            raise AnalysisException(
                f"Text data source supports only a single column, and you have "
                f"{len(data)} columns.",
                "_LEGACY_ERROR_TEMP_1290",
            )


def _unsupported_type(attr: Any, fmt: str) -> None:
    """Raises Spark's error for a column whose type `fmt` files cannot hold (nested types in CSV)."""
    raise AnalysisException(
        f"[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The {fmt} datasource doesn't support the column `{attr.name}` "
        f'of the type "{type_sql(attr.dtype)}".',
        "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        {"columnName": f"`{attr.name}`", "columnType": f'"{type_sql(attr.dtype)}"', "format": fmt},
    )
