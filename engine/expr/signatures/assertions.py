"""Type rules of raise_error and assert_true: both return void (null) or raise the user's message."""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.registry import Signature, function
from engine.expr.signatures._common import type_name, types_of


def raise_error_sql(message: str) -> str:
    """How Spark prints ``raise_error(msg)``: the error class and a map of its parameters."""
    return f"raise_error(USER_RAISED_EXCEPTION, map(errorMessage, {message}))"


def default_assert_message(condition: object) -> str:
    """assert_true's message when none is given: ``'(id < 5)' is not true!``."""
    return f"'{sql_name(condition)}' is not true!"  # type: ignore[arg-type]


# Both stay in the plan as calls (never folded away early), so they run only on rows that reach them.
@function("raise_error", min_args=1, max_args=1, pretty=lambda _n, a: raise_error_sql(a[0]), deterministic=False)
def _raise_error(args: Sequence[object]) -> Signature:
    return Signature(T.NullType(), (T.StringType(),), nullable=True)


@function("assert_true", min_args=2, max_args=2, deterministic=False)
def _assert_true(args: Sequence[object]) -> Signature:
    """``assert_true(cond, msg)``; the resolver supplies the default message of ``assert_true(cond)``."""
    t = types_of(args)[0]
    if not isinstance(t, (T.BooleanType, T.NullType)):
        cond = sql_name(args[0])  # type: ignore[arg-type]
        text = f"(IF({cond}, NULL, {raise_error_sql(sql_name(args[1]))}))"  # type: ignore[arg-type]
        raise AnalysisException(
            f'[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "{text}" due to data type mismatch: '
            f'The first parameter requires the "BOOLEAN" type, however "{cond}" has the type {type_name(t)}.',
            "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        )
    return Signature(T.NullType(), (T.BooleanType(), T.StringType()), nullable=True)


# Reads a correlated scalar subquery's value from the aggregate that counted its rows per
# outer row (engine.logical.subquery_joins): ``(rows, value)``, an error where rows > 1.
SCALAR_SUBQUERY_VALUE = "__scalar_subquery_value"


@function(SCALAR_SUBQUERY_VALUE, min_args=2, max_args=2, pretty=lambda _n, a: a[1], deterministic=False)
def _scalar_subquery_value(args: Sequence[object]) -> Signature:
    return Signature(types_of(args)[1], (T.LongType(), None), nullable=True)
