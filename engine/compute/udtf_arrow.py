"""PyArrow-native UDTFs (``arrow_udtf``): ``eval`` takes whole Arrow arrays (a TABLE argument as a
RecordBatch) and yields Arrow tables or record batches, so no row becomes a Python object.

One call of ``eval`` per UDTF instance (a partition, or a partition key of a partitioned TABLE
argument), then ``terminate``. The tables it yields must name the schema's columns; each column
is cast to the declared type, as PySpark does.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from engine import types as T
from engine.compute.udf import check_result_names
from engine.errors import PySparkRuntimeError


def evaluate_arrow(
    spec: Any, arrays: list[pa.Array], perm: np.ndarray, starts: list[int], rows: int, make: Any
) -> tuple[list[pa.Array], list[int]]:
    """The UDTF's output columns and, per output row, the input row it joins (the group's last).

    `arrays` are the call's arguments in the order the UDTF sees its rows; `make` builds an instance.
    """
    from engine.functions.udtf import SkipRestOfInputTableException

    target = T.to_arrow(spec.schema)
    pieces: list[pa.Table] = []
    parents: list[int] = []
    npos = spec.positional
    for g, begin in enumerate(starts):
        end = starts[g + 1] if g + 1 < len(starts) else rows
        args = [_argument(a.slice(begin, end - begin), i in spec.tables) for i, a in enumerate(arrays)]
        udtf = make(spec)
        produced: list[pa.Table] = []
        try:
            produced += _tables(udtf.eval(*args[:npos], **dict(zip(spec.keywords, args[npos:]))), target)
        except SkipRestOfInputTableException:
            pass
        terminate = getattr(udtf, "terminate", None)
        if terminate is not None:
            produced += _tables(terminate(), target)
        cleanup = getattr(udtf, "cleanup", None)
        if cleanup is not None:
            cleanup()
        for t in produced:
            pieces.append(t)
            parents.extend([int(perm[end - 1])] * t.num_rows)
    fields = list(target)
    if not pieces:
        return [pa.array([], f.type) for f in fields], parents
    table = pa.concat_tables(pieces)
    return [table.column(f.name).combine_chunks() for f in fields], parents


def _argument(arr: pa.Array, is_table: bool) -> Any:
    """A TABLE argument's rows as a RecordBatch of its columns; any other argument as an array."""
    return pa.RecordBatch.from_struct_array(arr) if is_table else arr


def _tables(results: Any, target: pa.StructType) -> list[pa.Table]:
    """The tables `results` yields, with the schema's columns in order, cast to their types."""
    out = []
    for r in results if results is not None else ():
        if not isinstance(r, (pa.Table, pa.RecordBatch)):
            raise PySparkRuntimeError(
                "[UDTF_ARROW_TYPE_CONVERSION_ERROR] PyArrow UDTF must return an iterator of pyarrow.Table or "
                "pyarrow.RecordBatch objects.",
                "UDTF_ARROW_TYPE_CONVERSION_ERROR",
            )
        table = pa.Table.from_batches([r]) if isinstance(r, pa.RecordBatch) else r
        if table.num_columns == 0 and table.num_rows == 0:
            continue
        check_result_names([f.name for f in target], table.column_names)
        out.append(pa.table({f.name: table.column(f.name).cast(f.type) for f in target}))
    return out
