"""Evaluates expressions over literals only, once, with the engine's own kernels."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pyarrow as pa

from engine import types as T
from engine.compute.context import EvalContext
from engine.errors import NumberFormatException, SparkRuntimeException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Expr
from engine.expr.registry import lookup
from engine.expr.typing import dtype_of
from engine.logical.nodes import LogicalPlan
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import is_deterministic, rewrite_expressions

# Result types whose Python value makes a faithful, hashable Literal.
_ATOMIC = (
    T.BooleanType, T.ByteType, T.ShortType, T.IntegerType, T.LongType, T.FloatType, T.DoubleType,
    T.DecimalType, T.StringType, T.BinaryType, T.DateType, T.NullType,
)  # fmt: skip
_NOT_FOLDABLE = (
    n.Attribute, n.LambdaVar, n.Lambda, n.AggCall, n.WindowExpr, n.UDFCall, n.ScalarSubquery, n.SortOrder,
    n.Alias, n.UnresolvedColumn, n.UnresolvedFunction, n.UnresolvedStar, n.UnresolvedExtract,
)  # fmt: skip
# Calls whose answer depends on the session time zone though no timestamp passes through them.
_ZONED_CALLS = frozenset({"from_unixtime", "unix_timestamp", "to_unix_timestamp", "current_timezone"})
_ONE_ROW = pa.RecordBatch.from_arrays([pa.nulls(1)], names=["_"])  # (pa.array([None]) would import pandas)
# Folding runs under ANSI: whatever raises there is left for the query to raise (or not).
_ANSI = EvalContext(ansi=True)
# Whether the session optimizing runs under ANSI: then a literal-only expression that raises
# outside a conditional branch raises while the query is planned, as Spark's ConstantFolding
# does (None: unknown, leave the error to run time).
_SESSION_ANSI: ContextVar[bool | None] = ContextVar("_SESSION_ANSI", default=None)
# Expressions that may skip evaluating some of their arguments (Spark's ConditionalExpression):
# a failing literal-only argument of theirs may never be reached, so it is left to run time.
_CONDITIONAL_CALLS = frozenset({"if", "coalesce", "nvl", "ifnull", "nvl2", "nullif", "nanvl"})


@contextmanager
def folding_under(ansi: bool) -> Iterator[None]:
    """Optimizes, inside the block, for a session whose ANSI mode is `ansi`."""
    token = _SESSION_ANSI.set(ansi)
    try:
        yield
    finally:
        _SESSION_ANSI.reset(token)


@node_rule()
def constant_folding(plan: LogicalPlan) -> LogicalPlan:
    """Replaces literal-only, deterministic sub-expressions by their value.

    Before: ``Project [(v#2 * (1 + 1)) AS w#3]``
    After:  ``Project [(v#2 * 2) AS w#3]``

    ``1 / 0`` and ``CAST('x' AS INT)`` raise now under an ANSI session (Spark fails the query
    while optimizing it, before any row runs: ``SELECT id / 0, CAST(1e20 AS BIGINT)`` is
    CAST_OVERFLOW, not DIVIDE_BY_ZERO), unless they sit in a branch of a conditional
    expression (CASE, IF, COALESCE...), which may never reach them: those stay. Expressions
    touching timestamps, or turning epoch seconds into text (from_unixtime), stay too: their
    value depends on the session time zone.
    """
    return rewrite_expressions(plan, _fold)


def fold(e: Expr) -> Expr:
    """`e` (resolved) with its literal-only, deterministic parts replaced by their value: a
    Literal when all of it folds (``LIMIT 1 + 1`` is a limit of 2, as Spark evaluates a
    foldable limit)."""
    return _fold(e)


def _fold(e: Expr) -> Expr:
    if not any(_over_literals(x) for x in tr.walk(e)):  # one pass: most expressions read a column
        return e
    return _fold_down(e, conditional=False)


def _fold_down(e: Expr, *, conditional: bool) -> Expr:
    """Folds `e` top-down; `conditional` says whether `e` sits in a branch a conditional
    expression may skip."""
    folded = _fold_node(e, conditional=conditional)
    if folded is not e:
        return folded
    inner = conditional or _is_conditional(e)
    return tr.map_children(e, lambda c: _fold_down(c, conditional=inner))


def _is_conditional(e: Expr) -> bool:
    return isinstance(e, n.CaseWhen) or (isinstance(e, n.Call) and e.name in _CONDITIONAL_CALLS)


def _over_literals(e: Expr) -> bool:
    """Whether `e` computes from literals alone at its own level: every folded expression has
    such a node at its bottom."""
    return isinstance(e, (n.Call, n.Cast, n.CaseWhen)) and all(isinstance(c, n.Literal) for c in tr.children(e))


def _fold_node(e: Expr, *, conditional: bool) -> Expr:
    if not _foldable(e):
        return e
    try:
        from engine.compute.expr_eval import evaluate_array

        value = evaluate_array(e, _ONE_ROW, _ANSI)[0].as_py()
    except (SparkRuntimeException, NumberFormatException):  # what a row raises: overflow, bad input...
        if _SESSION_ANSI.get() and not conditional:
            raise  # ... raised now, as Spark's optimizer raises it
        return e
    except Exception:  # noqa: BLE001 - anything else that fails now must fail (or not) at run time
        return e
    return n.Literal(value, dtype_of(e))


def _foldable(e: Expr) -> bool:
    if isinstance(e, n.Literal) or not isinstance(e, (n.Call, n.Cast, n.CaseWhen)):
        return False
    for x in tr.walk(e):
        if isinstance(x, _NOT_FOLDABLE):
            return False
        if isinstance(x, n.Call):
            fd = lookup(x.name)
            if (fd is not None and fd.kind != "scalar") or x.name in _ZONED_CALLS:
                return False
        if isinstance(x, (n.Call, n.Cast, n.CaseWhen, n.Literal)) and _zoned(dtype_of(x)):
            return False
    return isinstance(dtype_of(e), _ATOMIC) and is_deterministic(e)


def _zoned(dt: T.DataType | None) -> bool:
    return dt is None or isinstance(dt, T.TimestampType)
