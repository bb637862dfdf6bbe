"""Watches a job from outside the runtime: a proxy backend that turns submits and completions into events."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from engine.compute.context import EvalContext
from engine.physical import nodes as P
from engine.runtime.backend import Backend, Completion
from engine.runtime.scheduler import TaskSpec
from engine.runtime.task_metrics import TaskMetrics
from engine.ui.events import Event, make_event
from engine.ui.metrics import stage_metrics
from engine.ui.plan_info import describe_stages, plan_lines

Emit = Callable[[Event], None]


def block_size(block: Any) -> tuple[int, int]:
    """(rows, bytes) of one output block: an Arrow table, or a Ray block carrying `.rows`/`.nbytes`."""
    rows = getattr(block, "num_rows", None)
    if rows is None:
        rows = getattr(block, "rows", 0)
    return int(rows or 0), int(getattr(block, "nbytes", 0) or 0)


def executor_of(blocks: list[Any] | None) -> str:
    """Where a task ran: the Ray node of its output blocks, or ``driver`` for in-process threads."""
    for b in blocks or ():
        node = getattr(b, "node", None)
        if node:
            return str(node)
    return "driver"


def failure_info(failure: Any) -> dict[str, Any]:
    """A scheduler Failure as JSON: its kind, message and (for lost inputs) the map outputs lost."""
    kind = type(failure).__name__
    cause = getattr(failure, "error", None) or getattr(failure, "cause", None)
    info: dict[str, Any] = {
        "kind": {
            "UserError": "user_error",
            "FetchFailed": "fetch_failed",
            "ExecutorLost": "executor_lost",
        }.get(kind, kind),
        "message": f"{type(cause).__name__}: {cause}" if cause is not None else kind,
    }
    if hasattr(failure, "lost"):
        info["lost"] = [list(o) for o in failure.lost]
    if getattr(failure, "executor", ""):
        info["executor_id"] = failure.executor  # the executor that died, to count each one once
    return info


def executors_lost(ends: list[Event]) -> int:
    """How many executors died under a task of the job: each once, however many tasks it ran
    (as Spark counts them); a loss whose executor is unknown counts on its own."""
    lost = [e["failure"] for e in ends if e["failure"] is not None and e["failure"]["kind"] == "executor_lost"]
    return len({f["executor_id"] for f in lost if "executor_id" in f}) + sum(1 for f in lost if "executor_id" not in f)


def operator_info(metrics: TaskMetrics | None) -> list[dict[str, Any]]:
    """Each operator's metrics in one task as JSON, by pre-order position (empty when not reported)."""
    if metrics is None:
        return []
    return [
        {"rows": m.rows, "time_ms": round(m.time_ms, 3), "self_ms": round(m.self_ms, 3)}
        for m in metrics.operators
    ]


class JobListener:
    """One job's task and stage bookkeeping; every change goes out through `emit` as an event."""

    def __init__(self, job_id: int, stages: list[P.Stage], emit: Emit) -> None:
        self.job_id = job_id
        self.stages = {s.id: s for s in stages}
        self.emit = emit
        self.started: dict[tuple[int, int, int], float] = {}
        self.attempt: dict[int, int] = {}  # stage -> current stage attempt (resubmissions)
        self.waiting: dict[int, set[int]] = {}  # stage -> partitions its current attempt still needs
        self.complete: set[int] = set()
        self.succeeded: set[tuple[int, int]] = set()
        self.task_ends: dict[int, list[Event]] = {}

    def job_started(self, description: str) -> None:
        stages = list(self.stages.values())
        self.emit(
            make_event(
                "job_start", job_id=self.job_id, description=description,
                stages=describe_stages(stages), plan=plan_lines(stages),
            )
        )  # fmt: skip

    def task_started(self, stage: P.Stage, task: TaskSpec) -> None:
        sid = stage.id
        if sid not in self.attempt or sid in self.complete:
            first = sid not in self.attempt
            self.attempt[sid] = 0 if first else self.attempt[sid] + 1
            self.complete.discard(sid)
            self.waiting[sid] = set(range(stage.num_partitions)) if first else set()
            self.emit(
                make_event(
                    "stage_submitted", job_id=self.job_id, stage_id=sid,
                    attempt=self.attempt[sid], num_tasks=stage.num_partitions,
                )
            )  # fmt: skip
        self.waiting[sid].add(task.partition)
        self.started[(sid, task.partition, task.attempt)] = time.monotonic()
        self.emit(
            make_event(
                "task_start", job_id=self.job_id, stage_id=sid, partition=task.partition, attempt=task.attempt
            )
        )

    def task_ended(self, c: Completion) -> None:
        task = c.task
        sid, key = task.stage_id, (task.stage_id, task.partition)
        now = time.monotonic()
        began = self.started.pop((sid, task.partition, task.attempt), now)
        observed_ms = (now - began) * 1000  # on the driver: from submit to completion
        run_ms = observed_ms if c.metrics is None else c.metrics.run_ms
        inputs = [b for blocks in task.inputs.values() for b in blocks]
        ins = [block_size(b) for b in inputs]
        outs = [block_size(b) for b in c.blocks or ()]
        ok = c.failure is None
        recomputed = ok and key in self.succeeded
        event = make_event(
            "task_end", job_id=self.job_id, stage_id=sid, partition=task.partition, attempt=task.attempt,
            status="success" if ok else "failed", failure=None if ok else failure_info(c.failure),
            duration_ms=round(run_ms, 3), scheduler_delay_ms=round(max(0.0, observed_ms - run_ms), 3),
            rows_in=sum(r for r, _ in ins), bytes_in=sum(b for _, b in ins),
            rows_out=sum(r for r, _ in outs), bytes_out=sum(b for _, b in outs), spill_bytes=0,
            executor=c.executor or executor_of(c.blocks if ok else inputs), recomputed=recomputed,
            operators=operator_info(c.metrics),
        )  # fmt: skip
        self.task_ends.setdefault(sid, []).append(event)
        self.emit(event)
        if not ok:
            return
        self.succeeded.add(key)
        self.waiting[sid].discard(task.partition)
        if not self.waiting[sid]:
            self.complete.add(sid)
            self._stage_done(sid, "complete")

    def _stage_done(self, sid: int, status: str) -> None:
        self.emit(
            make_event(
                "stage_completed", job_id=self.job_id, stage_id=sid, attempt=self.attempt[sid],
                status=status, metrics=stage_metrics(self.task_ends.get(sid, [])),
            )
        )  # fmt: skip

    def job_ended(self, error: BaseException | None, spilled: tuple[int, int] | None = None) -> None:
        """Ends the job; `spilled` is (bytes spilled, bytes restored) by the object store while it ran, if known."""
        if error is not None:
            for sid in self.attempt:
                if sid not in self.complete:
                    self._stage_done(sid, "failed")
        ends = [e for events in self.task_ends.values() for e in events]
        metrics = {
            "stages": len(self.stages),
            "tasks": len(ends),
            "tasks_failed": sum(1 for e in ends if e["status"] != "success"),
            "tasks_retried": sum(1 for e in ends if e["attempt"] > 0),
            "partitions_recomputed": sum(1 for e in ends if e["recomputed"]),
            "stages_resubmitted": sum(self.attempt.values()),
            "executors_lost": executors_lost(ends),
            "fetch_failures": sum(1 for e in ends if e["failure"] is not None and e["failure"]["kind"] == "fetch_failed"),
            "recomputed": [[e["stage_id"], e["partition"]] for e in ends if e["recomputed"]],
            "object_store_spilled_bytes": None if spilled is None else spilled[0],
            "object_store_restored_bytes": None if spilled is None else spilled[1],
        }
        self.emit(
            make_event(
                "job_end", job_id=self.job_id, status="failed" if error is not None else "succeeded",
                error=None if error is None else f"{type(error).__name__}: {error}", metrics=metrics,
            )
        )  # fmt: skip


class ListeningBackend:
    """The session's backend as `run_job` sees it, with every submit and completion reported to a job listener."""

    def __init__(self, backend: Backend, job: JobListener) -> None:
        self._backend = backend
        self._job = job

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def submit(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext) -> None:
        self._job.task_started(stage, task)
        self._backend.submit(stage, task, ctx)

    def poll(self) -> list[Completion]:
        done = self._backend.poll()
        for c in done:
            self._job.task_ended(c)
        return done
