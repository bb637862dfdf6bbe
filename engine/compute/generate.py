"""explode / posexplode / inline (and their _outer forms) over array and map columns; stack.

Every input row is repeated once per element of its collection (`list_parent_indices`
plus `take`), so input columns of any type pass through unchanged; the generated columns
are the flattened elements. The outer forms keep rows whose collection is null or empty,
once, with nulls in the generated columns.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_array
from engine.expr.nodes import UDFCall
from engine.physical.nodes import GenerateExec


def generate(table: pa.Table, op: GenerateExec, ctx: EvalContext) -> pa.Table:
    """`table`'s columns repeated per generated row, followed by the generated columns `op.keys`."""
    if isinstance(op.generator, UDFCall):  # a Python UDTF
        from engine.compute.udtf import run_udtf

        return run_udtf(table, op, ctx)
    name = op.generator.name.lower()
    outer = op.outer or name.endswith("_outer")
    base = name.removesuffix("_outer")
    if base not in ("explode", "posexplode", "inline", "json_tuple", "stack", "variant_explode"):
        raise ValueError(f"unknown generator {op.generator.name!r}")
    batches = table.combine_chunks().to_batches()
    batch = batches[0] if batches else pa.RecordBatch.from_pylist([], schema=table.schema)
    if base == "json_tuple":
        # Its kernel gives a one-element list per row: of a struct of the fields, or a string.
        coll = evaluate_array(op.generator, batch, ctx)
        base = "inline" if pa.types.is_struct(coll.type.value_type) else "explode"
    elif base in ("stack", "variant_explode"):
        coll = evaluate_array(op.generator, batch, ctx)  # a list of its rows per input row
        base = "inline" if len(op.keys) > 1 else "explode"
    else:
        coll = evaluate_array(op.generator.args[0], batch, ctx)
    is_map = pa.types.is_map(coll.type)
    if is_map:
        entry = pa.struct([coll.type.key_field, coll.type.item_field])
        coll = coll.cast(pa.list_(entry))
    parents = np.asarray(pc.list_parent_indices(coll).to_numpy(), dtype=np.int64)
    flat = pc.list_flatten(coll)
    elems = np.arange(len(parents), dtype=np.int64)
    if outer:
        counts = np.bincount(parents, minlength=table.num_rows)
        missing = np.flatnonzero(counts == 0)
        parents = np.concatenate([parents, missing])
        elems = np.concatenate([elems, np.full(len(missing), -1, np.int64)])
        order = np.argsort(parents, kind="stable")
        parents, elems = parents[order], elems[order]
    elem_idx = pa.array(elems, type=pa.int64(), mask=elems < 0)
    values = flat.take(elem_idx)
    generated: list[pa.Array] = []
    if base == "posexplode":
        first = np.searchsorted(parents, parents, side="left")
        pos = (np.arange(len(parents)) - first).astype(np.int32)
        generated.append(pa.array(pos, type=pa.int32(), mask=elems < 0))
    if is_map or base == "inline":
        generated.extend(values.flatten())
    else:
        generated.append(values)
    out = table.take(pa.array(parents, type=pa.int64()))
    for key, col in zip(op.keys, generated):
        out = out.append_column(key, col)
    return out
