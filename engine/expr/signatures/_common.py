"""Helpers shared by the type rules: argument types, Spark's DATATYPE_MISMATCH errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import call_sql, sql_name
from engine.expr.nodes import Cast, Expr, Literal
from engine.expr.typing import dtype_of


def types_of(args: Sequence[object]) -> list[T.DataType]:
    return [dtype_of(a) for a in args]  # type: ignore[arg-type]


def type_name(dt: T.DataType) -> str:
    """A type as Spark's errors quote it (its SQL form: ``"MAP<STRING, INT>"``, ``"STRUCT<a: INT>"``)."""
    return '"' + dt._sql() + '"'  # noqa: SLF001 - the SQL text Spark's toSQLType prints


def arg_sql(a: object) -> str:
    """An argument as Spark's errors print it: a cast in full (``CAST(id AS DOUBLE)``), though as
    a whole column it keeps its input's name."""
    if isinstance(a, Cast) and not a.implicit:
        from engine.expr.display import expr_sql as full_sql

        return full_sql(a)
    return sql_name(a)  # type: ignore[arg-type]


def expr_sql(name: str, args: Sequence[object]) -> str:
    return call_sql(name, [arg_sql(a) for a in args], False)


def unexpected_type(name: str, args: Sequence[object], index: int, required: str) -> AnalysisException:
    """DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE for argument `index` (0-based) of `name`."""
    arg = args[index]
    msg = (
        f'[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "{expr_sql(name, args)}" due to '
        f"data type mismatch: The {_ordinal(index + 1)} parameter requires the {required} type, "
        f'however "{arg_sql(arg)}" has the type {type_name(dtype_of(arg))}.'  # type: ignore[arg-type]
    )
    return AnalysisException(
        msg,
        "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        {"sqlExpr": f'"{expr_sql(name, args)}"', "paramIndex": _ordinal(index + 1), "requiredType": required},
    )


def diff_types(name: str, args: Sequence[object]) -> AnalysisException:
    """DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES: two operands with no common type."""
    left, right = (type_name(t) for t in types_of(args))
    msg = (
        f'[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "{expr_sql(name, args)}" due to '
        "data type mismatch: the left and right operands of the binary operator have incompatible "
        f"types ({left} and {right})."
    )
    return AnalysisException(msg, "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", {"left": left, "right": right})


def wrong_type(name: str, args: Sequence[object], required: str, actual: T.DataType) -> AnalysisException:
    """DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE: an operator applied to a type it does not take."""
    msg = (
        f'[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve "{expr_sql(name, args)}" due to '
        f"data type mismatch: the binary operator requires the input type {required}, not "
        f"{type_name(actual)}."
    )
    return AnalysisException(msg, "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE")


def arithmetic_required(name: str) -> str:
    """The input types an arithmetic operator names in BINARY_OP_WRONG_TYPE, as Spark's
    inputType of Add/Subtract, Divide, Multiply and Remainder."""
    if name == "/":
        return '("DOUBLE" or "DECIMAL")'
    if name in ("*", "%"):
        return '"NUMERIC"'
    return '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")'


def data_diff_types(name: str, args: Sequence[object]) -> AnalysisException:
    """DATATYPE_MISMATCH.DATA_DIFF_TYPES: arguments of greatest/coalesce/... with no common type."""
    shown = ", ".join(type_name(t) for t in types_of(args))
    msg = (
        f'[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "{expr_sql(name, args)}" due to data '
        f"type mismatch: Input to `{name}` should all be the same type, but it's [{shown}]."
    )
    return AnalysisException(msg, "DATATYPE_MISMATCH.DATA_DIFF_TYPES")


def literal_value(arg: object, default: object = None) -> object:
    """The value of a literal argument (a folded constant), else `default`."""
    if isinstance(arg, Literal):
        return arg.value
    from engine.expr.nodes import Cast

    if isinstance(arg, Cast) and isinstance(arg.child, Literal):
        return arg.child.value
    return default


def is_null_type(dt: T.DataType) -> bool:
    return isinstance(dt, T.NullType)


def numeric_or_null(dt: T.DataType) -> bool:
    return T.is_numeric(dt) or isinstance(dt, T.NullType)


def _ordinal(i: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(i, f"{i}th")


def arg_expr(args: Sequence[object], i: int) -> Expr:
    return args[i]  # type: ignore[return-value]


def defaults_shown(arity: int, *defaults: str, shown_as: str | None = None) -> Callable[[str, list[str]], str]:
    """Name a call as Spark does, its omitted trailing arguments filled with their defaults:
    ``rpad(s, 5)`` is ``rpad(s, 5,  )``, ``str_to_map(t)`` is ``str_to_map(t, ,, :)``.
    `defaults` are the last ``len(defaults)`` of `arity` arguments; `shown_as` renames the call
    (``dateadd`` is Spark's ``date_add``)."""

    def pretty(name: str, args: list[str]) -> str:
        missing = arity - len(args)
        tail = list(defaults[len(defaults) - missing :]) if 0 < missing <= len(defaults) else []
        return f"{shown_as or name}({', '.join(args + tail)})"

    return pretty
