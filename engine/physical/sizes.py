"""Size estimates of logical plans, for the broadcast-join choice."""

from __future__ import annotations

from engine import types as T
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output

UNKNOWN = 1 << 62


def _row_width(plan: LogicalPlan) -> int:
    widths = {T.BooleanType: 1, T.ByteType: 1, T.ShortType: 2, T.IntegerType: 4, T.DateType: 4, T.FloatType: 4}
    return sum(widths.get(type(a.dtype), 8 if not isinstance(a.dtype, T.StringType) else 20) for a in output(plan)) or 1


def estimate_bytes(plan: LogicalPlan) -> int:
    """An upper-bound-ish estimate of the in-memory size of `plan`'s result, as Spark's sizeInBytes."""
    match plan:
        case L.FileScan(source=src, columns=cols):
            from engine.io.source import source_stats

            rows, nbytes = source_stats(src)
            if rows is not None:
                return rows * _row_width(plan)
            total = max(1, len(src.schema.names) if getattr(src, "schema", None) is not None else len(cols))
            return int(nbytes * 3 * max(1, len(cols)) / total)
        case L.InMemory(partitions=parts):
            return sum(t.nbytes for t in parts)
        case L.Range(start=s, end=e, step=st):
            return max(0, (e - s) // st) * 8
        case L.Limit(n=k, input=i) if k is not None:
            return min(estimate_bytes(i), k * _row_width(plan))
        case L.Project(input=i) | L.Window(input=i) | L.Generate(input=i):
            child = estimate_bytes(i)
            if child >= UNKNOWN:
                return UNKNOWN
            return int(child * _row_width(plan) / max(1, _row_width(i)))
        case L.Join(left=left, right=right, how=how):
            if how in ("left_semi", "left_anti"):
                return estimate_bytes(left)
            return min(UNKNOWN, estimate_bytes(left) + estimate_bytes(right)) if how != "cross" else UNKNOWN
        case L.Union(inputs=inputs):
            return min(UNKNOWN, sum(estimate_bytes(i) for i in inputs))
        case _:
            kids = L.children(plan)
            return max((estimate_bytes(k) for k in kids), default=UNKNOWN)
