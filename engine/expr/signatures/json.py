"""Type rules of the JSON functions: from_json, to_json, get_json_object, json_tuple and friends."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.json_lenient import features_of
from engine.expr.nodes import Call, Literal
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import expr_sql, literal_value, type_name, types_of, unexpected_type
from engine.expr.text_schemas import csv_line_schema, json_value_type, loads

S = T.StringType()


def schema_argument(arg: object) -> T.DataType:
    """The type a literal schema argument of from_json names (a DDL string such as
    ``a INT, b STRING`` or ``array<int>``, or ``schema_of_json``/``schema_of_csv`` of a literal
    sample, which Spark folds to its DDL); anything else is Spark's INVALID_SCHEMA."""
    text = literal_value(arg, folded_schema(arg))
    if not isinstance(text, str):
        msg = f"[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema {text!r} must be a string literal."
        raise AnalysisException(msg, "INVALID_SCHEMA.NON_STRING_LITERAL")
    try:
        dt = T.parse_ddl(text)
    except Exception as e:
        msg = f'[INVALID_SCHEMA.PARSE_ERROR] The input schema "{text}" is not a valid schema string.'
        raise AnalysisException(msg, "INVALID_SCHEMA.PARSE_ERROR") from e
    if not isinstance(dt, (T.StructType, T.ArrayType, T.MapType, T.VariantType)):
        msg = (
            f"[DATATYPE_MISMATCH.INVALID_JSON_SCHEMA] Input schema {dt.simpleString()} must be a struct, "
            "an array, a map or a variant."
        )
        raise AnalysisException(msg, "DATATYPE_MISMATCH.INVALID_JSON_SCHEMA")
    return dt


def folded_schema(arg: object) -> str | None:
    """The DDL ``schema_of_json('{"a": 1}')`` or ``schema_of_csv('1,abc')`` gives (Spark folds a
    call on a literal sample while it analyzes), else None."""
    if not isinstance(arg, Call) or arg.name not in ("schema_of_json", "schema_of_csv"):
        return None
    sample = literal_value(arg.args[0])
    options = _map_value(arg.args[1]) if len(arg.args) > 1 else {}
    pairs = options.items() if isinstance(options, dict) else options  # a map literal: dict or pairs
    if not isinstance(sample, str) or not isinstance(pairs, (list, tuple, type({}.items()))):
        return None
    if arg.name == "schema_of_csv":
        return csv_line_schema(sample, {str(k).lower(): str(v) for k, v in pairs})
    lowered = {str(k).lower(): str(v) for k, v in pairs}
    ok, value = loads(sample, features_of(lowered))
    return json_value_type(value, lowered)._sql() if ok else None  # noqa: SLF001 - the DDL text Spark prints


def _map_value(arg: object) -> object:
    """The value of a constant options map: a map literal, or ``map('k', 'v', ...)`` of literals."""
    if isinstance(arg, Call) and arg.name == "map" and len(arg.args) % 2 == 0:
        values = [literal_value(a, _MISSING) for a in arg.args]
        return None if _MISSING in values else list(zip(values[::2], values[1::2]))
    return literal_value(arg, None)


_MISSING = object()


def _string_input(name: str, args: Sequence[object]) -> None:
    t = types_of(args)[0]
    if not (T.is_string(t) or isinstance(t, T.NullType)):
        raise unexpected_type(name, args, 0, '"STRING"')


def _from_json_name(_name: str, args: list[str]) -> str:
    """Spark names ``from_json(j, 'map<...>')`` ``entries`` and every other form by its input."""
    schema = args[1] if len(args) > 1 else ""
    return "entries" if schema.lower().startswith("map<") else f"from_json({args[0]})"


def check_options(args: Sequence[object], index: int) -> None:
    """The options argument of a JSON/CSV function (when given) is a map of strings, as Spark
    requires: INVALID_OPTIONS.NON_MAP_FUNCTION otherwise, or NON_STRING_TYPE for other keys/values."""
    if len(args) <= index:
        return
    t = types_of(args)[index]
    if not isinstance(t, T.MapType):
        raise AnalysisException(
            "[INVALID_OPTIONS.NON_MAP_FUNCTION] Invalid options: Must use the `map()` function for options.",
            "INVALID_OPTIONS.NON_MAP_FUNCTION",
        )
    if not all(isinstance(x, (T.StringType, T.NullType)) for x in (t.keyType, t.valueType)):
        raise AnalysisException(
            "[INVALID_OPTIONS.NON_STRING_TYPE] Invalid options: A type of keys and values in `map()` must be "
            f"string, but got {type_name(t)}.",
            "INVALID_OPTIONS.NON_STRING_TYPE",
            {"mapType": type_name(t)},
        )


@function("from_json", min_args=2, max_args=3, pretty=_from_json_name)
def _from_json(args: Sequence[object]) -> Signature:
    _string_input("from_json", args)
    check_options(args, 2)
    mode = dict(_map_value(args[2]) or []).get("mode") if len(args) > 2 else None  # type: ignore[arg-type]
    if isinstance(mode, str) and mode.upper() not in ("PERMISSIVE", "FAILFAST"):
        raise AnalysisException(
            f"[PARSE_MODE_UNSUPPORTED] The function `from_json` doesn't support the {mode.upper()} mode. "
            "Acceptable modes are PERMISSIVE and FAILFAST.",
            "PARSE_MODE_UNSUPPORTED",
            {"funcName": "`from_json`", "mode": mode.upper()},
        )
    dt = schema_argument(args[1])
    return Signature(dt, (S, None, None)[: len(args)], True)


@function("to_json", min_args=1, max_args=2, pretty=lambda _n, a: f"to_json({a[0]})")
def _to_json(args: Sequence[object]) -> Signature:
    t = types_of(args)[0]
    if not isinstance(t, (T.StructType, T.ArrayType, T.MapType, T.VariantType)):
        raise unexpected_type("to_json", args, 0, '("STRUCT" or "ARRAY" or "MAP" or "VARIANT")')
    check_options(args, 1)
    return Signature(S, (None,) * len(args), True)  # Spark types to_json nullable whatever its input


@function("get_json_object", min_args=2, max_args=2)
def _get_json_object(args: Sequence[object]) -> Signature:
    return Signature(S, (S, S), True)


@function(
    "json_tuple", "generator", min_args=2,
    pretty=lambda _n, a: "c0" if len(a) == 2 else f"json_tuple({', '.join(a)})",
)
def _json_tuple(args: Sequence[object]) -> Signature:
    """One string column per requested field (``c0, c1, ...``): a struct for two or more."""
    n = len(args) - 1
    if n == 1:
        return Signature(S, (S,) * len(args), True)
    return Signature(T.StructType([T.StructField(f"c{i}", S) for i in range(n)]), (S,) * len(args), True)


@function("schema_of_json", min_args=1, max_args=2, pretty=lambda _n, a: f"schema_of_json({a[0]})")
def _schema_of_json(args: Sequence[object]) -> Signature:
    sample = args[0]
    if not isinstance(literal_value(sample), str):
        shown = expr_sql("schema_of_json", args[:1])
        if isinstance(sample, Literal) and sample.value is None:
            raise AnalysisException(
                f'[DATATYPE_MISMATCH.UNEXPECTED_NULL] Cannot resolve "{shown}" due to data type mismatch: '
                "The json must not be null.",
                "DATATYPE_MISMATCH.UNEXPECTED_NULL",
                {"sqlExpr": f'"{shown}"', "exprName": "json"},
            )
        if T.is_string(types_of(args)[0]):
            raise AnalysisException(
                f'[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "{shown}" due to data type mismatch: the '
                f'input `json` should be a foldable "STRING" expression; however, got "{sql_name(sample)}".',  # type: ignore[arg-type]
                "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
                {"sqlExpr": f'"{shown}"', "inputName": "`json`", "inputType": '"STRING"', "inputExpr": f'"{sql_name(sample)}"'},  # type: ignore[arg-type]
            )
        raise unexpected_type("schema_of_json", args, 0, '"STRING"')
    check_options(args, 1)
    return Signature(S, (S, None)[: len(args)], False)


@function("json_array_length", min_args=1, max_args=1)
def _json_array_length(args: Sequence[object]) -> Signature:
    _string_input("json_array_length", args)
    return Signature(T.IntegerType(), (S,), True)


@function("json_object_keys", min_args=1, max_args=1)
def _json_object_keys(args: Sequence[object]) -> Signature:
    _string_input("json_object_keys", args)
    return Signature(T.ArrayType(S, True), (S,), True)
