"""Runs Python UDFs over Arrow arrays: row UDFs call the function per row, pandas UDFs per batch.

A row UDF sees the Python values PySpark passes (structs as `Row`, maps as dicts, timestamps
as local naive datetimes, null as None) and its results are coerced to the declared type the
way PySpark's Arrow-optimized UDFs coerce them (``7`` to ``7.0`` for a double, ``1`` to
``"1"`` for a string; an impossible conversion is an error). Any exception from user code,
or from converting its result, surfaces as `PythonException` with the original as cause.
"""

from __future__ import annotations

import datetime
import decimal
import traceback
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute import cancel
from engine.compute.frame_groups import KINDS as FRAME_GROUP_KINDS
from engine.compute.frame_groups import run_frame_groups
from engine.errors import PySparkRuntimeError, PySparkTypeError, PythonException
from engine.expr.nodes import UDFCall
from engine.row import Row


def run_udf(call: UDFCall, args: list[pa.Array], num_rows: int | None = None) -> pa.Array:
    """`call`'s function applied to `args`, as an array of `call.dtype`'s Arrow type.

    `num_rows` is needed only for a UDF without arguments (one call per row).
    """
    rows = len(args[0]) if args else (num_rows if num_rows is not None else 1)
    if rows == 0 and call.kind in ("pandas", "arrow"):
        # Spark hands a vectorized UDF batches of rows and an empty partition has none, so the
        # function is not called (from an empty input it may not even give its columns)
        return pa.array([], T.to_arrow(call.dtype))
    try:
        if call.kind == "row":
            return _run_rows(call.func, args, rows, call.dtype)
        if call.kind in ("pandas", "pandas_iter"):
            return _run_pandas(call, args, rows)
        if call.kind == "pandas_agg":
            return from_python([_agg_group(call.func, g) for g in args[0].to_pylist()], call.dtype)
        if call.kind == "arrow":
            return to_arrow(call.func(*args), call.dtype, rows)
        if call.kind == "grouped_map":
            return _run_grouped_map(call, args)
        if call.kind in ("map_pandas", "map_arrow"):
            return _run_map_batches(call, args[0])
        if call.kind in FRAME_GROUP_KINDS:
            return run_frame_groups(call, args)
    except PythonException:
        raise
    except Exception as e:  # the user's code or its result: reported as PySpark does
        raise python_exception(e) from e
    raise PythonException(f"unknown UDF kind {call.kind!r}")


def python_exception(e: BaseException) -> PythonException:
    """PySpark's wrapper for an error raised in user code, with the user's traceback."""
    frames = [f for f in traceback.extract_tb(e.__traceback__) if f.filename != __file__]
    tb = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))
    tb += "".join(traceback.format_exception_only(type(e), e))
    return PythonException(f"An exception was thrown from the Python worker:\n{tb}", "PYTHON_EXCEPTION")


# ---------------------------------------------------------------------------- row UDFs


def _run_rows(func: Callable[..., Any], args: list[pa.Array], rows: int, dtype: T.DataType) -> pa.Array:
    columns = [to_python(a) for a in args]
    point = cancel.point  # a slow UDF stops within a row of its job being cancelled
    results = []
    for vals in zip(*columns) if columns else (() for _ in range(rows)):
        results.append(func(*vals))
        point()
    return from_python(results, dtype)


def to_python(arr: pa.Array | pa.ChunkedArray) -> list[Any]:
    """The Python values PySpark hands a UDF for `arr` (Row for structs, dict for maps)."""
    values = arr.to_pylist()
    t = arr.type
    if _plain(t):
        return values
    return [_fix(v, t) for v in values]


def _plain(t: pa.DataType) -> bool:
    nested = pa.types.is_struct(t) or pa.types.is_map(t) or pa.types.is_list(t) or pa.types.is_large_list(t)
    return not nested and not (pa.types.is_timestamp(t) and t.tz is not None)


def _fix(v: Any, t: pa.DataType) -> Any:
    if v is None or _plain(t):
        return v
    if T.is_variant_arrow(t):  # PySpark hands a UDF a VariantVal
        return T.VariantVal(bytearray(v["value"]), bytearray(v["metadata"]))
    if pa.types.is_struct(t):
        fields = [t.field(i) for i in range(t.num_fields)]
        return Row(**{f.name: _fix(v[f.name], f.type) for f in fields})
    if pa.types.is_map(t):
        return {_fix(k, t.key_type): _fix(x, t.item_type) for k, x in v}
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return [_fix(x, t.value_type) for x in v]
    local = datetime.datetime.now().astimezone().tzinfo
    return v.astimezone(local).replace(tzinfo=None)


def from_python(values: list[Any], dtype: T.DataType) -> pa.Array:
    """`values` as an Arrow array of `dtype`, coercing as PySpark's Arrow UDF path does."""
    at = T.to_arrow(dtype)
    prepared = [_prepare(v, dtype) for v in values]
    try:
        return pa.array(prepared, type=at)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        pass
    if isinstance(dtype, T.StringType):
        return pa.array([v if v is None or isinstance(v, str) else str(v) for v in prepared], type=at)
    if isinstance(dtype, (T.BooleanType, T.DecimalType)) or T.is_numeric(dtype):
        if any(isinstance(v, bool) for v in prepared) and not isinstance(dtype, T.BooleanType):
            raise TypeError(f"Expected {dtype.simpleString()}, got bool")
        inferred = pa.array(prepared)
        return pc.cast(inferred, options=pc.CastOptions(at, allow_float_truncate=True))
    return pa.array(prepared, type=at)  # raises the conversion error for the user to see


def _prepare(v: Any, dt: T.DataType) -> Any:
    """Python values in the shapes pyarrow accepts for `dt` (Rows to dicts, dicts to pairs)."""
    if v is None:
        return None
    if isinstance(dt, T.VariantType) and isinstance(v, T.VariantVal):
        return {"value": bytes(v.value), "metadata": bytes(v.metadata)}
    if isinstance(dt, T.StructType):
        if isinstance(v, Row) and v._names() is not None:
            v = v.asDict()
        if isinstance(v, dict):
            return {f.name: _prepare(v.get(f.name), f.dataType) for f in dt.fields}
        return {f.name: _prepare(x, f.dataType) for f, x in zip(dt.fields, v)}
    if isinstance(dt, T.ArrayType) and isinstance(v, (list, tuple)):
        return [_prepare(x, dt.elementType) for x in v]
    if isinstance(dt, T.MapType) and isinstance(v, dict):
        return [(k, _prepare(x, dt.valueType)) for k, x in v.items()]
    if isinstance(dt, T.TimestampType) and isinstance(v, datetime.datetime) and v.tzinfo is None:
        return v.astimezone(datetime.timezone.utc)  # naive datetimes are local wall-clock time
    if isinstance(dt, T.DecimalType) and isinstance(v, decimal.Decimal) and v.is_finite():
        # Spark sets a returned Decimal to the declared scale, rounding half up (1/3 -> 0.3333)
        with decimal.localcontext() as ctx:
            ctx.prec = 80  # room for decimal(38, s) whatever the default context allows
            return v.quantize(decimal.Decimal(1).scaleb(-dt.scale), rounding=decimal.ROUND_HALF_UP)
    return v


# ---------------------------------------------------------------------------- pandas UDFs


def _run_pandas(call: UDFCall, args: list[pa.Array], rows: int) -> pa.Array:
    series = [_to_pandas(a) for a in args]
    if call.kind == "pandas":
        result = call.func(*series)
    else:
        batch: Any = tuple(series) if len(series) > 1 else series[0]
        outputs = list(call.func(iter([batch])))
        import pandas as pd

        result = pd.concat(outputs, ignore_index=True) if outputs else pd.Series([], dtype=object)
    length = len(result)
    if length != rows:
        raise PythonException(
            f"[RESULT_LENGTH_MISMATCH_FOR_PANDAS_UDF] Result vector from pandas_udf was not the required "
            f"length: expected {rows}, got {length}.",
            "RESULT_LENGTH_MISMATCH_FOR_PANDAS_UDF",
        )
    return to_arrow(result, call.dtype, rows)


def _agg_group(func: Callable[..., Any], rows: list[dict[str, Any]] | None) -> Any:
    """A grouped-aggregate pandas UDF on one group (its rows collected as structs)."""
    import pandas as pd

    frame = pd.DataFrame.from_records(rows or [])
    result = func(*[frame[c] for c in frame.columns])
    return _none_for_na(result.item() if hasattr(result, "item") else result)


def _to_pandas(arr: pa.Array) -> Any:
    """A pandas Series (a DataFrame for a struct column), as PySpark passes to pandas UDFs."""
    import pandas as pd

    if pa.types.is_struct(arr.type):
        return pa.Table.from_struct_array(arr).to_pandas()
    if pa.types.is_timestamp(arr.type) and arr.type.tz is not None:
        local = datetime.datetime.now().astimezone().tzinfo
        return arr.to_pandas().dt.tz_convert(local).dt.tz_localize(None)
    if _plain(arr.type):
        return arr.to_pandas()
    return pd.Series(to_python(arr), dtype=object)


def to_arrow(result: Any, dtype: T.DataType, rows: int) -> pa.Array:
    """A pandas Series/DataFrame, an Arrow array or a sequence as an array of `dtype`."""
    at = T.to_arrow(dtype)
    if isinstance(result, pa.ChunkedArray):
        result = result.combine_chunks()
    if isinstance(result, pa.Array):
        return result if result.type == at else result.cast(at)
    if hasattr(result, "columns") and isinstance(dtype, T.StructType):  # a pandas DataFrame
        # fields by column label when the labels are strings, else by position (PySpark's rule:
        # ``s.str.split(expand=True)`` gives columns 0, 1 for a "first string, last string")
        by_name = all(isinstance(c, str) for c in result.columns)
        frame = result if by_name else result.set_axis([str(c) for c in result.columns], axis=1)
        table = pa.Table.from_pandas(frame, preserve_index=False)
        arrays = [
            to_arrow(table.column(f.name if by_name else i), f.dataType, rows) for i, f in enumerate(dtype.fields)
        ]
        return pa.StructArray.from_arrays(arrays, fields=list(at))
    if hasattr(result, "dtype") and isinstance(dtype, T.DecimalType):
        # PySpark converts with Arrow's safe conversion: a value with more fraction digits than
        # the declared scale fails (Rescaling Decimal value would cause data loss), not rounded
        return pa.Array.from_pandas(result, type=at)
    if hasattr(result, "dtype") and (T.is_numeric(dtype) or isinstance(dtype, (T.BooleanType, T.StringType))):
        try:
            arr = pa.Array.from_pandas(result)
            return arr if arr.type == at else pc.cast(arr, options=pc.CastOptions(at, allow_float_truncate=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            pass
    values = result.tolist() if hasattr(result, "tolist") else list(result)
    return from_python([_none_for_na(v) for v in values], dtype)


def _none_for_na(v: Any) -> Any:
    try:
        import pandas as pd

        return None if v is not None and not isinstance(v, (list, dict, tuple)) and pd.isna(v) else v
    except (TypeError, ValueError):
        return v



# ---------------------------------------------------------------------------- frame-at-a-time


def _run_grouped_map(call: UDFCall, args: list[pa.Array]) -> pa.Array:
    """``applyInPandas``: per group (its rows collected as a list of structs) one output frame.

    `args` are the collected rows and then the grouping keys; a function of two
    parameters also gets the keys as a tuple, as in PySpark.
    """
    rows, keys = args[0], [to_python(k) for k in args[1:]]
    with_key = _arity(call.func) == 2
    assert isinstance(call.dtype, T.ArrayType) and isinstance(call.dtype.elementType, T.StructType)
    schema = call.dtype.elementType
    outputs = []
    for i in range(len(rows)):
        group = rows[i].values
        frame = pa.Table.from_struct_array(group).to_pandas() if group is not None else None
        result = call.func(tuple(k[i] for k in keys), frame) if with_key else call.func(frame)
        outputs.append(frame_to_struct(result, schema))
    return as_lists(outputs, call.dtype)


def _run_map_batches(call: UDFCall, rows: pa.Array) -> pa.Array:
    """``mapInPandas``/``mapInArrow`` over one batch: all output rows go into the first list."""
    assert isinstance(call.dtype, T.ArrayType) and isinstance(call.dtype.elementType, T.StructType)
    schema = call.dtype.elementType
    if len(rows) == 0:
        return pa.array([], T.to_arrow(call.dtype))
    table = pa.Table.from_struct_array(rows)
    batch: Any = table.to_pandas() if call.kind == "map_pandas" else table.combine_chunks().to_batches()[0]
    outputs = [frame_to_struct(out, schema) for out in call.func(iter([batch]))]
    empty = pa.array([], T.to_arrow(schema))
    first = pa.concat_arrays(outputs) if outputs else empty
    return as_lists([first] + [empty] * (len(rows) - 1), call.dtype)


def frame_to_struct(frame: Any, schema: T.StructType) -> pa.Array:
    """A pandas DataFrame or Arrow batch as a struct array of `schema`: columns by name when
    the labels are strings, by position otherwise (PySpark's rule)."""
    if isinstance(frame, (pa.RecordBatch, pa.Table)):
        frame = frame.to_pandas()
    if frame is None or not hasattr(frame, "columns"):
        raise PySparkTypeError(
            "[UDF_RETURN_TYPE] Return type of the user-defined function should be pandas.DataFrame, but is "
            f"{type(frame).__name__}.",
            "UDF_RETURN_TYPE",
        )
    by_name = all(isinstance(c, str) for c in frame.columns)
    if by_name:
        check_result_names([f.name for f in schema.fields], [str(c) for c in frame.columns])
    elif len(frame.columns) != len(schema.fields):
        raise PySparkRuntimeError(
            "[RESULT_COLUMN_SCHEMA_MISMATCH] Number of columns of the returned data doesn't match specified schema. "
            f"Expected: {len(schema.fields)} Actual: {len(frame.columns)}",
            "RESULT_COLUMN_SCHEMA_MISMATCH",
        )
    rows = len(frame)
    arrays = [
        to_arrow(frame[f.name] if by_name else frame.iloc[:, i], f.dataType, rows) for i, f in enumerate(schema.fields)
    ]
    return pa.StructArray.from_arrays(arrays, fields=list(T.to_arrow(schema)))


def as_lists(parts: list[pa.Array], dtype: T.DataType) -> pa.Array:
    offsets = [0]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    values = pa.concat_arrays(parts) if parts else pa.array([], T.to_arrow(dtype).value_type)
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, type=T.to_arrow(dtype))


def _arity(func: Callable[..., Any]) -> int:
    import inspect

    try:
        return len(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return 1


def check_result_names(expected: list[str], returned: list[str]) -> None:
    """PySpark's RESULT_COLUMN_NAMES_MISMATCH when a function returns other columns than its schema names."""
    missing = [c for c in expected if c not in returned]
    extra = [c for c in returned if c not in expected]
    if missing or extra:
        said = ([f"Missing: {', '.join(missing)}."] if missing else []) + (
            [f"Unexpected: {', '.join(extra)}."] if extra else []
        )
        raise PySparkRuntimeError(
            "[RESULT_COLUMN_NAMES_MISMATCH] Column names of the returned data do not match specified schema. "
            + " ".join(said),
            "RESULT_COLUMN_NAMES_MISMATCH",
        )
