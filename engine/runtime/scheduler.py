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
Origin = tuple[int, int]  # (stage, map partition) that produced a block

# A consumer that keeps losing its inputs fails the job after this many fetch failures,
# as does a task whose executor died under it this often (Spark's maxConsecutiveAttempts).
MAX_FETCH_FAILURES = 4
MAX_EXECUTOR_LOSSES = 4


@dataclass(frozen=True)
class TaskSpec:
    """One attempt of (stage, partition), with the input block handles it reads.

    `origins` parallels `inputs`: the (stage, map partition) each block came from, so a
    backend that finds block i of a read lost can name the map output to recompute.
    """

    stage_id: int
    partition: int
    attempt: int
    inputs: dict[ReadKey, list[Handle]] = field(compare=False, hash=False)
    origins: dict[ReadKey, list[Origin]] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class UserError:
    """The task's code raised (a UDF, an ANSI error): retried, then the job fails with it."""

    error: BaseException


@dataclass(frozen=True)
class FetchFailed:
    """Inputs were lost: these (stage, map partition) outputs are gone and must be recomputed."""

    lost: tuple[Origin, ...]
    cause: BaseException | None = None


@dataclass(frozen=True)
class ExecutorLost:
    """The executor died while running the task; not the task's fault.

    `executor` names the executor that died (empty when unknown), so one executor lost
    with several tasks in flight counts once in the job's metrics, as in Spark.
    """

    cause: BaseException | None = None
    executor: str = ""


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
    fetch_failures: int = 0
    recomputed: list[Origin] = field(default_factory=list)  # (stage, partition), in order

    def plus(self, other: JobMetrics) -> JobMetrics:
        """Both jobs' work as one (a query whose adaptive plan ran a join side as a job first)."""
        counts = {f: getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__ if f != "recomputed"}
        return JobMetrics(**counts, recomputed=self.recomputed + other.recomputed)


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
        metrics: JobMetrics | None = None,
    ) -> None:
        """`metrics` is the caller's record to fill in: it still holds what the job did if the job fails."""
        self.stages = {s.id: s for s in stages}
        self.final = stages[-1].id
        self.max_failures = max_failures
        self.outputs: dict[int, dict[int, list[Handle]]] = {s.id: {} for s in stages}
        for sid, outs in (precomputed or {}).items():
            self.outputs[sid] = dict(outs)
        self.running: set[tuple[int, int]] = set()
        self.attempts: dict[tuple[int, int], int] = {}
        self.failures: dict[tuple[int, int], int] = {}
        self.fetch_failures: dict[tuple[int, int], int] = {}
        self.executor_losses: dict[tuple[int, int], int] = {}
        self.lost_executors: set[str] = set()
        self.ever_done: set[tuple[int, int]] = {(s, p) for s, outs in self.outputs.items() for p in outs}
        self.metrics = metrics if metrics is not None else JobMetrics()
        self.metrics.stages = len(stages)
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
        keys = self._read_keys(stage, p)
        inputs = {rk: self._blocks(rk) for rk in keys}
        return TaskSpec(stage.id, p, attempt, inputs, {rk: self._origins(rk) for rk in keys})

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

    def _origins(self, rk: ReadKey) -> list[Origin]:
        """Parallel to `_blocks(rk)`: which map output each block belongs to."""
        kind, sid, p = rk
        outs = self.outputs[sid]
        maps = range(self.stages[sid].num_partitions)
        if kind == "bucket":
            return [(sid, m) for m in maps]
        if kind == "map":
            return [(sid, p)] * len(outs[p])
        return [(sid, m) for m in maps for _ in outs[m]]

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
            case FetchFailed(lost=lost, cause=cause):
                self.metrics.fetch_failures += 1
                self._count(self.fetch_failures, task, MAX_FETCH_FAILURES, cause, "lost its inputs")
                current = [o for o in lost if self._read_current(task, o)]
                self.mark_lost([*current, *self._on_same_hosts(task, current)])
            case ExecutorLost(cause=cause, executor=executor):
                if not executor or executor not in self.lost_executors:
                    self.metrics.executors_lost += 1
                    self.lost_executors.add(executor)
                self._count(self.executor_losses, task, MAX_EXECUTOR_LOSSES, cause, "lost its executor")

    def _count(
        self,
        counts: dict[tuple[int, int], int],
        task: TaskSpec,
        limit: int,
        cause: BaseException | None,
        what: str,
    ) -> None:
        """Fails the job once a task has hit the same infrastructure failure `limit` times."""
        key = (task.stage_id, task.partition)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] >= limit:
            from engine.errors import SparkRuntimeException

            stage = self.stages[task.stage_id]
            err = SparkRuntimeException(
                f"[TASK_FAILED] Task {task.partition} of stage {task.stage_id} "
                f"[{stage.description or 'stage'}] {what} {limit} times (last cause: {_brief(cause)}); "
                "the cluster may be unstable (an executor killed, out of memory, or a node lost each time). "
                "Check the nodes' health and memory and the executors' logs (Ray's memory monitor kills a "
                "worker near its node's limit: more partitions, e.g. a higher spark.sql.shuffle.partitions, "
                "make each task smaller), then run the job again.",
                "TASK_FAILED",
            )
            raise JobFailed(task.stage_id, task.partition, counts[key], err)

    def _on_same_hosts(self, task: TaskSpec, lost: list[Origin]) -> list[Origin]:
        """Other outputs of the stages `task` reads that sit on the hosts of the lost ones.

        As Spark unregisters every map output of a failed host at the first fetch failure,
        the lost stage is resubmitted once for all of them, instead of once per consumer
        that finds its own input gone. Handles without a host (local tables) add nothing.
        """
        hosts = {getattr(b, "node", None) for sid, m in lost for b in self.outputs[sid][m]} - {None}
        if not hosts:
            return []
        read = {sid for _, sid, _ in task.inputs}
        return [
            (sid, m)
            for sid in read
            for m, blocks in self.outputs.get(sid, {}).items()
            if (sid, m) not in lost and any(getattr(b, "node", None) in hosts for b in blocks)
        ]

    def _read_current(self, task: TaskSpec, origin: Origin) -> bool:
        """Whether the task read the map output `origin` still on record (not an older, already-replaced one).

        A consumer that started before a lost map output was recomputed reports the old
        blocks lost; forgetting the new, healthy ones would recompute them for nothing.
        """
        sid, m = origin
        current = self.outputs.get(sid, {}).get(m)
        if current is None:
            return False
        ids = {id(b) for b in current}
        return any(
            id(block) in ids
            for rk, origins in task.origins.items()
            for block, o in zip(task.inputs[rk], origins)
            if o == origin
        )

    def mark_lost(self, lost: Iterable[tuple[int, int]]) -> None:
        """Map outputs that are gone: their producers run again, and whatever needs them waits.

        A complete stage that loses outputs is resubmitted; more losses found while it is
        still being recomputed join that resubmission rather than counting as another.
        """
        reopened: set[int] = set()
        for sid, p in lost:
            if sid in self.outputs and p in self.outputs[sid]:
                if self._complete(sid):
                    reopened.add(sid)
                del self.outputs[sid][p]
        self.metrics.stages_resubmitted += len(reopened)
        self._needed = self._needed_stages() | self._needed


def _brief(cause: BaseException | None) -> str:
    """A failure's cause on one line: Ray's errors say on several why an actor or object died."""
    if cause is None:
        return "unknown"
    text = " ".join(str(cause).split())
    if len(text) > 400:
        text = text[:400] + "..."
    return f"{type(cause).__name__}: {text}" if text else type(cause).__name__
