"""The listening proxy over the real scheduler: a fake backend injects a lost map output, events tell the story."""

from __future__ import annotations

import pyarrow as pa

import engine
from engine import functions as F
from engine.api.execution import eval_context, physical_stages
from engine.compute.context import EvalContext
from engine.physical import nodes as P
from engine.runtime.backend import Completion, run_job
from engine.runtime.scheduler import ExecutorLost, FetchFailed, TaskSpec
from engine.runtime.task_metrics import OperatorMetrics, TaskMetrics
from engine.ui.events import Event
from engine.ui.listener import JobListener, ListeningBackend, block_size, executor_of, failure_info


class LosingBackend:
    """Runs nothing: every task succeeds with one small table per bucket, except the first
    attempt of the last stage, which reports map output 0 of its parent lost."""

    max_failures = 4

    def __init__(self, final: int) -> None:
        self.final = final
        self.queue: list[Completion] = []

    def slots(self) -> int:
        return 8

    def submit(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext) -> None:
        if task.stage_id == self.final and task.attempt == 0:
            self.queue.append(Completion(task, None, FetchFailed(((stage.parents[0], 0),))))
        else:
            block = pa.table({"x": list(range(task.partition + 1))})
            self.queue.append(Completion(task, [block] * stage.num_buckets))

    def poll(self) -> list[Completion]:
        out, self.queue = self.queue, []
        return out

    def cancel(self) -> None:
        """Nothing runs in the background."""


def test_lineage_recovery_shows_as_a_resubmitted_stage_and_a_recomputed_partition(
    local_spark: engine.SparkSession,
) -> None:
    df = local_spark.range(0, 100, numPartitions=3).groupBy((F.col("id") % 2).alias("k")).count()
    _, stages = physical_stages(local_spark, df._plan)
    parent, final = stages[-1].parents[0], stages[-1].id
    events: list[Event] = []
    job = JobListener(7, stages, events.append)
    job.job_started("test job")
    result = run_job(stages, ListeningBackend(LosingBackend(final), job), eval_context(local_spark))
    job.job_ended(None)

    submitted = [(e["stage_id"], e["attempt"]) for e in events if e["event"] == "stage_submitted"]
    assert (parent, 0) in submitted and (parent, 1) in submitted
    recomputed = [e for e in events if e["event"] == "task_end" and e["recomputed"]]
    assert [(e["stage_id"], e["partition"]) for e in recomputed] == [(parent, 0)]
    lost = [e for e in events if e["event"] == "task_end" and e["status"] == "failed"]
    assert lost[0]["failure"] == {"kind": "fetch_failed", "message": "FetchFailed", "lost": [[parent, 0]]}
    completed = [(e["stage_id"], e["attempt"]) for e in events if e["event"] == "stage_completed"]
    assert completed.count((parent, 0)) == 1 and completed.count((parent, 1)) == 1
    end = events[-1]
    assert end["event"] == "job_end" and end["job_id"] == 7 and end["status"] == "succeeded"
    # what the listener counted from outside agrees with the scheduler's own metrics
    metrics = result.metrics
    assert end["metrics"]["partitions_recomputed"] == metrics.partitions_recomputed == 1
    assert end["metrics"]["recomputed"] == [list(k) for k in metrics.recomputed]
    assert end["metrics"]["tasks_retried"] == metrics.tasks_retried
    assert end["metrics"]["tasks"] == metrics.tasks
    assert end["metrics"]["stages_resubmitted"] == 1
    assert end["metrics"]["fetch_failures"] == metrics.fetch_failures == 2  # both final tasks
    assert end["metrics"]["executors_lost"] == metrics.executors_lost == 0


class ExecutorDyingBackend(LosingBackend):
    """Every first attempt of the first stage dies with executor "actor-a" (two tasks were on it)."""

    def submit(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext) -> None:
        if task.stage_id != self.final and task.attempt == 0:
            self.queue.append(Completion(task, None, ExecutorLost(executor="actor-a")))
        else:
            self.queue.append(Completion(task, [pa.table({"x": [task.partition]})] * stage.num_buckets))


def test_an_executor_lost_with_two_tasks_counts_once_in_job_end_as_in_the_scheduler(
    local_spark: engine.SparkSession,
) -> None:
    df = local_spark.range(0, 100, numPartitions=2).groupBy((F.col("id") % 2).alias("k")).count()
    _, stages = physical_stages(local_spark, df._plan)
    events: list[Event] = []
    job = JobListener(1, stages, events.append)
    result = run_job(stages, ListeningBackend(ExecutorDyingBackend(stages[-1].id), job), eval_context(local_spark))
    job.job_ended(None)
    end = events[-1]["metrics"]
    assert (end["tasks_failed"], end["executors_lost"], end["fetch_failures"]) == (2, 1, 0)
    assert result.metrics.executors_lost == 1


class RayLikeBlock:
    def __init__(self, rows: int, nbytes: int, node: str) -> None:
        self.rows, self.nbytes, self.node = rows, nbytes, node


def test_block_sizes_and_executor_from_tables_or_ray_blocks() -> None:
    table = pa.table({"a": [1, 2, 3]})
    assert block_size(table) == (3, table.nbytes)
    assert block_size(RayLikeBlock(7, 99, "node-1")) == (7, 99)
    assert executor_of([table]) == "driver"
    assert executor_of([RayLikeBlock(1, 1, "node-1")]) == "node-1"
    assert failure_info(FetchFailed(((1, 2),), OSError("gone")))["message"] == "OSError: gone"


def test_proxy_forwards_everything_else_to_the_backend() -> None:
    backend = LosingBackend(final=-1)
    proxy = ListeningBackend(backend, JobListener(1, [], lambda e: None))
    assert proxy.max_failures == 4 and proxy.slots() == 8


def test_jobs_are_numbered_and_stage_and_task_counts_match(ui_spark: engine.SparkSession) -> None:
    ui_spark.range(10).count()
    ui_spark.range(20, numPartitions=2).collect()
    jobs = ui_spark._ui.store.job_list()
    assert [j["job_id"] for j in jobs] == [2, 1]
    assert all(j["status"] == "succeeded" and j["tasks_done"] == j["tasks_total"] for j in jobs)


def test_task_duration_is_the_executors_run_time_and_the_rest_is_scheduler_delay(monkeypatch) -> None:
    """Submitted at t=10.0 s and seen done at t=10.5 s: 120 ms ran on the executor, 380 ms went to
    queueing and shipping; an attempt whose executor reported nothing counts the driver's 500 ms."""
    import types

    from engine.ui import listener as listener_module

    stage = P.Stage(1, P.RangeExec(0, 4, 1, 2, "id"), 2, P.SingleOut(), ())
    events: list[Event] = []
    job = JobListener(1, [stage], events.append)
    ran = TaskMetrics(120.0, (OperatorMetrics(2, 1.5, 1.5),))
    clock = iter([10.0, 10.0, 10.5, 10.5])
    monkeypatch.setattr(listener_module, "time", types.SimpleNamespace(monotonic=lambda: next(clock)))
    first, second = TaskSpec(1, 0, 0, {}, {}), TaskSpec(1, 1, 0, {}, {})
    job.task_started(stage, first)
    job.task_started(stage, second)
    job.task_ended(Completion(first, [pa.table({"id": [0, 1]})], metrics=ran))
    job.task_ended(Completion(second, None, FetchFailed(((0, 0),))))
    reported, unreported = [e for e in events if e["event"] == "task_end"]
    assert (reported["duration_ms"], reported["scheduler_delay_ms"]) == (120.0, 380.0)
    assert reported["operators"] == [{"rows": 2, "time_ms": 1.5, "self_ms": 1.5}]
    assert (unreported["duration_ms"], unreported["scheduler_delay_ms"]) == (500.0, 0.0)
    assert unreported["operators"] == [] and unreported["spill_bytes"] == 0
