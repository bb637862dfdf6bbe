"""The job scheduler as a pure state machine: which tasks run next, given what happened.

No threads and no Ray here (the backends do the running), so every path — a user error
retried up to ``spark.task.maxFailures``, a lost map output recomputed from lineage, an
executor lost mid-task — is tested by feeding outcomes in and checking which tasks come
out, like Spark's DAGSchedulerSuite.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from engine.physical import nodes as P
from engine.runtime.task import ReadKey, reads_for

Handle = Any  # a backend's reference to one output block (a table, a Ray ObjectRef, ...)


@dataclass(frozen=True)
class TaskSpec:
    """One attempt of (stage, partition), with the input block handles it reads."""

    stage_id: int
    partition: int
    attempt: int
    inputs: dict[ReadKey, list[Handle]] = field(compare=False, hash=False)


@dataclass(frozen=True)
class UserError:
    """The task's code raised (a UDF, an ANSI error): retried, then the job fails with it."""

    error: BaseException


@dataclass(frozen=True)
class FetchFailed:
    """Inputs were lost: these (stage, map partition) outputs are gone and must be recomputed."""

    lost: tuple[tuple[int, int], ...]
    cause: BaseException | None = None


@dataclass(frozen=True)
class ExecutorLost:
    """The executor died while running the task; not the task's fault."""

    cause: BaseException | None = None


Failure = UserError | FetchFailed | ExecutorLost


@dataclass
class JobMetrics:
    """What a job did, including every recovery (shown by ``spark.lastJobMetrics()``)."""

    stages: int = 0
    tasks: int = 0
    tasks_succeeded: int = 0
    tasks_failed: int = 0
    tasks_retried: int = 0
    partitions_recomputed: int = 0
    stages_resubmitted: int = 0
    executors_lost: int = 0
    recomputed: list[tuple[int, int]] = field(default_factory=list)  # (stage, partition)


class JobFailed(Exception):
    """Raised by the scheduler when a task failed too often; carries the original error."""

    def __init__(self, stage_id: int, partition: int, attempts: int, error: BaseException) -> None:
        super().__init__(f"task {partition} of stage {stage_id} failed {attempts} times: {error}")
        self.stage_id, self.partition, self.attempts, self.error = stage_id, partition, attempts, error


class Scheduler:
    """Tracks map outputs and decides which (stage, partition) attempts to run."""

    def __init__(
        self,
        stages: list[P.Stage],
        max_failures: int = 4,
        precomputed: dict[int, dict[int, list[Handle]]] | None = None,
    ) -> None:
        self.stages = {s.id: s for s in stages}
        self.final = stages[-1].id
        self.max_failures = max_failures
        self.outputs: dict[int, dict[int, list[Handle]]] = {s.id: {} for s in stages}
        for sid, outs in (precomputed or {}).items():
            self.outputs[sid] = dict(outs)
        self.running: set[tuple[int, int]] = set()
        self.attempts: dict[tuple[int, int], int] = {}
        self.failures: dict[tuple[int, int], int] = {}
        self.ever_done: set[tuple[int, int]] = {(s, p) for s, outs in self.outputs.items() for p in outs}
        self.metrics = JobMetrics(stages=len(stages))
        self._submitted_stages: set[int] = set()
        self._needed = self._needed_stages()

    def _needed_stages(self) -> set[int]:
        """Stages the final stage depends on whose outputs are not all there yet (and their parents)."""
        needed: set[int] = set()
        stack = [self.final]
        while stack:
            sid = stack.pop()
            if sid in needed:
                continue
            needed.add(sid)
            if sid != self.final and self._complete(sid):
                continue
            stack.extend(self.stages[sid].parents)
        return needed

    # ------------------------------------------------------------------ queries
    def _complete(self, sid: int) -> bool:
        return len(self.outputs[sid]) == self.stages[sid].num_partitions

    @property
    def done(self) -> bool:
        return self._complete(self.final)

    def results(self) -> list[list[Handle]]:
        """The final stage's output blocks, by partition."""
        outs = self.outputs[self.final]
        return [outs[p] for p in range(self.stages[self.final].num_partitions)]

    def ready_tasks(self, limit: int | None = None) -> list[TaskSpec]:
        """Attempts that can start now: parents complete, not done, not running."""
        out: list[TaskSpec] = []
        for sid in sorted(self._needed):
            stage = self.stages[sid]
            if self._complete(sid) or not all(self._complete(par) for par in stage.parents):
                continue
            if sid not in self._submitted_stages:
                self._submitted_stages.add(sid)
            for p in range(stage.num_partitions):
                if p in self.outputs[sid] or (sid, p) in self.running:
                    continue
                if limit is not None and len(out) >= limit:
                    return out
                out.append(self._task(stage, p))
        return out

    def _task(self, stage: P.Stage, p: int) -> TaskSpec:
        key = (stage.id, p)
        attempt = self.attempts.get(key, 0)
        self.attempts[key] = attempt + 1
        self.running.add(key)
        self.metrics.tasks += 1
        if attempt > 0:
            self.metrics.tasks_retried += 1
        inputs = {rk: self._blocks(rk) for rk in self._read_keys(stage, p)}
        return TaskSpec(stage.id, p, attempt, inputs)

    def _read_keys(self, stage: P.Stage, p: int) -> list[ReadKey]:
        keys = reads_for(stage.root, p)
        if isinstance(stage.output, P.RangeOut):
            keys.append(("all", stage.output.sample_stage, 0))
        return keys

    def _blocks(self, rk: ReadKey) -> list[Handle]:
        kind, sid, p = rk
        outs = self.outputs[sid]
        maps = range(self.stages[sid].num_partitions)
        if kind == "bucket":
            return [outs[m][p] for m in maps]
        if kind == "map":
            return list(outs[p])
        return [b for m in maps for b in outs[m]]

    # ------------------------------------------------------------------ outcomes
    def task_succeeded(self, task: TaskSpec, blocks: list[Handle]) -> None:
        key = (task.stage_id, task.partition)
        self.running.discard(key)
        self.metrics.tasks_succeeded += 1
        if key in self.ever_done:
            self.metrics.partitions_recomputed += 1
            self.metrics.recomputed.append(key)
        self.ever_done.add(key)
        self.outputs[task.stage_id][task.partition] = blocks

    def task_failed(self, task: TaskSpec, failure: Failure) -> None:
        """Records a failure; raises `JobFailed` once a task has failed `max_failures` times."""
        key = (task.stage_id, task.partition)
        self.running.discard(key)
        self.metrics.tasks_failed += 1
        match failure:
            case UserError(error=err):
                count = self.failures.get(key, 0) + 1
                self.failures[key] = count
                if count >= self.max_failures:
                    raise JobFailed(task.stage_id, task.partition, count, err)
            case FetchFailed(lost=lost):
                self.mark_lost(lost)
            case ExecutorLost():
                self.metrics.executors_lost += 1

    def mark_lost(self, lost: Iterable[tuple[int, int]]) -> None:
        """Map outputs that are gone: their producers run again, and whatever needs them waits."""
        resubmitted: set[int] = set()
        for sid, p in lost:
            if sid in self.outputs and p in self.outputs[sid]:
                del self.outputs[sid][p]
                resubmitted.add(sid)
        self.metrics.stages_resubmitted += len(resubmitted)
        self._needed = self._needed_stages() | self._needed
