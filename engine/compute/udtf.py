"""Runs a Python UDTF over one partition: ``eval`` per row, ``terminate`` per UDTF instance.

A partition gets one instance of the class, or (for a partitioned TABLE argument) one per
partition key, its rows sorted by key and ORDER BY first (one vectorised lexsort). The rows
each ``eval`` call yields join the input row it was called with; the rows of ``terminate``
join the instance's last input row, as in Spark. Output rows are checked and converted to the
schema as PySpark's Arrow or classic path does (`engine.compute.udtf_rows`); any error in the
user's code, or in its output, surfaces as `PythonException`.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np
import pyarrow as pa

from engine import types as T
from engine.compute import cancel
from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_array
from engine.compute.sort import lexsort, order_ordinals
from engine.compute.udf import python_exception, to_python
from engine.compute.udtf_rows import call_method, check_rows, to_columns
from engine.errors import PySparkRuntimeError, PythonException
from engine.expr import nodes as n
from engine.physical.nodes import GenerateExec


def run_udtf(table: pa.Table, op: GenerateExec, ctx: EvalContext) -> pa.Table:
    """`table`'s rows, each repeated per row the UDTF yielded for it, with the UDTF's columns."""
    call = op.generator
    assert isinstance(call, n.UDFCall)
    spec = call.func
    batches = table.combine_chunks().to_batches()
    batch = batches[0] if batches else pa.RecordBatch.from_pylist([], schema=table.schema)
    arrays = [evaluate_array(a, batch, ctx) for a in call.args]
    user = spec.positional + len(spec.keywords)
    keys, sorts = arrays[user : user + spec.partition_keys], arrays[user + spec.partition_keys :]
    rows = table.num_rows
    perm = _layout(keys, sorts, spec.order, rows)
    starts = _group_starts([k.take(perm) for k in keys], rows)
    try:
        if spec.arrow:
            from engine.compute.udtf_arrow import evaluate_arrow

            ordered = [a.take(perm) for a in arrays[:user]]
            generated, parents = evaluate_arrow(spec, ordered, perm, starts, rows, _instance)
        else:
            values = [to_python(a.take(perm)) for a in arrays[:user]]
            out, parents = _evaluate(spec, values, perm, starts, rows)
            generated = to_columns(out, spec.schema, spec.classic)
    except PythonException:
        raise
    except Exception as e:  # the user's code or its output: reported as PySpark does
        raise python_exception(e) from e
    parent_idx = np.asarray(parents, dtype=np.int64)
    if op.outer:
        parent_idx, generated = _keep_unmatched(parent_idx, generated, rows, spec.schema)
    result = table.take(pa.array(parent_idx, pa.int64()))
    for key, col in zip(op.keys, generated):
        result = result.append_column(key, col)
    return result


def _layout(keys: list[pa.Array], sorts: list[pa.Array], order: tuple[tuple[bool, bool], ...], rows: int) -> np.ndarray:
    """The row order the UDTF sees: by partition key, then by the ORDER BY keys."""
    if not keys and not sorts:
        return np.arange(rows, dtype=np.int64)
    orders = [n.SortOrder(n.Literal(None, T.NullType()), True, True) for _ in keys]
    orders += [n.SortOrder(n.Literal(None, T.NullType()), asc, first) for asc, first in order]
    return lexsort(order_ordinals([*keys, *sorts], orders), rows)


def _group_starts(keys: list[pa.Array], rows: int) -> list[int]:
    """Where each run of equal partition keys begins (one run without keys)."""
    changed = np.zeros(rows, dtype=bool)
    for k in keys:
        ordinal = order_ordinals([k], [n.SortOrder(n.Literal(None, T.NullType()), True, True)])[0]
        changed[1:] |= ordinal[1:] != ordinal[:-1]
    starts = [0, *np.flatnonzero(changed).tolist()] if rows else []
    return starts


def _evaluate(spec: Any, values: list[list[Any]], perm: np.ndarray, starts: list[int], rows: int) -> tuple[list[Any], list[int]]:
    """The rows yielded per instance and the input row each one joins."""
    from engine.functions.udtf import SkipRestOfInputTableException

    out: list[Any] = []
    parents: list[int] = []
    npos = spec.positional
    point = cancel.point
    for g, begin in enumerate(starts):
        end = starts[g + 1] if g + 1 < len(starts) else rows
        udtf = _instance(spec)
        try:
            for i in range(begin, end):
                args = [v[i] for v in values]
                res = call_method(udtf.eval, args[:npos], dict(zip(spec.keywords, args[npos:])), spec.classic)
                before = len(out)
                out.extend(check_rows(res, "eval", spec.schema, spec.classic))
                parents.extend([int(perm[i])] * (len(out) - before))
                point()
        except SkipRestOfInputTableException:
            pass
        terminate = getattr(udtf, "terminate", None)
        if terminate is not None:
            before = len(out)
            out.extend(check_rows(call_method(terminate, [], {}, spec.classic), "terminate", spec.schema, spec.classic))
            parents.extend([int(perm[end - 1])] * (len(out) - before))
        cleanup = getattr(udtf, "cleanup", None)
        if cleanup is not None:
            cleanup()
    return out, parents


def _instance(spec: Any) -> Any:
    """A new instance of the class, checked against the call's arguments; ``__init__`` gets the
    ``analyze`` result when it takes an ``analyze_result`` parameter, as in PySpark."""
    cls = spec.cls
    takes_result = spec.analyze_result is not None and "analyze_result" in inspect.signature(cls.__init__).parameters
    try:
        udtf = cls(analyze_result=spec.analyze_result) if takes_result else cls()
    except Exception as e:  # noqa: BLE001 - the user's constructor failed: PySpark's wording
        raise PySparkRuntimeError(
            f"[UDTF_EXEC_ERROR] User defined table function encountered an error in the '__init__' method: {e}",
            "UDTF_EXEC_ERROR",
        ) from e
    try:
        inspect.signature(udtf.eval).bind(*range(spec.positional), **dict.fromkeys(spec.keywords))
    except TypeError as e:
        raise PySparkRuntimeError(
            f"[UDTF_EVAL_METHOD_ARGUMENTS_DO_NOT_MATCH_SIGNATURE] Failed to evaluate the user-defined table "
            f"function '{spec.name}' because the function arguments did not match the expected signature of "
            f"the 'eval' method ({e}). Please update the query so that this table function call provides "
            "arguments matching the expected signature, or else update the table function so that its 'eval' "
            "method accepts the provided arguments, and then try the query again.",
            "UDTF_EVAL_METHOD_ARGUMENTS_DO_NOT_MATCH_SIGNATURE",
        ) from None
    return udtf


def _keep_unmatched(
    parents: np.ndarray, generated: list[pa.Array], rows: int, schema: T.StructType
) -> tuple[np.ndarray, list[pa.Array]]:
    """``LEFT JOIN LATERAL``: input rows without output rows stay, once, with nulls."""
    missing = np.flatnonzero(np.bincount(parents, minlength=rows) == 0) if rows else np.zeros(0, np.int64)
    if not len(missing):
        return parents, generated
    both = np.concatenate([parents, missing])
    order = np.argsort(both, kind="stable")
    filled = [
        pa.concat_arrays([g, pa.nulls(len(missing), g.type)]).take(pa.array(order, pa.int64())) for g in generated
    ]
    return both[order], filled
