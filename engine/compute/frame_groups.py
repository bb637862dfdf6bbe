"""Frame-at-a-time functions over whole groups: ``applyInArrow`` and both sides of ``cogroup``.

Each input is a list array with one entry per group (the group's rows as structs, null for
a cogroup side without that key), followed by the grouping key columns. The function gets
each group as a pandas DataFrame (``cogrouped_map``) or a pyarrow Table
(``grouped_map_arrow``, ``cogrouped_map_arrow``), plus the key as a tuple when it takes one
more parameter (Python values for pandas, pyarrow scalars for Arrow, as PySpark passes them).
Its output frames become one list entry per group, in the call's ``array<struct>`` type.
"""

from __future__ import annotations

import inspect
from typing import Any

import pyarrow as pa

from engine import types as T
from engine.errors import PySparkRuntimeError, PySparkTypeError
from engine.expr.nodes import UDFCall

KINDS = ("cogrouped_map", "grouped_map_arrow", "cogrouped_map_arrow")


def run_frame_groups(call: UDFCall, args: list[pa.Array]) -> pa.Array:
    """`call.func` once per group (row of `args`), its frames gathered into one list array."""
    from engine.compute.udf import as_lists, frame_to_struct, to_python

    assert isinstance(call.dtype, T.ArrayType) and isinstance(call.dtype.elementType, T.StructType)
    schema = call.dtype.elementType
    arrow = call.kind.endswith("_arrow")
    sides = 2 if call.kind.startswith("cogrouped") else 1
    groups, keys = args[:sides], args[sides:]
    with_key = _arity(call.func) == sides + 1
    batches = arrow and sides == 1 and _takes_iterator(call.func)
    key_values = keys if arrow else [to_python(k) for k in keys]
    outputs = []
    for i in range(len(groups[0])):
        tables = [_group_table(g, i) for g in groups]
        frames: list[Any] = tables if arrow else [t.to_pandas() for t in tables]
        if batches:
            frames = [iter(tables[0].to_batches())]
        key = tuple(k[i] for k in key_values)
        result = call.func(key, *frames) if with_key else call.func(*frames)
        if batches:
            result = pa.Table.from_batches(list(result)) if result is not None else None
        outputs.append(_arrow_to_struct(result, schema) if arrow else frame_to_struct(result, schema))
    return as_lists(outputs, call.dtype)


def _group_table(groups: pa.Array, i: int) -> pa.Table:
    """The rows of group `i` as a table (empty, with the side's columns, for a missing group)."""
    rows = groups[i].values
    if rows is None:
        rows = pa.array([], groups.type.value_type)
    return pa.Table.from_struct_array(rows)


def _arrow_to_struct(result: Any, schema: T.StructType) -> pa.Array:
    """A function's pyarrow Table (or RecordBatch) as a struct array of `schema`, by column
    name, with PySpark's errors for another return type, other names or other types."""
    if isinstance(result, pa.RecordBatch):
        result = pa.Table.from_batches([result])
    if not isinstance(result, pa.Table):
        raise PySparkTypeError(
            "[UDF_RETURN_TYPE] Return type of the user-defined function should be pyarrow.Table, but is "
            f"{type(result).__name__}.",
            "UDF_RETURN_TYPE",
        )
    names = [f.name for f in schema.fields]
    missing = [c for c in names if c not in result.column_names]
    extra = [c for c in result.column_names if c not in names]
    if missing or extra:
        parts = ([f"Missing: {', '.join(missing)}."] if missing else []) + (
            [f"Unexpected: {', '.join(extra)}."] if extra else []
        )
        raise PySparkRuntimeError(
            "[RESULT_COLUMN_NAMES_MISMATCH] Column names of the returned data do not match specified schema. "
            + " ".join(parts),
            "RESULT_COLUMN_NAMES_MISMATCH",
        )
    arrays = []
    for f in schema.fields:
        column = result.column(f.name).combine_chunks()
        want = T.to_arrow(f.dataType)
        if column.type != want:
            raise PySparkRuntimeError(
                "[RESULT_COLUMN_TYPES_MISMATCH] Column types of the returned data do not match specified schema. "
                f"Mismatch: column '{f.name}' (expected {want}, actual {column.type}).",
                "RESULT_COLUMN_TYPES_MISMATCH",
            )
        arrays.append(column)
    return pa.StructArray.from_arrays(arrays, fields=list(T.to_arrow(schema)))


def _arity(func: Any) -> int:
    try:
        return len(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return 1


def _takes_iterator(func: Any) -> bool:
    """Whether `func` is annotated to take an iterator of record batches (PySpark 4.1's form)."""
    try:
        params = list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return False
    hint = params[-1].annotation if params else inspect.Parameter.empty
    return "Iterator" in str(hint)
