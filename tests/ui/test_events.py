"""The event log: its schema, the writer and reader, and what a real job writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import engine
from engine import functions as F
from engine.api.conf import RuntimeConfig
from engine.ui.events import EVENT_FIELDS, EventLogWriter, event_log_dir, log_files, make_event, read_events


def test_make_event_stamps_kind_and_time_and_requires_documented_fields() -> None:
    e = make_event("app_end", app_id="app-1")
    assert e["event"] == "app_end" and e["app_id"] == "app-1" and isinstance(e["time"], float)
    with pytest.raises(ValueError, match="task_start.*partition"):
        make_event("task_start", job_id=1, stage_id=1, attempt=0)


def test_writer_appends_json_lines_and_reader_skips_a_torn_last_line(tmp_path: Path) -> None:
    w = EventLogWriter(str(tmp_path / "logs"), "app-x")
    w.write(make_event("app_end", app_id="app-x"))
    w.write({"event": "custom", "time": 1.0, "value": {1, 2} and "set-as-text"})
    w.close()
    with w.path.open("a") as f:
        f.write('{"event": "job_st')  # the process died mid-write
    events = list(read_events(w.path))
    assert [e["event"] for e in events] == ["app_end", "custom"]
    assert log_files(str(tmp_path / "logs")) == [w.path]
    assert log_files(str(w.path)) == [w.path]
    with pytest.raises(FileNotFoundError, match="no event log"):
        log_files(str(tmp_path / "missing"))


def test_event_log_is_off_unless_enabled_and_spark_keys_work_too() -> None:
    assert event_log_dir(RuntimeConfig({})) is None
    assert (
        event_log_dir(RuntimeConfig({"engine.eventLog.enabled": True, "engine.eventLog.dir": "/x"})) == "/x"
    )
    assert (
        event_log_dir(RuntimeConfig({"spark.eventLog.enabled": "true", "spark.eventLog.dir": "/y"})) == "/y"
    )


def logged(session: engine.SparkSession) -> list[dict]:
    return list(read_events(session._ui.log.path))


def test_a_job_logs_its_stages_and_tasks_in_order_with_metrics(ui_spark: engine.SparkSession) -> None:
    df = ui_spark.range(0, 1000, numPartitions=4).withColumn("k", F.col("id") % 3)
    rows = df.groupBy("k").agg(F.count("*").alias("n")).collect()
    assert sorted(r.n for r in rows) == [333, 333, 334]
    events = logged(ui_spark)
    for e in events:
        assert set(EVENT_FIELDS[e["event"]]) <= set(e), e["event"]
        json.dumps(e)
    kinds = [e["event"] for e in events]
    assert kinds[0] == "app_start" and kinds[1] == "job_start" and kinds[-1] == "job_end"
    start = events[1]
    assert start["description"].startswith("collect at test_events.py:")
    stage_ids = [s["stage_id"] for s in start["stages"]]
    assert any(s["exchange"] and "hashpartitioning" in s["exchange"] for s in start["stages"])
    ends = [e for e in events if e["event"] == "task_end"]
    assert len(ends) == sum(s["num_tasks"] for s in start["stages"])
    assert all(e["status"] == "success" and e["duration_ms"] >= 0 and e["executor"] == "driver" for e in ends)
    first = [e for e in ends if e["stage_id"] == stage_ids[0]]
    assert sum(e["rows_out"] for e in first) > 0 and all(e["rows_in"] == 0 for e in first)
    later = [e for e in ends if e["stage_id"] != stage_ids[0]]
    assert sum(e["rows_in"] for e in later) > 0
    for sid in stage_ids:
        mine = [i for i, e in enumerate(events) if e.get("stage_id") == sid]
        assert events[mine[0]]["event"] == "stage_submitted"
        assert events[mine[-1]]["event"] == "stage_completed" and events[mine[-1]]["status"] == "complete"
    done = {e["stage_id"]: e["metrics"] for e in events if e["event"] == "stage_completed"}
    assert done[stage_ids[0]]["succeeded"] == 4
    # per-operator metrics are listed by pre-order position, the `index` job_start gives each operator
    for stage in start["stages"]:
        indices = sorted(op["index"] for op in stage["operators"])
        assert indices == list(range(len(indices)))
        mine = [e for e in ends if e["stage_id"] == stage["stage_id"]]
        assert all(len(e["operators"]) == len(indices) for e in mine)
        assert all(e["operators"][0]["rows"] == e["rows_out"] for e in mine)  # the root makes the output
        totals = done[stage["stage_id"]]["operators"]
        assert [t["rows"] for t in totals] == [sum(e["operators"][i]["rows"] for e in mine) for i in indices]
    source = next(op for op in start["stages"][0]["operators"] if op["name"] == "Range")
    assert done[stage_ids[0]]["operators"][source["index"]]["rows"] == 1000
    assert all(e["scheduler_delay_ms"] >= 0 and e["spill_bytes"] == 0 for e in ends)
    for line in start["plan"]:  # an operator line names its operator; an exchange line its stage
        assert (line["operator"] is None) == ("Exchange" in line["text"]), line
    assert events[-1]["status"] == "succeeded" and events[-1]["metrics"]["tasks"] == len(ends)
    assert events[-1]["metrics"]["object_store_spilled_bytes"] is None  # threads: no object store
    assert events[0]["schema_version"] == 2
    ui_spark.stop()
    assert logged(ui_spark)[-1]["event"] == "app_end"


def test_a_failing_task_logs_each_attempt_with_its_reason_and_the_job_fails(tmp_path: Path) -> None:
    spark = (
        engine.SparkSession.builder.master("local[2, 3]").config("spark.ui.enabled", False)
        .config("engine.eventLog.enabled", True).config("engine.eventLog.dir", str(tmp_path)).create()
    )  # fmt: skip
    try:
        boom = F.udf(lambda v: 1 // (v - v), "int")
        with pytest.raises(Exception, match="division"):
            spark.range(0, 4, numPartitions=1).select(boom("id")).collect()
        events = logged(spark)
    finally:
        spark.stop()
    failed = [e for e in events if e["event"] == "task_end"]
    assert [e["attempt"] for e in failed] == [0, 1, 2]
    assert all(e["status"] == "failed" and e["failure"]["kind"] == "user_error" for e in failed)
    assert "ZeroDivisionError" in failed[0]["failure"]["message"]
    assert [e["status"] for e in events if e["event"] == "stage_completed"] == ["failed"]
    end = events[-1]
    assert end["event"] == "job_end" and end["status"] == "failed" and "division" in end["error"]
    assert end["metrics"]["tasks_retried"] == 2 and end["metrics"]["tasks_failed"] == 3


def test_a_failed_job_is_what_last_job_metrics_and_the_job_end_event_describe(tmp_path: Path) -> None:
    """Not the successful job before it: its 3 attempts (local[2, 3] allows 3), 2 of them retries;
    PySpark's status tracker reports the same stage as 1 task with 3 failed attempts."""
    spark = (
        engine.SparkSession.builder.master("local[2, 3]").config("spark.ui.enabled", False)
        .config("engine.eventLog.enabled", True).config("engine.eventLog.dir", str(tmp_path)).create()
    )  # fmt: skip
    try:
        assert spark.range(0, 8, numPartitions=2).count() == 8
        boom = F.udf(lambda v: 1 // (v - v), "int")
        with pytest.raises(Exception, match="division"):
            spark.range(0, 4, numPartitions=1).select(boom("id")).collect()
        m = spark.lastJobMetrics()
        end = logged(spark)[-1]
    finally:
        spark.stop()
    assert (m.tasks, m.tasks_succeeded, m.tasks_failed, m.tasks_retried) == (3, 0, 3, 2)
    assert (m.executors_lost, m.fetch_failures, m.partitions_recomputed) == (0, 0, 0)
    assert end["event"] == "job_end" and end["status"] == "failed"
    logged_counts = end["metrics"]
    assert (logged_counts["tasks_failed"], logged_counts["tasks_retried"]) == (3, 2)
    assert (logged_counts["executors_lost"], logged_counts["fetch_failures"], logged_counts["partitions_recomputed"]) == (0, 0, 0)


def test_back_to_back_jobs_read_the_spill_counters_once_each_and_report_each_jobs_own_spill(
    ui_spark: engine.SparkSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job's closing reading of the object stores' counters opens the next job (nothing makes
    objects between jobs), so each job asks the raylet once, not twice."""
    readings = iter([(100, 0), (150, 10), (400, 30)])
    calls: list[int] = []

    def spill_totals() -> tuple[int, int]:
        calls.append(1)
        return next(readings)

    monkeypatch.setattr(ui_spark._backend, "spill_totals", spill_totals)
    ui_spark.range(10).collect()
    ui_spark.range(10).collect()
    jobs = [e for e in logged(ui_spark) if e["event"] == "job_end"][-2:]
    assert [j["metrics"]["object_store_spilled_bytes"] for j in jobs] == [50, 250]
    assert [j["metrics"]["object_store_restored_bytes"] for j in jobs] == [10, 20]
    assert len(calls) == 3
