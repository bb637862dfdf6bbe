"""The rows a Python UDTF yields: calling its methods, checking each row's shape, and converting
the rows to Arrow columns of the declared schema.

PySpark 4 has two paths and engine follows each. The default (Arrow, eval type 301) wraps a bare
value as the row of a one-column schema and coerces values as Arrow does (``5`` into a string
column is ``"5"``, ``7`` into a double ``7.0``); a value it cannot convert fails the query. The
classic path (``useArrow=False``, 300) refuses bare values, reports an exception in the user's
method as ``UDTF_EXEC_ERROR``, and turns a value of the wrong Python type into null (a string
column takes ``str(value)``), as Spark's pickled rows do. Rows are positional (a ``Row`` too); a
dict gives its fields by name.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable
from typing import Any

import pyarrow as pa

from engine import types as T
from engine.compute.udf import from_python
from engine.errors import PySparkRuntimeError


def call_method(method: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], classic: bool) -> Any:
    """``method(*args, **kwargs)``; on the classic path a failure is PySpark's ``UDTF_EXEC_ERROR``."""
    from engine.functions.udtf import SkipRestOfInputTableException

    if not classic:
        return method(*args, **kwargs)
    try:
        return method(*args, **kwargs)
    except SkipRestOfInputTableException:
        raise
    except Exception as e:  # noqa: BLE001 - the user's error, reported with its message
        raise PySparkRuntimeError(
            "[UDTF_EXEC_ERROR] User defined table function encountered an error in the "
            f"'{method.__name__}' method: {e}",
            "UDTF_EXEC_ERROR",
        ) from e


def check_rows(res: Any, method: str, schema: T.StructType, classic: bool) -> list[Any]:
    """The rows `res` holds, each a tuple, list or dict of the schema's width (or None)."""
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
        if not classic and not isinstance(row, tuple) and width == 1:
            row = (row,)
        if row is not None and isinstance(row, (tuple, list, dict)) and len(row) != width:
            raise PySparkRuntimeError(
                "[UDTF_RETURN_SCHEMA_MISMATCH] The number of columns in the result does not match the specified "
                f"schema. Expected column count: {width}, Actual column count: {len(row)}. Please make sure the "
                f"values returned by the '{method}' method have the same number of columns as specified in the "
                "output schema.",
                "UDTF_RETURN_SCHEMA_MISMATCH",
            )
        if classic and row is not None and not isinstance(row, (tuple, list, dict)):
            raise PySparkRuntimeError(
                f"[UDTF_INVALID_OUTPUT_ROW_TYPE] The type of an individual output row in the '{method}' method of "
                f"the UDTF is invalid. Each row should be a tuple, list, or dict, but got '{type(row).__name__}'. "
                "Please make sure that the output rows are of the correct type.",
                "UDTF_INVALID_OUTPUT_ROW_TYPE",
            )
        rows.append(row)
    return rows


def to_columns(rows: list[Any], schema: T.StructType, classic: bool) -> list[pa.Array]:
    """The rows as one Arrow array per schema field (a None row is all nulls)."""
    fields = schema.fields
    columns: list[list[Any]] = [[] for _ in fields]
    for r in rows:
        if r is not None and not isinstance(r, (tuple, list, dict)):
            raise _conversion_error(rows, schema)
        values = [None] * len(fields) if r is None else [r.get(f.name) for f in fields] if isinstance(r, dict) else r
        for col, v in zip(columns, values):
            col.append(v)
    if classic:
        columns = [[_classic(v, f.dataType) for v in col] for col, f in zip(columns, fields)]
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


_INTEGRAL = (T.ByteType, T.ShortType, T.IntegerType, T.LongType)


def _classic(v: Any, dt: T.DataType) -> Any:
    """A value as Spark's pickled rows take it: null unless its Python type fits `dt`."""
    if v is None:
        return None
    if isinstance(dt, T.StringType):
        return v if isinstance(v, str) else _java_text(v)
    if isinstance(dt, T.BooleanType):
        return v if isinstance(v, bool) else None
    if isinstance(dt, _INTEGRAL):
        return v if isinstance(v, int) and not isinstance(v, bool) else None
    if isinstance(dt, (T.DoubleType, T.FloatType)):
        return v if isinstance(v, float) else None
    if isinstance(dt, T.DecimalType):
        return v if isinstance(v, decimal.Decimal) else None
    if isinstance(dt, T.DateType):
        return v if isinstance(v, datetime.date) and not isinstance(v, datetime.datetime) else None
    if isinstance(dt, T.TimestampType):
        return v if isinstance(v, datetime.datetime) else None
    return v


def _java_text(v: Any) -> str:
    """How the JVM prints a pickled Python value put in a string column (``True`` is ``true``)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)
