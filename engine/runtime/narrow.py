"""The narrow operators' per-batch work (filter, project), shared by whole-partition and
streamed execution of a stage's pipeline."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.coded_filter import expand_coded
from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_all, is_row_local
from engine.logical.nodes import to_attribute
from engine.physical import nodes as P


def project(table: pa.Table, exprs: tuple[Any, ...], keep: bool, ctx: EvalContext) -> pa.Table:
    """`exprs` computed over `table` (after its own columns when `keep`). A column selected twice
    (``SELECT k, k``) is one column of the result: columns are found by key, which must be unique."""
    names = list(table.column_names) if keep else []
    arrays: list[pa.Array | pa.ChunkedArray] = [table.column(c) for c in names]
    pieces = [evaluate_all(exprs, batch, ctx) for batch in row_batches(table, exprs)]
    for i, e in enumerate(exprs):
        attr = to_attribute(e)
        if attr.key in names:
            continue
        want = T.to_arrow(attr.dtype)
        if all(_coded_as(piece[i].type, want) for piece in pieces):
            want = pieces[0][i].type  # a dictionary column passed through (see stream.coded_group_keys)
        chunks = [piece[i] if piece[i].type == want else piece[i].cast(want) for piece in pieces]
        names.append(attr.key)
        arrays.append(chunks[0] if len(chunks) == 1 else pa.chunked_array(chunks, want))
    if not names:
        return empty_columns(table.num_rows)
    return pa.Table.from_arrays(arrays, names=names)


def _coded_as(actual: pa.DataType, want: pa.DataType) -> bool:
    return pa.types.is_dictionary(actual) and actual.value_type == want


def filter_batch(
    batch: pa.RecordBatch, cond: Any, ctx: EvalContext, columns: frozenset[str] | None = None
) -> pa.RecordBatch:
    """The rows of `batch` where `cond` is true, of its `columns` only when given; no copy when
    that is every row (a scan already applied the filters it could push down)."""
    (mask,) = evaluate_all((cond,), batch, ctx)
    if columns is not None:
        batch = batch.select([c for c in batch.schema.names if c in columns])
    if mask.null_count == 0 and pc.all(mask).as_py() is not False:
        return batch
    return batch.filter(mask, null_selection_behavior="drop")


def filter_table(
    table: pa.Table, cond: Any, ctx: EvalContext, columns: frozenset[str] | None = None
) -> pa.Table:
    """The rows of `table` where `cond` is true (of its `columns` only, when given), chunk by
    chunk where `cond` allows."""
    if columns is not None and not columns & set(table.column_names):
        # no column is read above (``count(*)``): the rows are counted from a placeholder
        kept = filter_table(table, cond, ctx)
        return empty_columns(kept.num_rows)
    if table.num_rows == 0:
        return table if columns is None else table.select([c for c in table.column_names if c in columns])
    return pa.Table.from_batches([filter_batch(b, cond, ctx, columns) for b in row_batches(table, (cond,))])


MIN_BATCH_ROWS = 8_192  # below this on average, per-batch overhead outweighs the copy saved


def row_batches(table: pa.Table, exprs: tuple[Any, ...]) -> list[pa.RecordBatch]:
    """`table` as record batches for row-wise `exprs`: its own chunks (no copy) when they are
    large enough, else one batch of the whole partition.

    Expressions with partition-wide state (``rand``'s sequence, ``monotonically_increasing_id``)
    always see the partition as one batch, so their values do not restart per chunk.
    """
    batches = table.to_batches() if table.num_columns else []
    if len(batches) > 1 and table.num_rows >= MIN_BATCH_ROWS * len(batches) and all(map(is_row_local, exprs)):
        return batches
    return [whole_batch(table)]


def empty_columns(num_rows: int) -> pa.Table:
    """Rows without columns (``select()`` of nothing, ``count()`` inputs).

    A placeholder null column carries the row count: a table with no columns at all loses
    it when concatenated or pickled to another process. Operators read columns by key and
    never see the placeholder.
    """
    return pa.table({"__rows": pa.nulls(num_rows)})


def whole_batch(table: pa.Table) -> pa.RecordBatch:
    """The whole partition as one record batch (expressions see every row at once)."""
    if table.num_columns == 0:
        return pa.RecordBatch.from_pydict({"_": pa.nulls(table.num_rows)})
    combined = table.combine_chunks()
    batches = combined.to_batches()
    if len(batches) == 1:
        return batches[0]
    if not batches:
        return pa.RecordBatch.from_pylist([], schema=table.schema)
    return pa.concat_batches(batches)


def read_scan(
    scan: P.ScanExec, split: Any, ctx: EvalContext, coded: frozenset[str] = frozenset()
) -> pa.Table:
    """One split (or piece of one) of `scan`, columns named by key; rows its dictionary-coded
    strings prove fail the filter above may already be gone (that filter still runs). Columns
    in `coded` stay dictionaries where the file has them so."""
    from engine.io.source import read_split

    keep_coded = scan.condition is not None or bool(coded)
    table = read_split(scan.source, split, list(scan.columns), None, keep_coded=keep_coded)
    table = table.rename_columns(list(scan.keys))
    return expand_coded(table, scan.condition, ctx, coded) if keep_coded else table
