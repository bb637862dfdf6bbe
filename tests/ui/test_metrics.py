"""Stage metrics from task_end events: totals over the last success per partition, spread and skew."""

from __future__ import annotations

from typing import Any

from engine.ui.metrics import latest_successes, operator_metrics, skew, spread, stage_metrics


def task(
    p: int, attempt: int = 0, status: str = "success", ms: float = 10.0, rows: int = 5, **kw: Any
) -> dict:
    return {
        "partition": p, "attempt": attempt, "status": status, "duration_ms": ms, "rows_in": rows * 2,
        "bytes_in": rows * 16, "rows_out": rows, "bytes_out": rows * 8, "recomputed": False, **kw,
    }  # fmt: skip


def test_spread_and_skew() -> None:
    assert spread([]) == {"min": 0, "median": 0, "max": 0}
    assert spread([3.0, 1.0, 2.0]) == {"min": 1.0, "median": 2.0, "max": 3.0}
    assert skew([10.0, 10.0, 40.0]) == 4.0
    assert skew([]) == 1.0
    assert skew([0.0, 0.0]) == 1.0


def test_a_recomputed_partition_counts_once_in_sizes_but_its_time_counts() -> None:
    tasks = [task(0), task(1, rows=100), task(1, attempt=1, rows=100, recomputed=True)]
    assert [t["attempt"] for t in latest_successes(tasks)] == [0, 1]
    m = stage_metrics(tasks)
    assert m["succeeded"] == 2
    assert m["recomputed"] == 1
    assert m["rows_out"] == 105
    assert m["bytes_out"] == 105 * 8
    assert m["rows_in"] == 210
    assert m["task_time_ms"] == 30.0
    assert m["rows_per_task"] == {"min": 5.0, "median": 52.5, "max": 100.0}


def test_failed_attempts_count_as_failures_not_output() -> None:
    m = stage_metrics([task(0, status="failed", rows=0), task(0, attempt=1, ms=30.0)])
    assert (m["tasks"], m["failed"], m["succeeded"]) == (2, 1, 1)
    assert m["duration_ms"] == {"min": 30.0, "median": 30.0, "max": 30.0}
    assert m["duration_skew"] == 1.0


def test_skewed_stage_is_flagged_by_its_max_over_median() -> None:
    m = stage_metrics([task(0, ms=10), task(1, ms=10), task(2, ms=10, rows=1000)])
    assert m["rows_skew"] == 200.0
    assert m["duration_skew"] == 1.0


def test_operator_metrics_sum_over_the_last_success_of_each_partition() -> None:
    def op(rows: int, ms: float) -> dict:
        return {"rows": rows, "time_ms": ms, "self_ms": ms / 2}

    tasks = [
        task(0, operators=[op(10, 2.0), op(40, 1.0)], scheduler_delay_ms=1.0, spill_bytes=0),
        task(1, status="failed", operators=[op(3, 9.0), op(5, 9.0)]),  # a failed attempt counts in neither
        task(1, attempt=1, operators=[op(7, 4.0), op(30, 2.0)], scheduler_delay_ms=3.0, spill_bytes=0),
    ]
    m = stage_metrics(tasks)
    assert m["operators"] == [
        {"rows": 17, "time_ms": 6.0, "self_ms": 3.0},
        {"rows": 70, "time_ms": 3.0, "self_ms": 1.5},
    ]
    assert m["scheduler_delay_ms"] == {"min": 1.0, "median": 2.0, "max": 3.0}
    assert m["spill_bytes"] == 0


def test_tasks_from_a_version_1_log_have_no_operator_metrics() -> None:
    m = stage_metrics([task(0), task(1)])
    assert m["operators"] == []
    assert m["scheduler_delay_ms"] == {"min": 0.0, "median": 0.0, "max": 0.0}
    assert operator_metrics({"metrics": m}, 0) is None
