"""JSON functions of ``F``: from_json, to_json, get_json_object, json_tuple, schema_of_json and friends."""

from __future__ import annotations

from engine import types as T
from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.functions._build import call

__all__ = [
    "from_json", "to_json", "get_json_object", "json_tuple", "schema_of_json", "json_array_length",
    "json_object_keys",
]  # fmt: skip


def _options(options: dict[str, str] | None) -> tuple[n.Expr, ...]:
    """Reader/writer options as a map literal argument (none when empty)."""
    if not options:
        return ()
    return (literal({str(k): str(v) for k, v in options.items()}, T.MapType(T.StringType(), T.StringType(), False)),)


def _schema(schema: T.DataType | Column | str) -> n.Expr:
    """A schema argument as a DDL string literal, whatever form the caller gave it in."""
    if isinstance(schema, T.DataType):
        return literal(schema._sql() if not isinstance(schema, T.StructType) else schema._sql()[7:-1])  # noqa: SLF001
    return to_expr_or_lit(schema)


def from_json(
    col: ColumnOrName, schema: T.DataType | Column | str, options: dict[str, str] | None = None
) -> Column:
    """JSON text parsed into `schema` (a StructType, ArrayType, MapType or DDL string).

    Malformed records become an all-null struct (PERMISSIVE) or raise with
    ``{"mode": "FAILFAST"}``; a field of the wrong type is null on its own.
    """
    return Column(n.UnresolvedFunction("from_json", (to_expr(col), _schema(schema), *_options(options))))


def to_json(col: ColumnOrName, options: dict[str, str] | None = None) -> Column:
    """A struct, array or map as compact JSON text (null struct fields left out)."""
    return Column(n.UnresolvedFunction("to_json", (to_expr(col), *_options(options))))


def get_json_object(col: ColumnOrName, path: str) -> Column:
    """The value at a JSON path such as ``$.a.b[0]`` as a string (null when absent or invalid)."""
    return Column(n.UnresolvedFunction("get_json_object", (to_expr(col), literal(path))))


def json_tuple(col: ColumnOrName, *fields: str) -> Column:
    """A generator of one string column per top-level field (``c0, c1, ...``)."""
    return Column(n.UnresolvedFunction("json_tuple", (to_expr(col), *(literal(f) for f in fields))))


def schema_of_json(json: Column | str, options: dict[str, str] | None = None) -> Column:
    """The DDL of the schema Spark infers from a JSON literal, e.g. ``STRUCT<a: BIGINT>``."""
    return Column(n.UnresolvedFunction("schema_of_json", (to_expr_or_lit(json), *_options(options))))


def json_array_length(col: ColumnOrName) -> Column:
    """Elements of a top-level JSON array (null for anything else)."""
    return call("json_array_length", col)


def json_object_keys(col: ColumnOrName) -> Column:
    """Keys of a top-level JSON object, in document order (null for anything else)."""
    return call("json_object_keys", col)
