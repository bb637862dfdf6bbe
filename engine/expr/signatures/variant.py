"""Type rules of the variant functions: parse_json, variant_get, schema_of_variant and friends."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import defaults_shown, literal_value, types_of, unexpected_type
from engine.expr.signatures.cast import cast_mismatch, castable_from_variant, castable_to_variant

S = T.StringType()
V = T.VariantType()


def _string_input(name: str, args: Sequence[object]) -> None:
    t = types_of(args)[0]
    if not (T.is_string(t) or isinstance(t, T.NullType)):
        raise unexpected_type(name, args, 0, '"STRING"')


def _variant_input(name: str, args: Sequence[object]) -> None:
    t = types_of(args)[0]
    if not isinstance(t, (T.VariantType, T.NullType)):
        raise unexpected_type(name, args, 0, '"VARIANT"')


@function("parse_json", min_args=1, max_args=1)
def _parse_json(args: Sequence[object]) -> Signature:
    _string_input("parse_json", args)
    return Signature(V, (S,))


@function("try_parse_json", min_args=1, max_args=1)
def _try_parse_json(args: Sequence[object]) -> Signature:
    _string_input("try_parse_json", args)
    return Signature(V, (S,), True)


@function("is_variant_null", min_args=1, max_args=1)
def _is_variant_null(args: Sequence[object]) -> Signature:
    _variant_input("is_variant_null", args)
    return Signature(T.BooleanType(), (V,), False)


@function("is_valid_variant", min_args=1, max_args=1)
def _is_valid_variant(args: Sequence[object]) -> Signature:
    _variant_input("is_valid_variant", args)
    return Signature(T.BooleanType(), (V,), False)


def target_type(name: str, args: Sequence[object]) -> T.DataType:
    """The type named by variant_get's third argument (``'int'``, ``'array<string>'``; variant
    when left out); Spark's UNSUPPORTED_DATATYPE for a name it does not know."""
    if len(args) < 3:
        return V
    text = literal_value(args[2])
    if not isinstance(text, str):
        shown = sql_name(args[2])  # type: ignore[arg-type]
        raise AnalysisException(
            f'[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema "{shown}" is not a valid schema string. The input '
            "expression must be string literal and not null.",
            "INVALID_SCHEMA.NON_STRING_LITERAL",
            {"inputSchema": f'"{shown}"'},
        )
    try:
        return T.parse_ddl(text)
    except Exception as e:
        msg = f'[UNSUPPORTED_DATATYPE] Unsupported data type "{text.strip().upper()}".'
        raise AnalysisException(msg, "UNSUPPORTED_DATATYPE", {"typeName": f'"{text.strip().upper()}"'}) from e


def _variant_get_name(name: str, args: list[str]) -> str:
    """Spark names ``variant_get(v, '$.a', 'int')`` without its type: ``variant_get(v, $.a)``."""
    return f"{name}({args[0]}, {args[1]})"


def _variant_get_rule(name: str) -> object:
    def rule(args: Sequence[object]) -> Signature:
        _variant_input(name, args)
        if not (T.is_string(types_of(args)[1]) or isinstance(types_of(args)[1], T.NullType)):
            raise unexpected_type(name, args, 1, '"STRING"')
        to = target_type(name, args)
        if not castable_from_variant(to):
            raise cast_mismatch(_variant_get_name(name, [sql_name(a) for a in args]), V, to)  # type: ignore[arg-type]
        return Signature(to, (V, S, None)[: len(args)], True)

    return rule


function("variant_get", min_args=2, max_args=3, pretty=_variant_get_name)(_variant_get_rule("variant_get"))  # type: ignore[arg-type]
function("try_variant_get", min_args=2, max_args=3, pretty=_variant_get_name)(_variant_get_rule("try_variant_get"))  # type: ignore[arg-type]


@function("schema_of_variant", min_args=1, max_args=1)
def _schema_of_variant(args: Sequence[object]) -> Signature:
    _variant_input("schema_of_variant", args)
    return Signature(S, (V,))


@function("schema_of_variant_agg", "aggregate", min_args=1, max_args=1)
def _schema_of_variant_agg(args: Sequence[object]) -> Signature:
    _variant_input("schema_of_variant_agg", args)
    return Signature(S, (V,), False)


@function("to_variant_object", min_args=1, max_args=1)
def _to_variant_object(args: Sequence[object]) -> Signature:
    t = types_of(args)[0]
    if not isinstance(t, (T.StructType, T.MapType, T.ArrayType)):
        raise unexpected_type("to_variant_object", args, 0, '("STRUCT" or "MAP" or "ARRAY")')
    return Signature(V, (None,))


EXPLODED = T.StructType([
    T.StructField("pos", T.IntegerType(), False), T.StructField("key", S, True), T.StructField("value", V, False),
])  # fmt: skip


def _variant_explode_rule(name: str) -> object:
    def rule(args: Sequence[object]) -> Signature:
        _variant_input(name, args)
        return Signature(EXPLODED, (V,), True)

    return rule


for _name in ("variant_explode", "variant_explode_outer"):
    function(_name, "generator", min_args=1, max_args=1)(_variant_explode_rule(_name))  # type: ignore[arg-type]


# ------------------------------------------------------------------ editing (variant_set and friends)


def _edit_rule(name: str, value_at: int | None) -> object:
    """A variant, a path (or paths), maybe a value to write (anything ``CAST(x AS VARIANT)``
    takes), maybe a boolean flag: a variant, null where an argument is (always nullable for try_)."""

    def rule(args: Sequence[object]) -> Signature:
        _variant_input(name, args)
        types = types_of(args)
        for i, t in enumerate(types[1:], 1):
            if i == value_at:
                if not (isinstance(t, T.VariantType) or castable_to_variant(t)):
                    raise cast_mismatch(expr_sql_of(name, args), t, V)
            elif value_at is None or i < value_at:
                if not (T.is_string(t) or isinstance(t, T.NullType)):
                    raise unexpected_type(name, args, i, '"STRING"')
        casts = tuple(V if i == 0 else S if (value_at is None or i < value_at) else None for i in range(len(args)))
        return Signature(V, casts, True if name.startswith("try_") else None)

    return rule


def expr_sql_of(name: str, args: Sequence[object]) -> str:
    """A call's SQL text as Spark quotes it in errors (defaults shown, as in its column name)."""
    from engine.expr.registry import lookup

    fd = lookup(name)
    shown = [sql_name(a) for a in args]  # type: ignore[arg-type]
    return fd.pretty(name, shown) if fd is not None and fd.pretty is not None else f"{name}({', '.join(shown)})"


for _name in ("variant_set", "try_variant_set"):
    function(_name, min_args=3, max_args=4, pretty=defaults_shown(4, "true"))(_edit_rule(_name, 2))  # type: ignore[arg-type]
for _name in ("variant_insert", "try_variant_insert", "variant_array_append", "try_variant_array_append"):
    function(_name, min_args=3, max_args=3)(_edit_rule(_name, 2))  # type: ignore[arg-type]
function("variant_delete", min_args=2)(_edit_rule("variant_delete", None))  # type: ignore[arg-type]


@function("variant_strip_nulls", min_args=1, max_args=2, pretty=defaults_shown(2, "true"))
def _variant_strip_nulls(args: Sequence[object]) -> Signature:
    _variant_input("variant_strip_nulls", args)
    return Signature(V, (V, T.BooleanType())[: len(args)])
