"""Column references, literals, conditionals, ordering and UDFs: the core of ``F``."""

from __future__ import annotations

from typing import Any

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit, when_condition
from engine.expr import nodes as n
from engine.expr.literals import literal

__all__ = [
    "col", "column", "lit", "when", "expr", "asc", "desc", "asc_nulls_first", "asc_nulls_last",
    "desc_nulls_first", "desc_nulls_last", "broadcast",
]  # fmt: skip


def col(col: str) -> Column:
    """A column by name: ``col("a")``, ``col("t.a")``, ``col("s.field")``, ``col("*")``."""
    return Column(to_expr(col))


column = col


def lit(col: Any) -> Column:
    """A literal; a Column is returned as it is."""
    if isinstance(col, Column):
        return col
    if isinstance(col, (list, tuple)):
        from engine.functions._build import call_lit

        return call_lit("array", *col)
    return Column(literal(col))


def when(condition: Column, value: Any) -> Column:
    """``CASE WHEN condition THEN value``; chain ``.when`` and ``.otherwise``."""
    return Column(n.CaseWhen(((when_condition(condition), to_expr_or_lit(value)),), None))


def expr(str: str) -> Column:  # noqa: A002 - PySpark's parameter name
    """A SQL expression string parsed into a Column (``expr("a + 1 AS b")``)."""
    from sql import to_expr as sql_to_expr

    return Column(sql_to_expr(str))


def asc(col: ColumnOrName) -> Column:
    return Column(n.SortOrder(to_expr(col), True, None))


def desc(col: ColumnOrName) -> Column:
    return Column(n.SortOrder(to_expr(col), False, None))


def asc_nulls_first(col: ColumnOrName) -> Column:
    return Column(n.SortOrder(to_expr(col), True, True))


def asc_nulls_last(col: ColumnOrName) -> Column:
    return Column(n.SortOrder(to_expr(col), True, False))


def desc_nulls_first(col: ColumnOrName) -> Column:
    return Column(n.SortOrder(to_expr(col), False, True))


def desc_nulls_last(col: ColumnOrName) -> Column:
    return Column(n.SortOrder(to_expr(col), False, False))


def broadcast(df: Any) -> Any:
    """Marks a DataFrame as small enough to broadcast in joins."""
    return df.hint("broadcast")
