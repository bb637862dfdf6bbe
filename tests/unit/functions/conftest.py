"""`values(column, **data)`: evaluate a Column over given data and return its values.

Function tests call this one fixture, so they read as "this function on these inputs
gives these outputs", whichever path (expression evaluator or full DataFrame) runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pytest

from engine import types as T
from engine.api.column import Column
from engine.compute.context import EvalContext
from engine.compute.expr_eval import evaluate_array
from engine.expr import nodes as n
from engine.expr.resolve import Scope, resolve


def evaluate_column(column: Column, table: pa.Table, ansi: bool = True) -> list[Any]:
    attrs = tuple(
        n.Attribute(f.name, T.from_arrow(f.type), True, n.new_id()) for f in table.schema
    )
    batch = pa.RecordBatch.from_arrays(
        [table.column(i).combine_chunks().cast(T.to_arrow(a.dtype)) for i, a in enumerate(attrs)],
        names=[a.key for a in attrs],
    ) if table.num_columns else pa.RecordBatch.from_pydict({"_": [None] * table.num_rows})
    expr = resolve(column.expr, Scope(attrs))
    return evaluate_array(expr, batch, EvalContext(ansi=ansi)).to_pylist()


@pytest.fixture
def values() -> Callable[..., list[Any]]:
    """values(F.upper("s"), s=["a", None]) -> ["A", None]; pass `_table=` for typed input."""

    def run(column: Column, _table: pa.Table | None = None, _ansi: bool = True, **data: Any) -> list[Any]:
        table = _table if _table is not None else pa.table(data) if data else pa.table({"_": [None]})
        return evaluate_column(column, table, _ansi)

    return run
