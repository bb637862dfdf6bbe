"""Runs a Python UDTF over one partition: ``eval`` per row, ``terminate`` per UDTF instance.

A partition gets one instance of the class, or (for a partitioned TABLE argument) one per
partition key, its rows sorted by key and ORDER BY first (one vectorised lexsort). The rows
each ``eval`` call yields join the input row it was called with; the rows of ``terminate``
join the instance's last input row, as in Spark. Output rows are checked and converted to the
schema the way PySpark 4's Arrow-based UDTFs do; any error in the user's code, or in its
output, surfaces as `PythonException`.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa

from engine import types as T
from engine.compute import cancel
from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_array
from engine.compute.sort import lexsort, order_ordinals
from engine.compute.udf import from_python, python_exception, to_python
from engine.errors import PySparkRuntimeError, PythonException
from engine.expr import nodes as n
from engine.physical.nodes import GenerateExec
from engine.row import Row


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
            generated = _to_columns(out, spec.schema)
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
                res = udtf.eval(*args[:npos], **dict(zip(spec.keywords, args[npos:])))
                before = len(out)
                out.extend(_check_rows(res, "eval", spec.schema))
                parents.extend([int(perm[i])] * (len(out) - before))
                point()
        except SkipRestOfInputTableException:
            pass
        terminate = getattr(udtf, "terminate", None)
        if terminate is not None:
            before = len(out)
            out.extend(_check_rows(terminate(), "terminate", spec.schema))
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
    udtf = cls(analyze_result=spec.analyze_result) if takes_result else cls()
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


def _check_rows(res: Any, method: str, schema: T.StructType) -> list[Any]:
    """The rows `res` holds, each a tuple/list/dict/Row of the schema's width (or None)."""
    if res is None:
        return []
    if not isinstance(res, Iterable):
        raise PySparkRuntimeError(
            f"[UDTF_RETURN_NOT_ITERABLE] The return value of the '{method}' method of the UDTF is invalid. It "
            f"should be an iterable (e.g., generator or list), but got '{type(res).__name__}'. Please make sure "
            "that the UDTF returns one of these types.",
            "UDTF_RETURN_NOT_ITERABLE",
        )
    width = len(schema.fields)
    rows = []
    for row in res:
        if not isinstance(row, tuple) and width == 1:
            row = (row,)
        if row is not None and isinstance(row, (tuple, list, dict)) and len(row) != width:
            raise PySparkRuntimeError(
                "[UDTF_RETURN_SCHEMA_MISMATCH] The number of columns in the result does not match the specified "
                f"schema. Expected column count: {width}, Actual column count: {len(row)}. Please make sure the "
                f"values returned by the '{method}' method have the same number of columns as specified in the "
                "output schema.",
                "UDTF_RETURN_SCHEMA_MISMATCH",
            )
        rows.append(row)
    return rows


def _to_columns(rows: list[Any], schema: T.StructType) -> list[pa.Array]:
    """The output rows as one Arrow array per schema field (a None row is all nulls); dicts and
    named Rows give their fields by name, tuples and lists by position."""
    fields = schema.fields
    columns: list[list[Any]] = [[] for _ in fields]
    for r in rows:
        if isinstance(r, Row) and r._names() is not None:
            r = r.asDict()
        if r is not None and not isinstance(r, (tuple, list, dict)):
            raise _conversion_error(rows, schema)
        values = [None] * len(fields) if r is None else [r.get(f.name) for f in fields] if isinstance(r, dict) else r
        for col, v in zip(columns, values):
            col.append(v)
    try:
        return [from_python(col, f.dataType) for col, f in zip(columns, fields)]
    except Exception as e:  # noqa: BLE001 - a value the schema cannot hold
        raise _conversion_error(rows, schema) from e


def _conversion_error(rows: list[Any], schema: T.StructType) -> PySparkRuntimeError:
    return PySparkRuntimeError(
        f"[UDTF_ARROW_DATA_CONVERSION_ERROR] Cannot convert UDTF output to Arrow. Data: {rows}. Schema: "
        f"{schema.simpleString()}. Arrow Schema: {T.to_arrow(schema)}.",
        "UDTF_ARROW_DATA_CONVERSION_ERROR",
    )


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
