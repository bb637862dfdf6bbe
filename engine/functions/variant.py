"""Variant functions of ``F``: parse_json, variant_get, schema_of_variant and friends."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName, to_expr, to_expr_or_lit
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.functions._build import agg, call

__all__ = [
    "parse_json", "try_parse_json", "is_variant_null", "variant_get", "try_variant_get", "schema_of_variant",
    "schema_of_variant_agg", "to_variant_object", "is_valid_variant", "variant_set", "try_variant_set", "variant_insert",
    "try_variant_insert", "variant_array_append", "try_variant_array_append", "variant_delete", "variant_strip_nulls",
]  # fmt: skip


def parse_json(col: ColumnOrName) -> Column:
    """JSON text as a VARIANT; malformed text fails the query (MALFORMED_RECORD_IN_PARSING)."""
    return call("parse_json", col)


def try_parse_json(col: ColumnOrName) -> Column:
    """JSON text as a VARIANT, null where the text is malformed."""
    return call("try_parse_json", col)


def is_variant_null(v: ColumnOrName) -> Column:
    """Whether a variant holds JSON null (false for a SQL null)."""
    return call("is_variant_null", v)


def is_valid_variant(v: ColumnOrName) -> Column:
    """Whether a variant's bytes are a well-formed variant."""
    return call("is_valid_variant", v)


def _get(name: str, v: ColumnOrName, path: Column | str, target_type: str) -> Column:
    return Column(n.UnresolvedFunction(name, (to_expr(v), to_expr_or_lit(path), literal(target_type))))


def variant_get(v: ColumnOrName, path: Column | str, targetType: str) -> Column:  # noqa: N803 - PySpark name
    """The part of `v` at `path` (``$.a.b[0]``) cast to `targetType`; null where the path leads
    nowhere, INVALID_VARIANT_CAST where the value does not cast."""
    return _get("variant_get", v, path, targetType)


def try_variant_get(v: ColumnOrName, path: Column | str, targetType: str) -> Column:  # noqa: N803 - PySpark name
    """`variant_get`, null where the value does not cast."""
    return _get("try_variant_get", v, path, targetType)


def schema_of_variant(v: ColumnOrName) -> Column:
    """The schema of a variant as Spark prints it, e.g. ``OBJECT<a: BIGINT>``."""
    return call("schema_of_variant", v)


def schema_of_variant_agg(v: ColumnOrName) -> Column:
    """The merged schema of a variant column over all its rows (an aggregate)."""
    return agg("schema_of_variant_agg", v)


def to_variant_object(col: ColumnOrName) -> Column:
    """A struct, map or array as a VARIANT (structs and maps become objects)."""
    return call("to_variant_object", col)


def _edit(name: str, v: ColumnOrName, path: Column | str, value: ColumnOrName, *flag: bool) -> Column:
    args = (to_expr(v), to_expr_or_lit(path), to_expr(value), *(literal(f) for f in flag))
    return Column(n.UnresolvedFunction(name, args))


def variant_set(v: ColumnOrName, path: Column | str, value: ColumnOrName, create_if_missing: bool = True) -> Column:
    """`v` with the value at `path` replaced by `value` (created, with its parents, when missing
    and `create_if_missing`)."""
    return _edit("variant_set", v, path, value, create_if_missing)


def try_variant_set(v: ColumnOrName, path: Column | str, value: ColumnOrName, create_if_missing: bool = True) -> Column:
    """`variant_set`, null where the path does not fit the document."""
    return _edit("try_variant_set", v, path, value, create_if_missing)


def variant_insert(v: ColumnOrName, path: Column | str, value: ColumnOrName) -> Column:
    """`v` with `value` inserted at `path` (a new object key, or before an array position)."""
    return _edit("variant_insert", v, path, value)


def try_variant_insert(v: ColumnOrName, path: Column | str, value: ColumnOrName) -> Column:
    """`variant_insert`, null where the key exists or the path does not fit."""
    return _edit("try_variant_insert", v, path, value)


def variant_array_append(v: ColumnOrName, path: Column | str, value: ColumnOrName) -> Column:
    """`v` with `value` appended to the array at `path`."""
    return _edit("variant_array_append", v, path, value)


def try_variant_array_append(v: ColumnOrName, path: Column | str, value: ColumnOrName) -> Column:
    """`variant_array_append`, null where `path` is not an array."""
    return _edit("try_variant_array_append", v, path, value)


def variant_delete(v: ColumnOrName, *paths: Column | str) -> Column:
    """`v` without the values at `paths` (paths that lead nowhere are ignored)."""
    return Column(n.UnresolvedFunction("variant_delete", (to_expr(v), *(to_expr_or_lit(p) for p in paths))))


def variant_strip_nulls(v: ColumnOrName, include_arrays: bool = True) -> Column:
    """`v` without JSON nulls in its objects (and arrays, when `include_arrays`), at any depth."""
    return Column(n.UnresolvedFunction("variant_strip_nulls", (to_expr(v), literal(include_arrays))))
