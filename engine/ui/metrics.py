"""Stage metrics from task_end events: totals, min/median/max and skew, as the stage page shows them."""

from __future__ import annotations

import statistics
from typing import Any


def latest_successes(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The last successful attempt of each partition (a recomputed partition counts once)."""
    best: dict[int, dict[str, Any]] = {}
    for t in tasks:
        if t.get("status") == "success":
            best[t["partition"]] = t
    return [best[p] for p in sorted(best)]


def spread(values: list[float]) -> dict[str, float]:
    """min, median and max of `values` (zeros when there are none)."""
    if not values:
        return {"min": 0, "median": 0, "max": 0}
    return {"min": min(values), "median": statistics.median(values), "max": max(values)}


def skew(values: list[float]) -> float:
    """max / median: 1.0 is perfectly even; Spark's UI flags a stage whose max is far above its median."""
    if not values:
        return 1.0
    median = statistics.median(values)
    if median <= 0:
        return 1.0 if max(values) <= 0 else float(max(values))
    return max(values) / median


def stage_metrics(tasks: list[dict[str, Any]]) -> dict[str, Any]:
    """What a stage did, from all its task_end events (every attempt).

    Sizes sum the last successful attempt per partition; durations spread over those too,
    while `task_time_ms` counts every attempt (failed and recomputed work took time as well).
    """
    ok = latest_successes(tasks)
    durations = [float(t["duration_ms"]) for t in ok]
    rows = [float(t["rows_out"]) for t in ok]
    return {
        "tasks": len(tasks),
        "succeeded": len(ok),
        "failed": sum(1 for t in tasks if t.get("status") != "success"),
        "recomputed": sum(1 for t in tasks if t.get("recomputed")),
        "task_time_ms": round(sum(float(t["duration_ms"]) for t in tasks), 3),
        "rows_in": sum(int(t["rows_in"]) for t in ok),
        "bytes_in": sum(int(t["bytes_in"]) for t in ok),
        "rows_out": sum(int(t["rows_out"]) for t in ok),
        "bytes_out": sum(int(t["bytes_out"]) for t in ok),
        "duration_ms": spread(durations),
        "rows_per_task": spread(rows),
        "bytes_per_task": spread([float(t["bytes_out"]) for t in ok]),
        "duration_skew": round(skew(durations), 3),
        "rows_skew": round(skew(rows), 3),
    }
