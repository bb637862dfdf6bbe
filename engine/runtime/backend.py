"""The interface every execution backend implements, and the driver loop that uses it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import pyarrow as pa

from engine.compute.context import EvalContext
from engine.physical import nodes as P
from engine.runtime.scheduler import Failure, Handle, JobFailed, JobMetrics, Scheduler, TaskSpec, UserError
from engine.runtime.task_metrics import TaskMetrics


@dataclass(frozen=True)
class Completion:
    """A finished attempt: its output blocks, or why it failed."""

    task: TaskSpec
    blocks: list[Handle] | None
    failure: Failure | None = None
    executor: str = ""  # which executor ran the attempt (an actor on Ray, a thread locally)
    metrics: TaskMetrics | None = None  # as the executor measured it; None when it could not report


class Backend(Protocol):
    """Runs tasks somewhere (threads, Ray actors) and holds their output blocks."""

    max_failures: int

    def parallelism(self) -> int:
        """How many tasks run at once (cores across executors): the default partition count."""
        ...

    def slots(self) -> int:
        """How many tasks may be in flight now."""
        ...

    def submit(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext) -> None: ...

    def poll(self) -> list[Completion]:
        """Blocks until at least one submitted task has finished; returns all finished ones."""
        ...

    def fetch(self, blocks: list[Handle]) -> list[pa.Table]: ...

    def release(self, blocks: list[Handle]) -> None: ...

    def cancel(self) -> None:
        """Stops every running task (Ctrl-C); the backend stays usable."""
        ...

    def spill_totals(self) -> tuple[int, int] | None:
        """(bytes spilled to disk, bytes restored) by the object stores so far, or None when it has none."""
        ...

    def shutdown(self) -> None: ...


@dataclass
class JobResult:
    blocks: list[list[Handle]]  # final stage output by partition
    outputs: dict[int, dict[int, list[Handle]]]  # every stage's kept outputs (for caching)
    metrics: JobMetrics


def run_job(
    stages: list[P.Stage],
    backend: Backend,
    ctx: EvalContext,
    precomputed: dict[int, dict[int, list[Handle]]] | None = None,
    on_event: Any = None,
    metrics: JobMetrics | None = None,
) -> JobResult:
    """Drives `stages` to completion on `backend`; raises the first task error that exhausts its retries.

    `metrics`, when given, is filled in as the job runs, so a caller can report what a failed job did.
    """
    sched = Scheduler(stages, backend.max_failures, precomputed, metrics)
    inflight = 0
    try:
        while not sched.done:
            free = backend.slots() - inflight
            for task in sched.ready_tasks(limit=max(0, free)):
                backend.submit(sched.stages[task.stage_id], task, ctx)
                inflight += 1
            if inflight == 0:
                raise RuntimeError("scheduler has nothing to run but the job is not done")
            for c in backend.poll():
                inflight -= 1
                if c.failure is None:
                    assert c.blocks is not None
                    sched.task_succeeded(c.task, c.blocks)
                else:
                    sched.task_failed(c.task, c.failure)
                if on_event is not None:
                    on_event(c)
    except JobFailed as e:
        backend.cancel()
        err = _user_facing(e, sched)
        err.__suppress_context__ = True  # keep the error's own __cause__, hide the scheduler's JobFailed
        raise err  # noqa: B904
    except BaseException:
        backend.cancel()
        raise
    return JobResult(sched.results(), sched.outputs, sched.metrics)


def _user_facing(e: JobFailed, sched: Scheduler) -> BaseException:
    """The original error, with the stage and partition that raised it added as a note."""
    err = e.error
    stage = sched.stages[e.stage_id]
    note = (
        f"(raised by task {e.partition} of stage {e.stage_id} [{stage.description or 'stage'}], "
        f"after {e.attempts} attempt{'s' if e.attempts > 1 else ''})"
    )
    if hasattr(err, "add_note"):
        err.add_note(note)
    return err


def classify(error: BaseException) -> Failure:
    """A task exception as a scheduler outcome (backends refine this for lost data/executors)."""
    return UserError(error)
