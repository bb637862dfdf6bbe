"""collect_union: collect_set over the elements of a group's arrays.

Null arrays and null elements are skipped; the elements are deduplicated and ordered as
collect_set orders its values (the state is that of collect_set, so merging is too).
"""

from __future__ import annotations

import pyarrow as pa

from engine.compute.aggregate_lists import Collect
from engine.compute.aggregate_support import Groups, explode
from engine.expr.nodes import AggCall


class CollectUnion(Collect):
    """The distinct non-null elements of each group's arrays."""

    def __init__(self) -> None:
        super().__init__("distinct")

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        lists = args[0]
        if isinstance(lists, pa.ChunkedArray):
            lists = lists.combine_chunks()
        eg, elements = explode(g, lists)  # a null array has no elements
        return super().state([elements], eg, call)


UNION_AGGREGATES = {"collect_union": CollectUnion()}
