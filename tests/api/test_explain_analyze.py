"""Runtime metrics on both backends: per-operator rows in explain("analyze"), executor-measured
task time, object store spill, and jobs run by checkpoint() seen like any other."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from engine import functions as F


def rows_on(text: str, operator: str) -> list[int]:
    """The actual rows printed on each plan line that draws `operator`, top to bottom."""
    found = re.findall(rf"\*\(\d+\) {operator}\b.*\[actual rows=([\d,]+), time=", text)
    return [int(n.replace(",", "")) for n in found]


@pytest.fixture
def events(spark, monkeypatch) -> list[dict[str, Any]]:
    """Every event the session emits while the test runs."""
    seen: list[dict[str, Any]] = []
    emit = spark._ui.emit

    def record(event: dict[str, Any]) -> None:
        seen.append(event)
        emit(event)

    monkeypatch.setattr(spark._ui, "emit", record)
    return seen


def test_each_operator_fused_in_a_stage_reports_its_own_rows(spark, capsys):
    df = (
        spark.range(0, 1000, numPartitions=4)
        .filter(F.col("id") % 10 == 0)
        .select((F.col("id") * 2).alias("x"))
    )
    df.explain("analyze")
    text = capsys.readouterr().out
    assert rows_on(text, "Range") == [1000]  # what the source produced
    assert rows_on(text, "Filter") == [100]  # what survived the filter, in the same task
    assert rows_on(text, "Project") == [100]
    assert len(re.findall(r"\[actual rows=", text)) == 3


def test_operators_on_both_sides_of_an_exchange(spark, capsys):
    df = (
        spark.range(0, 1000, numPartitions=4)
        .filter(F.col("id") >= 100)
        .groupBy((F.col("id") % 3).alias("k"))
        .count()
    )
    df.explain("analyze")
    text = capsys.readouterr().out
    assert rows_on(text, "Range") == [1000] and rows_on(text, "Filter") == [900]
    assert rows_on(text, "HashAggregate") == [3, 12]  # final; partial: 3 keys in each of 4 map tasks
    assert re.search(r"Exchange hashpartitioning\(.*\)  \[actual rows=12 ", text)


def test_task_time_is_measured_on_the_executor_within_what_the_driver_saw(spark, events):
    spark.range(0, 20_000, numPartitions=4).groupBy((F.col("id") % 7).alias("k")).count().collect()
    starts = {
        (e["job_id"], e["stage_id"], e["partition"], e["attempt"]): e["time"]
        for e in events
        if e["event"] == "task_start"
    }
    ends = [e for e in events if e["event"] == "task_end"]
    assert ends and all(e["status"] == "success" for e in ends)
    for e in ends:
        # the task_start event is stamped before the task is submitted, task_end after it came back
        seen_ms = (e["time"] - starts[(e["job_id"], e["stage_id"], e["partition"], e["attempt"])]) * 1000
        assert 0 <= e["duration_ms"] <= seen_ms * 1.001 + 0.01
        assert e["scheduler_delay_ms"] >= 0
        assert e["spill_bytes"] == 0  # engine operators run in memory; Ray's spilling is counted per job
        root = e["operators"][0]
        assert root["time_ms"] <= e["duration_ms"] + 0.001  # the task's run contains its operators


def test_jobs_report_object_store_spill_where_there_is_an_object_store(spark, events):
    spark.range(0, 100, numPartitions=2).collect()
    [end] = [e for e in events if e["event"] == "job_end"]
    spilled = end["metrics"]["object_store_spilled_bytes"]
    if spark._backend.spill_totals() is None:  # threads: no object store
        assert spilled is None and end["metrics"]["object_store_restored_bytes"] is None
    else:  # Ray: the cluster-wide change while the job ran
        assert isinstance(spilled, int) and spilled >= 0


@pytest.mark.parametrize("local", [False, True], ids=["checkpoint", "localCheckpoint"])
def test_checkpoint_jobs_are_reported_like_any_other(spark, events, tmp_path: Path, local: bool):
    spark.sparkContext.setCheckpointDir(str(tmp_path))
    df = spark.range(0, 100, numPartitions=2).groupBy((F.col("id") % 5).alias("k")).count()
    saved = df.localCheckpoint() if local else df.checkpoint()
    starts = [e for e in events if e["event"] == "job_start"]
    assert [e["description"].split(" at ")[0] for e in starts] == [
        "localCheckpoint" if local else "checkpoint"
    ]
    assert starts[0]["description"].endswith(f"test_explain_analyze.py:{_line_of('saved = df.')}")
    ends = [e for e in events if e["event"] == "job_end"]
    assert len(ends) == 1 and ends[0]["status"] == "succeeded"
    assert sum(e["event"] == "task_end" for e in events) == ends[0]["metrics"]["tasks"] > 0
    assert sorted(r["count"] for r in saved.collect()) == [20] * 5
    assert spark._ui.store.job(ends[0]["job_id"])["status"] == "succeeded"


def _line_of(snippet: str) -> int:
    """The line of this file holding `snippet` (the call site a job description names)."""
    return next(i for i, line in enumerate(Path(__file__).read_text().splitlines(), 1) if snippet in line)
