"""``df.explain("analyze")``: the query runs, and its plan shows actual rows and time per operator."""

from __future__ import annotations

import re

import pytest

import engine
from engine import functions as F
from engine.ui.runtime_explain import analyzed_plan


def actual(text: str, operator: str) -> list[int]:
    """The actual rows printed on each plan line that draws `operator` (e.g. ``Filter``)."""
    found = re.findall(rf"\*\(\d+\) {operator}\b.*\[actual rows=([\d,]+), time=", text)
    return [int(n.replace(",", "")) for n in found]


def test_explain_analyze_runs_the_query_and_annotates_each_operator(
    local_spark: engine.SparkSession, capsys: pytest.CaptureFixture[str]
) -> None:
    df = (
        local_spark.range(0, 1000, numPartitions=3)
        .filter(F.col("id") >= 100)
        .groupBy((F.col("id") % 3).alias("k"))
        .agg(F.count("*").alias("n"))
    )
    seen = {j["job_id"] for j in local_spark._ui.store.job_list()}
    df.explain("analyze")
    text = capsys.readouterr().out
    new_jobs = [j for j in local_spark._ui.store.job_list() if j["job_id"] not in seen]
    assert [j["description"].split(" at ")[0] for j in new_jobs] == ["explain"]  # it ran exactly one job
    assert text.startswith("== Physical Plan (analyzed: job ")
    # the exchange line: what its stage sent (3 keys x 3 map tasks), and the stage's task time
    assert re.search(r"Exchange hashpartitioning\(.*\)  \[actual rows=9 \(.*\), stage task time=", text)
    assert actual(text, "Range") == [1000]
    assert actual(text, "Filter") == [
        900
    ]  # fused with the range and the partial aggregate, counted on its own
    assert actual(text, "HashAggregate") == [3, 9]  # final, then partial (one row per key per map task)
    for line in text.splitlines():
        if "[actual rows=" in line and "self=" in line:
            times = re.search(r"time=([\d.]+) (m?s), self=([\d.]+) (m?s)\]", line)
            assert times is not None, line
    assert re.search(r"Stage 1 \(.*\): 3/3 tasks; rows in 0 \(0 B\), out 9 ", text)
    assert "skew" in text and "scheduler delay median" in text
    assert "Object store" not in text  # the thread backend has none, so says nothing about spilling
    df.explain(mode="ANALYZE")
    assert capsys.readouterr().out.startswith("== Physical Plan (analyzed: job ")


def test_both_sides_of_a_join_and_each_branch_of_a_union_have_their_own_rows(
    local_spark: engine.SparkSession, capsys: pytest.CaptureFixture[str]
) -> None:
    small = local_spark.range(0, 50).withColumnRenamed("id", "id2")
    local_spark.range(0, 100, numPartitions=2).join(small, F.col("id") == F.col("id2")).explain("analyze")
    text = capsys.readouterr().out
    assert actual(text, "BroadcastHashJoin") == [50]
    assert sorted(actual(text, "Range")) == [50, 100]

    both = local_spark.range(0, 10, numPartitions=2).union(local_spark.range(5, 8)).coalesce(1)
    both.explain("analyze")
    text = capsys.readouterr().out
    assert actual(text, "Coalesce") == [13] and actual(text, "Union") == [13]
    assert actual(text, "Range") == [10, 3]  # each branch ran in the one task; a coalesce sums its inputs


def test_a_log_without_operator_metrics_still_shows_stage_output() -> None:
    """Event logs of schema version 1 have per-stage counts only: history mode prints those."""
    stage = {
        "stage_id": 1, "number": 1, "description": "result", "num_tasks": 1,
        "metrics": {
            "succeeded": 1, "failed": 0, "recomputed": 0, "task_time_ms": 5.0, "rows_in": 0, "bytes_in": 0,
            "rows_out": 7, "bytes_out": 56, "duration_ms": {"min": 5, "median": 5, "max": 5}, "duration_skew": 1.0,
        },
    }  # fmt: skip
    job = {
        "job_id": 1, "start": 0.0, "end": 1.0, "status": "succeeded", "metrics": {}, "stages": {1: stage},
        "plan": [{"text": "*(1) Range (0, 7, step=1, splits=1)", "stage": 1}],
    }  # fmt: skip
    text = analyzed_plan(job)
    assert "*(1) Range (0, 7, step=1, splits=1)  [actual rows=7 (56 B), stage task time=5.0 ms]" in text


def test_other_modes_still_validate(local_spark: engine.SparkSession) -> None:
    from engine.errors import IllegalArgumentException

    with pytest.raises(IllegalArgumentException, match="Unknown explain mode"):
        local_spark.range(3).explain("analyse-this")
