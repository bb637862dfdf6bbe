"""schema_of_variant_agg: the schema of a group's variants merged (``OBJECT<a: VARIANT, b: BIGINT>``).

The partial state of a group is its merged schema as JSON text (`variant_schema.to_state`), so
partitions merge by merging schemas again. Reading each variant's schema is per document.
"""

from __future__ import annotations

import json

import pyarrow as pa

from engine.compute.aggregate_support import AggFunction, Groups
from engine.compute.context import EvalContext
from engine.compute.variant_values import ABSENT, to_trees
from engine.expr.nodes import AggCall
from engine.types.atomic import DataType
from engine.types.variant_schema import from_state, merge, render, schema_of, to_state


def _fold(schemas: list[DataType | None], g: Groups) -> pa.Array:
    """Each group's schemas (None for a row that adds nothing) merged, as state text."""
    out: list[DataType | None] = [None] * g.count
    for gid, t in zip(g.gid, schemas):
        if t is not None:
            out[gid] = t if out[gid] is None else merge(out[gid], t)  # type: ignore[arg-type]
    return pa.array([None if t is None else json.dumps(to_state(t)) for t in out], pa.string())


class SchemaOfVariantAgg(AggFunction):
    """schema_of_variant_agg over the non-null variants of each group (VOID when there are none)."""

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        if pa.types.is_null(args[0].type):
            return [pa.nulls(g.count, pa.string())]
        return [_fold([None if t is ABSENT else schema_of(t) for t in to_trees(args[0])], g)]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [_fold([None if s is None else from_state(json.loads(s)) for s in states[0].to_pylist()], g)]

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        texts = [render(from_state(json.loads(s))) if s is not None else "VOID" for s in states[0].to_pylist()]
        return pa.array(texts, pa.string())


VARIANT_AGGREGATES = {"schema_of_variant_agg": SchemaOfVariantAgg()}
