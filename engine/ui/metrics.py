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
    Logs of schema version 1 lack scheduler delay, spill and operators: they count as none.
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
        "spill_bytes": sum(int(t.get("spill_bytes", 0)) for t in ok),
        "duration_ms": spread(durations),
        "scheduler_delay_ms": spread([float(t.get("scheduler_delay_ms", 0)) for t in ok]),
        "rows_per_task": spread(rows),
        "bytes_per_task": spread([float(t["bytes_out"]) for t in ok]),
        "duration_skew": round(skew(durations), 3),
        "rows_skew": round(skew(rows), 3),
        "operators": operator_totals(ok),
    }


def operator_totals(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each operator's rows and times summed over `tasks`, by pre-order position in the stage.

    Times add up as task times do (the operator's share of the stage's total task time).
    """
    width = max((len(t.get("operators") or ()) for t in tasks), default=0)
    totals = [{"rows": 0, "time_ms": 0.0, "self_ms": 0.0} for _ in range(width)]
    for t in tasks:
        for total, m in zip(totals, t.get("operators") or ()):
            for key in total:
                total[key] += m[key]
    for total in totals:
        total["time_ms"] = round(total["time_ms"], 3)
        total["self_ms"] = round(total["self_ms"], 3)
    return totals


def operator_metrics(stage: dict[str, Any], index: int) -> dict[str, Any] | None:
    """Operator `index` of a stage's summed metrics, or None when they were not recorded (a v1 log)."""
    ops = stage["metrics"].get("operators") or []
    return ops[index] if index < len(ops) else None
