"""Type rules of the operators: arithmetic, comparison, logic, bitwise, IN and null tests."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.coercion import as_decimal, common_type, comparison_type, decimal_arithmetic, wider_numeric
from engine.expr.display import sql_name
from engine.expr.nodes import Cast, Literal
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import (
    arithmetic_required,
    data_diff_types,
    diff_types,
    expr_sql,
    type_name,
    types_of,
    unexpected_type,
    wrong_type,
)
from engine.expr.signatures.intervals import interval_signature
from engine.expr.typing import cast_may_null


def numeric_operands(name: str, args: Sequence[object]) -> tuple[T.DataType, T.DataType]:
    """Both operand types of an arithmetic operator after Spark's ANSI string/null promotion.

    A string operand takes bigint next to an integral and double next to anything else;
    a NULL literal takes the other side's type (double when both are NULL).
    """
    left, right = types_of(args)
    if T.is_string(left) and T.is_string(right):
        raise wrong_type(name, args, arithmetic_required(name), left)
    for a, b in ((left, right), (right, left)):
        if T.is_string(a) and (T.is_numeric(b) or isinstance(b, T.NullType)):
            promoted: T.DataType = T.LongType() if T.is_integral(b) else T.DoubleType()
            return (promoted, b if not isinstance(b, T.NullType) else promoted)[:: 1 if a is left else -1]  # type: ignore[return-value]
        if T.is_string(a) and isinstance(b, (T.BinaryType, T.BooleanType)):
            raise wrong_type(name, args, arithmetic_required(name), b)  # the string is read as a b: same types
    if isinstance(left, T.NullType) and isinstance(right, T.NullType):
        return T.DoubleType(), T.DoubleType()
    left = right if isinstance(left, T.NullType) else left
    right = left if isinstance(right, T.NullType) else right
    if not (T.is_numeric(left) and T.is_numeric(right)):
        if type(left) is not type(right):
            raise diff_types(name, args)
        raise wrong_type(name, args, arithmetic_required(name), left)
    return left, right


def _decimal_pair(
    left: T.DataType, right: T.DataType, args: Sequence[object] = ()
) -> tuple[T.DecimalType, T.DecimalType] | None:
    """Both sides as decimals when the operation is decimal arithmetic (no float involved).

    An integral literal next to a decimal takes only the digits it has, as Spark's
    DecimalType.fromLiteral: ``dec(10,3) * 2`` is decimal(12,3), not decimal(21,3).
    """
    if not (isinstance(left, T.DecimalType) or isinstance(right, T.DecimalType)):
        return None
    dl, dr = as_decimal(left), as_decimal(right)
    if dl is None or dr is None:
        return None
    if len(args) == 2:
        dl, dr = (_literal_decimal(a, d) for a, d in zip(args, (dl, dr)))
    return dl, dr


def _literal_decimal(arg: object, dt: T.DecimalType) -> T.DecimalType:
    """An integral literal's own digits; ``2L`` and ``2S`` are typed literals (a cast of text).
    A tinyint keeps decimal(3,0), as in Spark's fromLiteral."""
    if isinstance(arg, Cast) and arg.typed_literal and isinstance(arg.to, (T.ShortType, T.IntegerType, T.LongType)) and isinstance(arg.child, Literal):
        text = str(arg.child.value).strip().lstrip("+-")
        return T.DecimalType(max(len(text.lstrip("0")), 1), 0) if text.isdigit() else dt
    if isinstance(arg, Literal) and isinstance(arg.dtype, (T.ShortType, T.IntegerType, T.LongType)) and isinstance(arg.value, int):
        return T.DecimalType(max(len(str(abs(arg.value))), 1), 0)
    return dt


def arithmetic_signature(op: str, name: str, args: Sequence[object]) -> Signature:
    """The signature of ``+ - * / %`` (and their try_ forms): Spark's result types."""
    timed = interval_signature(op, name, args)
    if timed is not None:
        return timed
    left, right = numeric_operands(name, args)
    pair = _decimal_pair(left, right, args)
    if pair is not None:
        result = decimal_arithmetic(op, *pair)
        # + - * overflow raises under ANSI (Spark 4's default), so only their inputs' nulls remain
        return Signature(result, pair, None if op in "+-*" else True)
    if op == "/":
        return Signature(T.DoubleType(), (T.DoubleType(), T.DoubleType()), True)
    wide = wider_numeric(left, right)
    return Signature(wide, (wide, wide), True if op in ("%", "pmod") else None)


@function("+", min_args=2, max_args=2)
def _add(args: Sequence[object]) -> Signature:
    return arithmetic_signature("+", "+", args)


@function("-", min_args=2, max_args=2)
def _subtract(args: Sequence[object]) -> Signature:
    return arithmetic_signature("-", "-", args)


@function("*", min_args=2, max_args=2)
def _multiply(args: Sequence[object]) -> Signature:
    return arithmetic_signature("*", "*", args)


@function("/", min_args=2, max_args=2)
def _divide(args: Sequence[object]) -> Signature:
    return arithmetic_signature("/", "/", args)


@function("%", min_args=2, max_args=2)
@function("mod", min_args=2, max_args=2)  # its own name: Spark names it mod(a, b), not (a % b)
def _remainder(args: Sequence[object]) -> Signature:
    return arithmetic_signature("%", "%", args)


@function("div", min_args=2, max_args=2)
def _integral_divide(args: Sequence[object]) -> Signature:
    """``a div b``: integral division of integral or decimal operands, always bigint."""
    left, right = numeric_operands("div", args)
    pair = _decimal_pair(left, right)
    if pair is not None:
        return Signature(T.LongType(), pair, True)
    if not (T.is_integral(left) and T.is_integral(right)):
        raise diff_types("div", args)
    return Signature(T.LongType(), (T.LongType(), T.LongType()), True)


def _comparison_type(left: T.DataType, right: T.DataType) -> T.DataType | None:
    """Spark 4 (ANSI) compares a string with an integral as bigint, otherwise as coercion says."""
    for a, b in ((left, right), (right, left)):
        if T.is_string(a) and T.is_integral(b):
            return T.LongType()
    return comparison_type(left, right)


def comparison_signature(name: str, args: Sequence[object], nullable: bool | None = None) -> Signature:
    left, right = types_of(args)
    common = _comparison_type(left, right)
    if common is None:
        raise diff_types(name, args)
    if has_map(common):
        raise ordering_error(name, args, common)
    if nullable is None and _narrowed_literal(args):
        nullable = True
    return Signature(T.BooleanType(), (common, common), nullable)


def ordering_error(name: str, args: Sequence[object], t: T.DataType, shown: str | None = None) -> AnalysisException:
    """DATATYPE_MISMATCH.INVALID_ORDERING_TYPE: `name` compares or orders values of type `t`
    (one that is or holds a map or a variant)."""
    return AnalysisException(
        f'[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "{shown or expr_sql(name, args)}" due to data '
        f"type mismatch: The `{name}` does not support ordering on type {type_name(t)}.",
        "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE",
    )


def has_variant(t: T.DataType) -> bool:
    """Whether `t` is or holds a variant (Spark neither hashes nor de-duplicates those)."""
    if isinstance(t, T.VariantType):
        return True
    if isinstance(t, T.ArrayType):
        return has_variant(t.elementType)
    if isinstance(t, T.MapType):
        return has_variant(t.keyType) or has_variant(t.valueType)
    if isinstance(t, T.StructType):
        return any(has_variant(f.dataType) for f in t.fields)
    return False


def refuse_variant_order(name: str, args: Sequence[object], t: T.DataType, shown: str | None = None) -> None:
    """INVALID_ORDERING_TYPE when `t` (what `name` compares or sorts) is or holds a variant."""
    if has_variant(t):
        raise ordering_error(name, args, t, shown)


def has_map(t: T.DataType) -> bool:
    """Whether `t` is or holds a map or a variant: Spark neither compares nor orders such values."""
    if isinstance(t, (T.MapType, T.VariantType)):
        return True
    if isinstance(t, T.ArrayType):
        return has_map(t.elementType)
    if isinstance(t, T.StructType):
        return any(has_map(f.dataType) for f in t.fields)
    return False


def _narrowed_literal(args: Sequence[object]) -> bool:
    """Whether Spark first casts an integral literal beside a decimal to the decimal of its own
    digits (DecimalType.fromLiteral) in a way that may be null by its type: ``x > 1`` for a
    decimal x may be null, as ``CAST(1 AS DECIMAL(1,0))`` may."""
    types = types_of(args)
    if not any(isinstance(t, T.DecimalType) for t in types):
        return False
    for arg, dt in zip(args, types):
        wide = as_decimal(dt) if T.is_integral(dt) else None
        if wide is not None and cast_may_null(dt, _literal_decimal(arg, wide)):
            return True
    return False


def _register_comparisons() -> None:
    for op in ("=", "!=", "<", "<=", ">", ">="):
        function(op, aliases=("==",) if op == "=" else ("<>",) if op == "!=" else (), min_args=2, max_args=2)(
            lambda args, _op=op: comparison_signature(_op, args)
        )


_register_comparisons()


@function("between", min_args=3, max_args=3)
def _between(args: Sequence[object]) -> Signature:
    """``x BETWEEN lo AND hi`` (Spark 4 names it ``between(x, lo, hi)``): one comparison type for all three."""
    x, lo, hi = types_of(args)
    first = _comparison_type(x, lo)
    common = _comparison_type(first, hi) if first is not None else None
    if common is None or isinstance(common, T.MapType):
        raise diff_types("between", args)
    # Spark 4 rewrites it to ``x >= lo AND x <= hi``, each comparison typed on its own
    narrowed = _narrowed_literal(args[:2]) or _narrowed_literal(args[::2])
    return Signature(T.BooleanType(), (common, common, common), True if narrowed else None)


@function("<=>", min_args=2, max_args=2)
def _null_safe_equal(args: Sequence[object]) -> Signature:
    return comparison_signature("<=>", args, nullable=False)


def _boolean_args(name: str, args: Sequence[object]) -> Signature:
    """AND / OR / NOT. As in Spark: two operands of one non-boolean type are BINARY_OP_WRONG_TYPE;
    of two types, a string or NULL beside a boolean is cast to boolean (``true AND 'a'`` fails
    at run time) and anything else is BINARY_OP_DIFF_TYPES; NOT casts a string too."""
    types = types_of(args)
    castable = [isinstance(t, (T.BooleanType, T.NullType, T.StringType)) for t in types]
    if len(types) == 2 and types[0] == types[1] and not isinstance(types[0], (T.BooleanType, T.NullType)):
        raise wrong_type(name, args, '"BOOLEAN"', types[0])
    if len(types) == 2 and not all(castable):
        raise diff_types(name, args)
    for i, ok in enumerate(castable):
        if not ok:
            raise unexpected_type(name, args, i, '"BOOLEAN"')
    return Signature(T.BooleanType(), tuple(T.BooleanType() for _ in args))


@function("and", min_args=2, max_args=2)
def _and(args: Sequence[object]) -> Signature:
    return _boolean_args("and", args)


@function("or", min_args=2, max_args=2)
def _or(args: Sequence[object]) -> Signature:
    return _boolean_args("or", args)


@function("not", aliases=("!",), min_args=1, max_args=1)
def _not(args: Sequence[object]) -> Signature:
    return _boolean_args("not", args)


@function("in", min_args=1, pretty=lambda _n, a: f"({a[0]} IN ({', '.join(a[1:])}))")
def _in(args: Sequence[object]) -> Signature:
    """``v IN (x, y, ...)``: every value compared in their common type."""
    types = types_of(args)
    common = types[0]
    for t in types[1:]:
        nxt = _comparison_type(common, t)
        if nxt is None:
            raise data_diff_types("in", args)  # Spark: "Input to `in` should all be the same type"
        common = nxt
    if has_map(common):
        shown = f"({sql_name(args[0])} IN ({', '.join(sql_name(a) for a in args[1:])}))"  # type: ignore[arg-type]
        raise ordering_error("in", args, common, shown)
    return Signature(T.BooleanType(), tuple(common for _ in args))


def _bitwise_signature(name: str, args: Sequence[object]) -> Signature:
    types = [t if not isinstance(t, T.NullType) else T.IntegerType() for t in types_of(args)]
    for i, t in enumerate(types):
        if not T.is_integral(t):
            raise unexpected_type(name, args, i, '"INTEGRAL"')
    wide = types[0]
    for t in types[1:]:
        wide = wider_numeric(wide, t)
    return Signature(wide, tuple(wide for _ in args))


@function("&", min_args=2, max_args=2)
def _bit_and(args: Sequence[object]) -> Signature:
    return _bitwise_signature("&", args)


@function("|", min_args=2, max_args=2)
def _bit_or(args: Sequence[object]) -> Signature:
    return _bitwise_signature("|", args)


@function("^", min_args=2, max_args=2)
def _bit_xor(args: Sequence[object]) -> Signature:
    return _bitwise_signature("^", args)


@function("~", min_args=1, max_args=1, pretty=lambda _n, a: f"~{a[0]}")
def _bit_not(args: Sequence[object]) -> Signature:
    return _bitwise_signature("~", args)


def _unary_numeric(name: str, args: Sequence[object]) -> Signature:
    (t,) = types_of(args)
    if isinstance(t, T.NullType):
        return Signature(T.DoubleType(), (T.DoubleType(),))
    if T.is_string(t):
        return Signature(T.DoubleType(), (T.DoubleType(),))
    if not (T.is_numeric(t) or isinstance(t, (T.DayTimeIntervalType, T.YearMonthIntervalType))):
        raise unexpected_type(name, args, 0, '("NUMERIC" or "INTERVAL")')
    return Signature(t, (t,))


@function("negative", min_args=1, max_args=1)
def _negative(args: Sequence[object]) -> Signature:
    return _unary_numeric("negative", args)


@function("unary -", min_args=1, max_args=1, pretty=lambda _n, a: f"(- {a[0]})")
def _unary_minus(args: Sequence[object]) -> Signature:
    """SQL's ``-x`` (named ``(- x)``; the function ``negative(x)`` keeps its own name)."""
    return _unary_numeric("negative", args)


@function("positive", min_args=1, max_args=1, pretty=lambda _n, a: f"(+ {a[0]})")
def _positive(args: Sequence[object]) -> Signature:
    return _unary_numeric("positive", args)


@function("isnull", min_args=1, max_args=1, pretty=lambda _n, a: f"({a[0]} IS NULL)")
def _isnull(args: Sequence[object]) -> Signature:
    return Signature(T.BooleanType(), (), False)


@function("isnotnull", min_args=1, max_args=1, pretty=lambda _n, a: f"({a[0]} IS NOT NULL)")
def _isnotnull(args: Sequence[object]) -> Signature:
    return Signature(T.BooleanType(), (), False)


@function("isnan", min_args=1, max_args=1)
def _isnan(args: Sequence[object]) -> Signature:
    (t,) = types_of(args)
    if not (T.is_numeric(t) or isinstance(t, T.NullType)):
        raise unexpected_type("isnan", args, 0, '("DOUBLE" or "FLOAT")')
    return Signature(T.BooleanType(), (T.DoubleType(),), False)


def common_of(args: Sequence[object]) -> T.DataType | None:
    """The common type of all arguments (None when there is none)."""
    return common_type(types_of(args))
