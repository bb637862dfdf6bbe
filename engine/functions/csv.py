"""CSV functions of ``F``: from_csv, to_csv and schema_of_csv (one CSV line <-> a struct)."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n
from engine.functions.json import _options, _schema

__all__ = ["from_csv", "to_csv", "schema_of_csv"]


def from_csv(col: ColumnOrName, schema: Column | str, options: dict[str, str] | None = None) -> Column:
    """One CSV line parsed into a struct of `schema` (a DDL string or ``schema_of_csv(...)``).

    Example: ``from_csv(lit("1,x"), "a INT, b STRING")`` is ``{a: 1, b: "x"}``.
    """
    return Column(n.UnresolvedFunction("from_csv", (to_expr(col), _schema(schema), *_options(options))))


def to_csv(col: ColumnOrName, options: dict[str, str] | None = None) -> Column:
    """A struct's fields as one CSV line (``{1, "z"}`` -> ``1,z``)."""
    return Column(n.UnresolvedFunction("to_csv", (to_expr(col), *_options(options))))


def schema_of_csv(csv: Column | str, options: dict[str, str] | None = None) -> Column:
    """The DDL of the types Spark infers from one CSV line, e.g. ``STRUCT<_c0: INT, _c1: STRING>``."""
    return Column(n.UnresolvedFunction("schema_of_csv", (to_expr_or_lit(csv), *_options(options))))

