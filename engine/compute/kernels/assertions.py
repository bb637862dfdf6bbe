"""Kernels of raise_error and assert_true: they raise USER_RAISED_EXCEPTION with the message of
the first row that reaches them (raise_error) or fails the condition (assert_true)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.errors import SparkRuntimeException
from engine.expr.nodes import Call


def user_raised(message: object) -> SparkRuntimeException:
    text = "null" if message is None else str(message)
    return SparkRuntimeException(
        f"[USER_RAISED_EXCEPTION] {text} SQLSTATE: P0001", "USER_RAISED_EXCEPTION", {"errorMessage": text}
    )


def _rows(args: list[Value], ctx: EvalContext) -> int:
    arrays = [len(a) for a in args if not isinstance(a, pa.Scalar)]
    return arrays[0] if arrays else ctx.num_rows


@kernel("raise_error")
def _raise_error(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Raises on the first row; with no rows it returns nothing (Spark evaluates it per row)."""
    n = _rows(args, ctx)
    if n:
        msg = args[0]
        raise user_raised(msg.as_py() if isinstance(msg, pa.Scalar) else msg[0].as_py())
    return pa.nulls(0, pa.null())


@kernel("assert_true")
def _assert_true(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Null where the condition holds; raises with the message of the first row where it is false or null."""
    cond, msg = args
    n = _rows(args, ctx)
    if isinstance(cond, pa.Scalar):
        failed = np.zeros(n, dtype=bool) if cond.as_py() is True else np.ones(n, dtype=bool)
    else:
        failed = ~np.asarray(pc.fill_null(cond, False).to_numpy(zero_copy_only=False), dtype=bool)
    if failed.any():
        row = int(np.argmax(failed))
        raise user_raised(msg.as_py() if isinstance(msg, pa.Scalar) else msg[row].as_py())
    return pa.nulls(n, pa.null()) if not all(isinstance(a, pa.Scalar) for a in args) else pa.scalar(None, pa.null())


def too_many_rows() -> SparkRuntimeException:
    """Spark's error for a scalar subquery that returned more than one row."""
    return SparkRuntimeException(
        "[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used as an expression. "
        "SQLSTATE: 21000",
        "SCALAR_SUBQUERY_TOO_MANY_ROWS",
    )


@kernel("__scalar_subquery_value")
def _scalar_subquery_value(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The subquery's value where it gave at most one row; raises where it gave more."""
    rows, value = args
    if pc.any(pc.greater(rows, 1)).as_py():
        raise too_many_rows()
    return value
