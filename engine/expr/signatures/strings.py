"""Type rules of the string functions: case, trimming, slicing, padding, search, regex, encoding."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.nodes import Expr, Literal
from engine.expr.registry import Signature, TypeRule, function
from engine.expr.signatures._common import defaults_shown, expr_sql, types_of, unexpected_type
from engine.expr.typing import nullable_of

S = T.StringType()
INT = T.IntegerType()
LONG = T.LongType()
BOOL = T.BooleanType()
BIN = T.BinaryType()


def fixed(result: T.DataType, *arg_types: T.DataType | None, nullable: bool | None = None) -> TypeRule:
    """A rule for a function with one result type whose arguments cast to `arg_types` (the last
    type repeats for variadic functions)."""

    def rule(args: Sequence[object]) -> Signature:
        types = tuple(arg_types[min(i, len(arg_types) - 1)] for i in range(len(args))) if arg_types else ()
        return Signature(result, types, nullable)

    return rule


def _hash_rule(name: str, result: T.DataType) -> TypeRule:
    """hash/xxhash64 of any values but variants (Spark's DATATYPE_MISMATCH.HASH_VARIANT_TYPE)."""

    def rule(args: Sequence[object]) -> Signature:
        from engine.expr.signatures.operators import has_variant

        if any(has_variant(t) for t in types_of(args)):
            raise AnalysisException(
                f'[DATATYPE_MISMATCH.HASH_VARIANT_TYPE] Cannot resolve "{expr_sql(name, args)}" due to data type '
                f'mismatch: Input to the function `{name}` cannot contain elements of the "VARIANT" type yet.',
                "DATATYPE_MISMATCH.HASH_VARIANT_TYPE",
                {"sqlExpr": f'"{expr_sql(name, args)}"', "functionName": f"`{name}`"},
            )
        if any(_has_map(t) for t in types_of(args)):
            raise AnalysisException(
                f'[DATATYPE_MISMATCH.HASH_MAP_TYPE] Cannot resolve "{expr_sql(name, args)}" due to data type '
                f'mismatch: Input to the function `{name}` cannot contain elements of the "MAP" type. In Spark, '
                'same maps may have different hashcode, thus hash expressions are prohibited on "MAP" elements. '
                'To restore previous behavior set "spark.sql.legacy.allowHashOnMapType" to "true".',
                "DATATYPE_MISMATCH.HASH_MAP_TYPE",
                {"sqlExpr": f'"{expr_sql(name, args)}"', "functionName": f"`{name}`"},
            )
        return Signature(result, (None,) * len(args), False)

    return rule


def _has_map(t: T.DataType) -> bool:
    """Whether `t` is or holds a map (Spark refuses to hash those: equal maps may hash apart)."""
    if isinstance(t, T.MapType):
        return True
    if isinstance(t, T.ArrayType):
        return _has_map(t.elementType)
    return isinstance(t, T.StructType) and any(_has_map(f.dataType) for f in t.fields)


def register_all(names: Sequence[str], rule: TypeRule, min_args: int, max_args: int | None, **kw: object) -> None:
    """Register `rule` under each name as its own function, so each keeps its name in column names."""
    for name in names:
        function(name, min_args=min_args, max_args=max_args, **kw)(rule)  # type: ignore[arg-type]


def _string_or_binary(result_for_binary: T.DataType, result: T.DataType) -> TypeRule:
    """Binary input keeps its bytes (``length(binary)`` counts bytes); anything else is a string."""

    def rule(args: Sequence[object]) -> Signature:
        if isinstance(types_of(args)[0], T.BinaryType):
            return Signature(result_for_binary, (BIN,) + (INT,) * (len(args) - 1))
        return Signature(result, (S,) + (INT,) * (len(args) - 1))

    return rule


register_all(["upper", "ucase", "lower", "lcase", "initcap", "soundex"], fixed(S, S), 1, 1)
register_all(["length", "char_length", "character_length", "len"], _string_or_binary(INT, INT), 1, 1)
register_all(["octet_length", "bit_length"], fixed(INT, None), 1, 1)
register_all(["btrim"], fixed(S, S), 1, 2)
def _default_last(value: str, arity: int) -> Callable[[str, list[str]], str]:
    """Spark names a call without its optional last argument with the default filled in:
    ``substr(s, 3)`` is ``substr(s, 3, 2147483647)``, ``regexp_replace(s, p, r)`` ends ``, 1)``."""

    def pretty(name: str, args: list[str]) -> str:
        return f"{name}({', '.join(args + [value] * (arity - len(args)))})"

    return pretty


register_all(["substring", "substr"], _string_or_binary(BIN, S), 2, 3, pretty=_default_last("2147483647", 3))
register_all(["left"], fixed(S, S, INT), 2, 2)
register_all(["right"], fixed(S, S, INT, nullable=True), 2, 2)  # Spark's IF(str IS NULL, NULL, ...) is nullable
register_all(["split"], fixed(T.ArrayType(S, False), S, S, INT), 2, 3, pretty=defaults_shown(3, "-1"))


def _regexp_replace_rule(args: Sequence[object]) -> Signature:
    """``regexp_replace(s, p, r[, position])``: a constant position must be positive, as Spark
    checks it while it analyzes (DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE)."""
    if len(args) == 4:
        from engine.expr.display import sql_name
        from engine.expr.signatures._common import literal_value
        from engine.expr.traverse import attributes

        if attributes(args[3]):  # type: ignore[arg-type]
            shown = expr_sql("regexp_replace", args)
            raise AnalysisException(
                f'[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "{shown}" due to data type mismatch: the '
                f'input `position` should be a foldable "INT" expression; however, got "{sql_name(args[3])}".',  # type: ignore[arg-type]
                "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
            )
        pos = literal_value(args[3])
        if isinstance(pos, int) and not isinstance(pos, bool) and pos <= 0:
            shown = expr_sql("regexp_replace", args)
            raise AnalysisException(
                f'[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "{shown}" due to data type mismatch: '
                f"The position must be between (0, 2147483647] (current value = {pos}).",
                "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
                {"sqlExpr": f'"{shown}"', "exprName": "position", "valueRange": "(0, 2147483647]", "currentValue": str(pos)},
            )
    return Signature(S, (S, S, S, INT)[: len(args)])


register_all(["regexp_replace"], _regexp_replace_rule, 3, 4, pretty=_default_last("1", 4))
register_all(["regexp_extract"], fixed(S, S, S, INT), 2, 3, pretty=defaults_shown(3, "1"))
register_all(["regexp_extract_all"], fixed(T.ArrayType(S, True), S, S, INT), 2, 3, pretty=defaults_shown(3, "1"))
register_all(["rlike"], fixed(BOOL, S, S), 2, 2)
register_all(["regexp"], fixed(BOOL, S, S), 2, 2, pretty=lambda _n, a: f"REGEXP({', '.join(a)})")
register_all(["regexp_like"], fixed(BOOL, S, S), 2, 2, pretty=lambda _n, a: f"REGEXP_LIKE({', '.join(a)})")
register_all(["regexp_count"], fixed(INT, S, S), 2, 2)
register_all(["regexp_instr"], fixed(INT, S, S, INT), 2, 3, pretty=_default_last("0", 3))
register_all(["regexp_substr"], fixed(S, S, S, nullable=True), 2, 2)
register_all(["like", "ilike"], fixed(BOOL, S, S, S), 2, 3)
# SQL's ``s [NOT] LIKE ANY|ALL ('p1', 'p2')`` with constant patterns; Spark names it by `s` alone.
register_all(
    ["likeany", "likeall", "notlikeany", "notlikeall"], fixed(BOOL, S, S, nullable=True), 2, None,
    pretty=lambda name, args: f"{name}({args[0]})",
)  # fmt: skip
register_all(["startswith", "endswith", "contains"], fixed(BOOL, S, S), 2, 2)


def _pad_rule(args: Sequence[object]) -> Signature:
    """Spark's BinaryPad when value and pad are both binary (bytes in, bytes out), else a string pad."""
    types = types_of(args)
    if isinstance(types[0], T.BinaryType) and len(types) == 3 and isinstance(types[2], T.BinaryType):
        return Signature(BIN, (BIN, INT, BIN))
    return Signature(S, (S, INT, S))


def pad_with_default(args: list[Expr]) -> list[Expr]:
    """``lpad``/``rpad`` without a pad: a binary value pads with a zero byte (Spark shows it as
    ``X'00'`` in the column name), a string with a space (added by the kernel)."""
    if len(args) == 2 and isinstance(types_of(args)[0], T.BinaryType):
        return [*args, Literal(b"\x00", BIN)]
    return args


register_all(["lpad", "rpad"], _pad_rule, 2, 3, pretty=defaults_shown(3, " "))
register_all(["instr"], fixed(INT, S, S, INT, INT), 2, 4, pretty=defaults_shown(4, "1"))  # occurrence shown
register_all(["locate"], fixed(INT, S, S, INT), 2, 3, pretty=defaults_shown(3, "1"))
register_all(["position"], fixed(INT, S, S, INT), 2, 3, pretty=defaults_shown(3, "1"))
register_all(["repeat"], fixed(S, S, INT), 2, 2)
register_all(["space"], fixed(S, INT), 1, 1)
register_all(["translate"], fixed(S, S, S, S), 3, 3)
register_all(["replace"], fixed(S, S, S, S), 2, 3, pretty=defaults_shown(3, ""))  # replace(s, f, )
register_all(["ascii"], fixed(INT, S), 1, 1)
register_all(["chr", "char"], fixed(S, LONG), 1, 1)
register_all(["base64"], fixed(S, BIN), 1, 1)
register_all(["unbase64"], fixed(BIN, S), 1, 1)
register_all(["encode"], fixed(BIN, S, S), 2, 2)
function("decode", min_args=2, max_args=None)(lambda args: _decode(args))


def _decode(args: Sequence[object]) -> Signature:
    """``decode(bin, charset)`` the charset decoding; ``decode(x, s1, r1, ..., [default])``
    Oracle's CASE: the result of the first search equal to x (nulls equal), else the default."""
    if len(args) == 2:
        return Signature(S, (BIN, S))
    from engine.expr.coercion import common_type

    types = types_of(args)
    has_default = len(args) % 2 == 0
    searches = list(range(1, len(args) - has_default, 2))
    results = [i + 1 for i in searches] + ([len(args) - 1] if has_default else [])
    key = common_type([types[0], *(types[i] for i in searches)]) or S
    out = common_type([types[i] for i in results]) or S
    arg_types: list[T.DataType] = [key] * len(args)
    for i in results:
        arg_types[i] = out
    return Signature(out, tuple(arg_types), True)
register_all(["levenshtein"], fixed(INT, S, S, INT), 2, 3)


def _overlay_rule(args: Sequence[object]) -> Signature:
    """``overlay(src PLACING rep FROM pos [FOR len])`` of strings, or of binaries (bytes in, bytes
    out); a string with a binary is Spark's DATA_DIFF_TYPES."""
    types = types_of(args)
    binary = [isinstance(t, T.BinaryType) for t in types[:2]]
    if any(binary) and not all(binary) and not any(isinstance(t, T.NullType) for t in types[:2]):
        shown = expr_sql("overlay", [*args, *([Literal(-1, INT)] if len(args) == 3 else [])])
        listed = " or ".join(f'"{t.simpleString().upper()}"' for t in types[:2])
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "{shown}" due to data type mismatch: Input to '
            f"`overlay` should all be the same type, but it's ({listed}).",
            "DATATYPE_MISMATCH.DATA_DIFF_TYPES",
        )
    text = BIN if any(binary) else S
    return Signature(text, (text, text, INT, INT)[: len(args)])


register_all(["overlay"], _overlay_rule, 3, 4, pretty=defaults_shown(4, "-1"))
register_all(["substring_index"], fixed(S, S, S, INT), 3, 3)
register_all(["split_part"], fixed(S, S, S, INT), 3, 3)
register_all(["find_in_set"], fixed(INT, S, S), 2, 2)
register_all(["md5", "sha1", "sha"], fixed(S, BIN), 1, 1)
register_all(["sha2"], fixed(S, BIN, INT, nullable=True), 2, 2)  # null for an unsupported bit length
register_all(["crc32"], fixed(LONG, BIN), 1, 1)
register_all(["hash"], _hash_rule("hash", INT), 1, None)
register_all(["xxhash64"], _hash_rule("xxhash64", LONG), 1, None)
register_all(["uuid"], fixed(S, nullable=False), 0, 1, deterministic=False, pretty=lambda name, a: f"{name}()")
register_all(["elt"], fixed(S, INT, S), 2, None)
register_all(["str_to_map"], fixed(T.MapType(S, S, True), S, S, S), 1, 3, pretty=defaults_shown(3, ",", ":"))
def _format_string(args: Sequence[object]) -> Signature:
    """Any arguments after a string format; null only for a null format. A constant format
    naming argument ``%0$`` is refused as Spark's analysis refuses it (arguments count from 1)."""
    fmt = args[0]
    if isinstance(fmt, Literal) and isinstance(fmt.value, str) and re.search(r"(?<!%)(?:%%)*%0\$", fmt.value):
        raise AnalysisException(
            "[INVALID_PARAMETER_VALUE.ZERO_INDEX] The value of parameter(s) `strfmt` in `format_string` is invalid: "
            "expects %1$, %2$ and so on, but got %0$. SQLSTATE: 22023",
            "INVALID_PARAMETER_VALUE.ZERO_INDEX",
            {"parameter": "`strfmt`", "functionName": "`format_string`"},
        )
    return Signature(S, (S,) + (None,) * (len(args) - 1), nullable_of(args[0]))  # type: ignore[arg-type]


register_all(["format_string", "printf"], _format_string, 1, None)
_mask_name = defaults_shown(5, "X", "x", "n", "NULL")


@function("mask", min_args=1, max_args=5, pretty=_mask_name)
def _mask(args: Sequence[object]) -> Signature:
    """``mask(s[, upperChar, lowerChar, digitChar, otherChar])``: each replacement a constant
    string of one character or NULL (which keeps that class); Spark types the result nullable
    whatever its inputs, and names the call with every default filled in."""
    from engine.errors import AnalysisException
    from engine.expr.display import sql_name
    from engine.expr.signatures._common import literal_value, type_name

    call = _mask_name("mask", [sql_name(a) for a in args])  # type: ignore[arg-type]
    for i, (param, arg, dtype) in enumerate(zip(_MASK_PARAMS, args[1:], types_of(args)[1:]), start=1):
        mismatch = f'[DATATYPE_MISMATCH.{{}}] Cannot resolve "{call}" due to data type mismatch: '
        if not isinstance(dtype, (T.StringType, T.NullType)):
            raise AnalysisException(
                mismatch.format("UNEXPECTED_INPUT_TYPE") + f"The {('second', 'third', 'fourth', 'fifth')[i - 1]} "
                f'parameter requires the "STRING" type, however "{sql_name(arg)}" has the type {type_name(dtype)}.',  # type: ignore[arg-type]
                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
            )
        value = literal_value(arg, args)
        if value is args:
            raise AnalysisException(
                mismatch.format("NON_FOLDABLE_INPUT") + f'the input `{param}` should be a foldable "STRING" '
                f'expression; however, got "{sql_name(arg)}".',  # type: ignore[arg-type]
                "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
            )
        if value is not None and len(str(value)) != 1:
            raise AnalysisException(
                mismatch.format("INPUT_SIZE_NOT_ONE") + f"Length of {param} should be 1.",
                "DATATYPE_MISMATCH.INPUT_SIZE_NOT_ONE",
            )
    return Signature(S, (S,) * len(args), True)


_MASK_PARAMS = ("upperChar", "lowerChar", "digitChar", "otherChar")
register_all(["conv"], fixed(S, S, INT, INT, nullable=True), 3, 3)


def _trim_pretty(fn: str) -> Callable[[str, list[str]], str]:
    """Spark names ``trim(s, 'x')`` as ``TRIM(BOTH x FROM s)``."""
    side = {"trim": "BOTH", "ltrim": "LEADING", "rtrim": "TRAILING"}[fn]

    def pretty(name: str, args: list[str]) -> str:
        if len(args) == 2:
            return f"TRIM({side} {args[1]} FROM {args[0]})"
        return f"{name}({args[0]})"

    return pretty


for _fn in ("trim", "ltrim", "rtrim"):
    function(_fn, min_args=1, max_args=2, pretty=_trim_pretty(_fn))(fixed(S, S))


@function("concat", min_args=0)
def _concat(args: Sequence[object]) -> Signature:
    """Strings concatenate as strings, arrays as arrays, all-binary as binary."""
    types = types_of(args)
    if types and all(isinstance(t, (T.ArrayType, T.NullType)) for t in types):
        from engine.expr.coercion import common_type

        out = common_type(types)
        if not isinstance(out, T.ArrayType):
            out = T.ArrayType(S, True)
        return Signature(out, (out,) * len(args))
    if types and all(isinstance(t, T.BinaryType) for t in types):
        return Signature(BIN, (BIN,) * len(args))
    return Signature(S, (S,) * len(args))


@function("concat_ws", min_args=1)
def _concat_ws(args: Sequence[object]) -> Signature:
    """``concat_ws(sep, ...)``: arrays of strings stay arrays; null only when `sep` is null."""
    types = types_of(args)
    casts: list[T.DataType | None] = [S]
    for i, t in enumerate(types[1:], start=1):
        if isinstance(t, T.ArrayType):
            if not isinstance(t.elementType, (T.StringType, T.NullType)):
                raise unexpected_type("concat_ws", args, i, '("ARRAY<STRING>" or "STRING")')
            casts.append(T.ArrayType(S, True))
        else:
            casts.append(S)
    from engine.expr.typing import nullable_of

    return Signature(S, tuple(casts), nullable_of(args[0]))  # type: ignore[arg-type]


@function("format_number", min_args=2, max_args=2)
def _format_number(args: Sequence[object]) -> Signature:
    t = types_of(args)[1]
    return Signature(S, (None, S if isinstance(t, T.StringType) else INT), True)  # Spark: always nullable


@function("reverse", min_args=1, max_args=1)
def _reverse(args: Sequence[object]) -> Signature:
    t = types_of(args)[0]
    if isinstance(t, T.ArrayType | T.BinaryType):  # binary keeps its type: its bytes are reversed
        return Signature(t, (t,))
    return Signature(S, (S,))


