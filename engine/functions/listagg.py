"""listagg / string_agg of ``F`` (Spark 4): a group's non-null values joined by a delimiter."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n

__all__ = ["listagg", "listagg_distinct", "string_agg", "string_agg_distinct"]


def _listagg(name: str, col: ColumnOrName, delimiter: Column | str | bytes | None, distinct: bool) -> Column:
    """The aggregate `name` of `col`; a missing delimiter is the empty string (named ``NULL``)."""
    args = (to_expr(col), to_expr_or_lit(delimiter))
    return Column(n.UnresolvedFunction(name, args, distinct=distinct))


def listagg(col: ColumnOrName, delimiter: Column | str | bytes | None = None) -> Column:
    """The non-null values of `col` (strings or binaries) concatenated, `delimiter` between them."""
    return _listagg("listagg", col, delimiter, False)


def listagg_distinct(col: ColumnOrName, delimiter: Column | str | bytes | None = None) -> Column:
    """`listagg` over the distinct non-null values of `col`."""
    return _listagg("listagg", col, delimiter, True)


def string_agg(col: ColumnOrName, delimiter: Column | str | bytes | None = None) -> Column:
    """Alias of `listagg` that keeps its own name in column names."""
    return _listagg("string_agg", col, delimiter, False)


def string_agg_distinct(col: ColumnOrName, delimiter: Column | str | bytes | None = None) -> Column:
    """`string_agg` over the distinct non-null values of `col`."""
    return _listagg("string_agg", col, delimiter, True)
