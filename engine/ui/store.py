"""The UI's in-memory model of an application, built by replaying events (live or from a log)."""

from __future__ import annotations

import copy
import threading
from typing import Any

from engine.ui.events import Event
from engine.ui.metrics import stage_metrics

RETAINED_JOBS = 200  # older jobs are dropped, as ``spark.ui.retainedJobs`` does


class AppStore:
    """Jobs, stages, tasks and executors of one application; safe to read while a job writes."""

    def __init__(self, retained_jobs: int = RETAINED_JOBS) -> None:
        self.retained_jobs = retained_jobs
        self.app: dict[str, Any] = {}
        self.jobs: dict[int, dict[str, Any]] = {}
        self.executors: dict[str, dict[str, Any]] = {}
        self.version = 0  # bumped on every event: the live page refreshes when it changes
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ writing
    def apply(self, e: Event) -> None:
        with self._lock:
            self.version += 1
            handler = getattr(self, f"_on_{e['event']}", None)
            if handler is not None:
                handler(e)

    def _on_app_start(self, e: Event) -> None:
        self.app = {
            "id": e["app_id"],
            "name": e["app_name"],
            "master": e["master"],
            "start": e["time"],
            "end": None,
        }

    def _on_app_end(self, e: Event) -> None:
        self.app["end"] = e["time"]

    def _on_job_start(self, e: Event) -> None:
        stages = {
            s["stage_id"]: {**s, "status": "pending", "attempt": 0, "submitted": None, "completed": None,
                            "tasks": {}, "running": 0, "metrics": stage_metrics([])}
            for s in e["stages"]
        }  # fmt: skip
        self.jobs[e["job_id"]] = {
            "job_id": e["job_id"], "description": e["description"], "status": "running",
            "start": e["time"], "end": None, "error": None, "metrics": {}, "plan": e["plan"], "stages": stages,
        }  # fmt: skip
        while len(self.jobs) > self.retained_jobs:
            del self.jobs[min(self.jobs)]

    def _stage(self, e: Event) -> dict[str, Any] | None:
        job = self.jobs.get(e["job_id"])
        return None if job is None else job["stages"].get(e["stage_id"])

    def _on_stage_submitted(self, e: Event) -> None:
        stage = self._stage(e)
        if stage is not None:
            stage.update(status="running", attempt=e["attempt"], completed=None)
            stage["submitted"] = stage["submitted"] or e["time"]

    def _on_stage_completed(self, e: Event) -> None:
        stage = self._stage(e)
        if stage is not None:
            stage.update(status=e["status"], completed=e["time"], metrics=e["metrics"], running=0)

    def _on_task_start(self, e: Event) -> None:
        stage = self._stage(e)
        if stage is not None:
            stage["running"] += 1
            stage["tasks"][(e["partition"], e["attempt"])] = {**e, "status": "running"}

    def _on_task_end(self, e: Event) -> None:
        stage = self._stage(e)
        if stage is not None:
            stage["running"] = max(0, stage["running"] - 1)
            stage["tasks"][(e["partition"], e["attempt"])] = dict(e)
        ex = self.executors.setdefault(
            e["executor"],
            {
                "executor": e["executor"],
                "tasks": 0,
                "failed": 0,
                "duration_ms": 0.0,
                "rows_out": 0,
                "bytes_out": 0,
            },
        )
        ex["tasks"] += 1
        ex["failed"] += e["status"] != "success"
        ex["duration_ms"] += e["duration_ms"]
        ex["rows_out"] += e["rows_out"]
        ex["bytes_out"] += e["bytes_out"]

    def _on_job_end(self, e: Event) -> None:
        job = self.jobs.get(e["job_id"])
        if job is not None:
            job.update(status=e["status"], end=e["time"], error=e["error"], metrics=e["metrics"])

    # ------------------------------------------------------------------ reading (copies, so pages need no lock)
    def job_list(self) -> list[dict[str, Any]]:
        """Every retained job, newest first, without its tasks."""
        with self._lock:
            return [self._job_summary(j) for j in sorted(self.jobs.values(), key=lambda j: -j["job_id"])]

    def _job_summary(self, job: dict[str, Any]) -> dict[str, Any]:
        stages = job["stages"].values()
        return {
            **{k: v for k, v in job.items() if k not in ("stages", "plan")},
            "num_stages": len(stages),
            "stages_done": sum(1 for s in stages if s["status"] == "complete"),
            "stages_failed": sum(1 for s in stages if s["status"] == "failed"),
            "tasks_done": sum(_metrics(s)["succeeded"] for s in stages),
            "tasks_total": sum(s["num_tasks"] for s in stages),
        }

    def job(self, job_id: int) -> dict[str, Any] | None:
        """One job with its stages (task lists left out) and plan."""
        with self._lock:
            job = self.jobs.get(job_id)
            if job is None:
                return None
            stages = {sid: _without_tasks(s) for sid, s in job["stages"].items()}
            return {**self._job_summary(job), "plan": list(job["plan"]), "stages": stages}

    def stage(self, job_id: int, stage_id: int) -> dict[str, Any] | None:
        """One stage with all its task attempts, ordered by partition then attempt."""
        with self._lock:
            job = self.jobs.get(job_id)
            stage = None if job is None else job["stages"].get(stage_id)
            if stage is None:
                return None
            tasks = [dict(stage["tasks"][k]) for k in sorted(stage["tasks"])]
            return {**_without_tasks(stage), "tasks": tasks}

    def executor_list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(x) for _, x in sorted(self.executors.items())]

    def state(self) -> dict[str, Any]:
        """What the live pages poll: the version, and whether any job is still running."""
        with self._lock:
            running = [j["job_id"] for j in self.jobs.values() if j["status"] == "running"]
            return {"version": self.version, "running_jobs": running, "app": dict(self.app)}


def _metrics(stage: dict[str, Any]) -> dict[str, Any]:
    """A finished stage's metrics as reported; a running one's computed now from the tasks so far."""
    if stage["status"] in ("complete", "failed"):
        return stage["metrics"]
    return stage_metrics([t for t in stage["tasks"].values() if t["status"] != "running"])


def _without_tasks(stage: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy({k: v for k, v in stage.items() if k != "tasks"})
    out["metrics"] = copy.deepcopy(_metrics(stage))
    return out
