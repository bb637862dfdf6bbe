"""XML functions of ``F``: from_xml, to_xml, schema_of_xml and the xpath family."""

from __future__ import annotations

from engine import types as T
from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n
from engine.functions._build import call
from engine.functions.json import _options, _schema

__all__ = [
    "from_xml", "to_xml", "schema_of_xml", "xpath", "xpath_boolean", "xpath_double", "xpath_float", "xpath_int",
    "xpath_long", "xpath_number", "xpath_short", "xpath_string",
]  # fmt: skip


def from_xml(col: ColumnOrName, schema: T.StructType | Column | str, options: dict[str, str] | None = None) -> Column:
    """One XML record parsed into a struct of `schema` (a StructType, DDL string or
    ``schema_of_xml(...)``). Example: ``from_xml(lit("<p><a>1</a></p>"), "a INT")`` is ``{a: 1}``.

    A record that is not well-formed, or whose values do not fit, is a struct of nulls
    (PERMISSIVE) or raises with ``{"mode": "FAILFAST"}``.
    """
    return Column(n.UnresolvedFunction("from_xml", (to_expr(col), _schema(schema), *_options(options))))


def to_xml(col: ColumnOrName, options: dict[str, str] | None = None) -> Column:
    """A struct as an indented XML element: ``<ROW>\\n    <a>1</a>\\n</ROW>`` (rowTag renames it)."""
    return Column(n.UnresolvedFunction("to_xml", (to_expr(col), *_options(options))))


def schema_of_xml(xml: Column | str, options: dict[str, str] | None = None) -> Column:
    """The DDL of the schema Spark infers from one XML record, e.g. ``STRUCT<a: BIGINT>``."""
    return Column(n.UnresolvedFunction("schema_of_xml", (to_expr_or_lit(xml), *_options(options))))


def xpath(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The text of every node the XPath selects (text nodes and attributes; null for elements)."""
    return call("xpath", xml, path)


def xpath_boolean(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """Whether the XPath is true: a node set is true when it holds a node."""
    return call("xpath_boolean", xml, path)


def xpath_double(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath's value as a double (NaN when it is not a number)."""
    return call("xpath_double", xml, path)


def xpath_number(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath's value as a double (``xpath_double``'s other name)."""
    return call("xpath_number", xml, path)


def xpath_float(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath's value as a float (NaN when it is not a number)."""
    return call("xpath_float", xml, path)


def xpath_int(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath's value as an int (0 when it is not a number, truncated and clamped as Java casts)."""
    return call("xpath_int", xml, path)


def xpath_long(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath's value as a bigint (0 when it is not a number)."""
    return call("xpath_long", xml, path)


def xpath_short(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath's value as a smallint (0 when it is not a number)."""
    return call("xpath_short", xml, path)


def xpath_string(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The string value of the first node the XPath selects ('' when none)."""
    return call("xpath_string", xml, path)
