"""grouping() and grouping_id(): which keys a ROLLUP/CUBE/GROUPING SETS row aggregated away.

They type-check here; the aggregate planner replaces them with per-grouping-set constants
(engine/physical/aggregates.py), so they have no kernel.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine import types as T
from engine.expr.registry import Signature, function


@function("grouping", min_args=1, max_args=1)
def _grouping(args: Sequence[object]) -> Signature:
    return Signature(T.ByteType(), (), False)


@function("grouping_id", min_args=0, max_args=None)
def _grouping_id(args: Sequence[object]) -> Signature:
    return Signature(T.LongType(), (), False)
