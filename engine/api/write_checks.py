"""Checks Spark makes before a file write starts: unique column names, the text format's
single string column, and that clustering columns exist."""

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
    if fmt == "text":
        parts = {p.lower() for p in partition_by}
        data = [a for a in attrs if a.name.lower() not in parts]
        for a in data:
            if not T.is_string(a.dtype):
                raise AnalysisException(
                    f'[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn\'t support the column `{a.name}` '
                    f'of the type "{type_sql(a.dtype)}".',
                    "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
                    {"columnName": f"`{a.name}`", "columnType": f'"{type_sql(a.dtype)}"', "format": "Text"},
                )
        if len(data) != 1:
            raise AnalysisException(
                f"Text data source supports only a single column, and you have "
                f"{len(data)} columns.",
                "_LEGACY_ERROR_TEMP_1290",
            )
