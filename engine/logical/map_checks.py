"""Spark's refusal of map columns where rows are compared as wholes: DISTINCT, dropDuplicates
keys, INTERSECT and EXCEPT (UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE). Maps have no
equality in Spark, so deduplicating by one is refused while the plan is analyzed, not left
to fail in an Arrow hash kernel."""

from __future__ import annotations

from collections.abc import Iterable

from engine.errors import AnalysisException
from engine.expr.nodes import Attribute
from engine.expr.signatures._common import type_name
from engine.expr.signatures.operators import has_map


def refuse_map_columns(columns: Iterable[Attribute]) -> None:
    """Raise for the first of `columns` whose type is or holds a map."""
    for a in columns:
        if has_map(a.dtype):
            raise AnalysisException(
                "[UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE] The feature is not supported: Cannot have MAP "
                "type columns in a set operation (INTERSECT, EXCEPT, etc.), but the type of column "
                f"`{a.name}` is {type_name(a.dtype)}.",
                "UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE",
            )
