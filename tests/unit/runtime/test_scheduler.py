"""The scheduler as a state machine, without Ray: outcomes in, exactly which tasks run next out.

In the manner of Spark's DAGSchedulerSuite: each test builds a small stage DAG, completes
or fails the launched attempts by hand, and checks the next set of attempts and the job's
recovery metrics.
"""

from __future__ import annotations

import pytest

from engine.physical import nodes as P
from engine.runtime.scheduler import (
    MAX_EXECUTOR_LOSSES,
    MAX_FETCH_FAILURES,
    ExecutorLost,
    FetchFailed,
    JobFailed,
    JobMetrics,
    Scheduler,
    TaskSpec,
    UserError,
)


class Blk:
    """A stand-in output block, named after the attempt that made it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def source(sid: int, parts: int, buckets: int) -> P.Stage:
    """A map stage over a range, hash-partitioned into `buckets`."""
    return P.Stage(sid, P.RangeExec(0, 100, 1, parts, "id"), parts, P.HashOut(("id",), buckets), ())


def shuffle(sid: int, parent: int, parts: int, buckets: int | None = None) -> P.Stage:
    """A stage reading bucket p of every `parent` map output; the result stage when `buckets` is None."""
    out = P.ResultOut() if buckets is None else P.HashOut(("id",), buckets)
    return P.Stage(sid, P.ExchangeRead(parent, parts), parts, out, (parent,))


def join(sid: int, left: int, right: int, parts: int) -> P.Stage:
    root = P.HashJoinExec(
        P.ExchangeRead(left, parts),
        P.ExchangeRead(right, parts),
        "inner",
        ("id",),
        ("id",),
        (False,),
        None,
        (),
        (),
    )
    return P.Stage(sid, root, parts, P.ResultOut(), (left, right))


def launch(s: Scheduler) -> dict[tuple[int, int], TaskSpec]:
    """Every attempt the scheduler starts now, by (stage, partition)."""
    return {(t.stage_id, t.partition): t for t in s.ready_tasks()}


def succeed(s: Scheduler, task: TaskSpec) -> None:
    buckets = s.stages[task.stage_id].num_buckets
    s.task_succeeded(
        task, [Blk(f"s{task.stage_id}p{task.partition}a{task.attempt}b{b}") for b in range(buckets)]
    )


def succeed_all(s: Scheduler, tasks: dict[tuple[int, int], TaskSpec]) -> None:
    for t in tasks.values():
        succeed(s, t)


def test_a_stage_starts_when_every_parent_is_complete() -> None:
    s = Scheduler([source(1, 3, 2), shuffle(2, 1, 2)])
    maps = launch(s)
    assert sorted(maps) == [(1, 0), (1, 1), (1, 2)]
    succeed(s, maps[(1, 0)])
    succeed(s, maps[(1, 1)])
    assert launch(s) == {}
    succeed(s, maps[(1, 2)])
    reduces = launch(s)
    assert sorted(reduces) == [(2, 0), (2, 1)]
    assert [b.name for b in reduces[(2, 1)].inputs[("bucket", 1, 1)]] == ["s1p0a0b1", "s1p1a0b1", "s1p2a0b1"]
    succeed_all(s, reduces)
    assert s.done
    assert s.metrics.tasks == 5 and s.metrics.tasks_retried == 0


def test_a_user_error_is_retried_then_fails_the_job_with_the_original_exception() -> None:
    s = Scheduler([source(1, 1, 1), shuffle(2, 1, 1)], max_failures=3)
    err = ValueError("bad row")
    for attempt in range(2):
        (task,) = launch(s).values()
        assert task.attempt == attempt
        s.task_failed(task, UserError(err))
    (task,) = launch(s).values()
    with pytest.raises(JobFailed) as info:
        s.task_failed(task, UserError(err))
    assert (info.value.stage_id, info.value.partition, info.value.attempts) == (1, 0, 3)
    assert info.value.error is err
    assert s.metrics.tasks_retried == 2


def test_a_lost_map_output_reruns_exactly_that_map_task_then_the_consumer() -> None:
    s = Scheduler([source(1, 3, 2), shuffle(2, 1, 2)])
    succeed_all(s, launch(s))
    reduces = launch(s)
    s.task_failed(reduces[(2, 0)], FetchFailed(((1, 1),)))
    rerun = launch(s)
    assert list(rerun) == [(1, 1)] and rerun[(1, 1)].attempt == 1
    succeed(s, rerun[(1, 1)])
    succeed(s, reduces[(2, 1)])
    retried = launch(s)
    assert list(retried) == [(2, 0)]
    assert [b.name for b in retried[(2, 0)].inputs[("bucket", 1, 0)]] == ["s1p0a0b0", "s1p1a1b0", "s1p2a0b0"]
    succeed(s, retried[(2, 0)])
    assert s.done
    m = s.metrics
    assert (m.partitions_recomputed, m.stages_resubmitted, m.tasks_retried, m.fetch_failures) == (1, 1, 2, 1)
    assert m.recomputed == [(1, 1)]


def test_a_stale_fetch_failure_keeps_the_recomputed_output() -> None:
    s = Scheduler([source(1, 2, 2), shuffle(2, 1, 2)])
    succeed_all(s, launch(s))
    reduces = launch(s)  # both read map 1's first output
    s.task_failed(reduces[(2, 0)], FetchFailed(((1, 1),)))
    succeed(s, launch(s)[(1, 1)])
    s.task_failed(reduces[(2, 1)], FetchFailed(((1, 1),)))  # reported late, about the old blocks
    assert sorted(launch(s)) == [(2, 0), (2, 1)]
    assert s.metrics.partitions_recomputed == 1 and s.metrics.stages_resubmitted == 1


def test_recovery_walks_back_through_stages_whose_inputs_are_gone_too() -> None:
    s = Scheduler([source(1, 2, 2), shuffle(2, 1, 2, buckets=2), shuffle(3, 2, 2)])
    succeed_all(s, launch(s))
    succeed_all(s, launch(s))
    finals = launch(s)
    s.task_failed(finals[(3, 0)], FetchFailed(((2, 0),)))
    s.task_failed(finals[(3, 1)], FetchFailed(((2, 0),)))
    middle = launch(s)
    assert list(middle) == [(2, 0)]
    s.task_failed(middle[(2, 0)], FetchFailed(((1, 1),)))
    first = launch(s)
    assert list(first) == [(1, 1)] and first[(1, 1)].attempt == 1
    succeed(s, first[(1, 1)])
    middle = launch(s)
    assert list(middle) == [(2, 0)] and middle[(2, 0)].attempt == 2
    succeed(s, middle[(2, 0)])
    assert sorted(launch(s)) == [(3, 0), (3, 1)]
    assert s.metrics.recomputed == [(1, 1), (2, 0)]
    assert s.metrics.stages_resubmitted == 2


def test_only_the_stage_that_lost_outputs_is_resubmitted() -> None:
    s = Scheduler([source(1, 2, 2), source(2, 2, 2), join(3, 1, 2, 2)])
    succeed_all(s, launch(s))
    joins = launch(s)
    s.task_failed(joins[(3, 0)], FetchFailed(((2, 0),)))
    assert list(launch(s)) == [(2, 0)]
    assert s.metrics.stages_resubmitted == 1


def test_an_executor_loss_is_retried_without_using_up_user_retries() -> None:
    s = Scheduler([source(1, 1, 1), shuffle(2, 1, 1)], max_failures=1)
    (task,) = launch(s).values()
    s.task_failed(task, ExecutorLost())
    (task,) = launch(s).values()
    assert task.attempt == 1
    succeed(s, task)
    assert s.metrics.executors_lost == 1 and s.metrics.tasks_retried == 1
    assert s.metrics.partitions_recomputed == 0


def test_an_executor_lost_with_two_tasks_in_flight_counts_once_as_in_spark() -> None:
    s = Scheduler([source(1, 2, 1), shuffle(2, 1, 1)])
    first, second = launch(s).values()
    s.task_failed(first, ExecutorLost(executor="actor-a"))
    s.task_failed(second, ExecutorLost(executor="actor-a"))
    (retried,) = [t for t in launch(s).values() if t.partition == 0]
    s.task_failed(retried, ExecutorLost(executor="actor-b"))
    assert s.metrics.executors_lost == 2 and s.metrics.tasks_failed == 3


def test_a_task_that_keeps_killing_its_executor_fails_the_job() -> None:
    s = Scheduler([source(1, 1, 1), shuffle(2, 1, 1)])
    for _ in range(MAX_EXECUTOR_LOSSES - 1):
        s.task_failed(next(iter(launch(s).values())), ExecutorLost())
    cause = RuntimeError("The actor died unexpectedly.\n  The process receives a SIGKILL.")
    with pytest.raises(JobFailed, match="lost its executor") as info:
        s.task_failed(next(iter(launch(s).values())), ExecutorLost(cause))
    # the stage, and Ray's reason on one line (its repr said only "ActorDiedError()")
    assert "of stage 1 [" in str(info.value)
    assert "RuntimeError: The actor died unexpectedly. The process receives a SIGKILL." in str(info.value)
    assert "then run the job again" in str(info.value)  # and what to do about it


def test_a_consumer_that_keeps_losing_inputs_fails_the_job() -> None:
    s = Scheduler([source(1, 1, 1), shuffle(2, 1, 1)])
    succeed_all(s, launch(s))
    for _ in range(MAX_FETCH_FAILURES - 1):
        s.task_failed(launch(s)[(2, 0)], FetchFailed(((1, 0),)))
        succeed_all(s, launch(s))
    with pytest.raises(JobFailed, match="lost its inputs"):
        s.task_failed(launch(s)[(2, 0)], FetchFailed(((1, 0),)))


def test_precomputed_cache_partitions_are_read_and_recomputed_when_lost() -> None:
    cache = P.Stage(1, P.RangeExec(0, 10, 1, 2, "id"), 2, P.BroadcastOut(), ())
    consumer = P.Stage(2, P.ExchangeRead(1, 2, "identity"), 2, P.ResultOut(), (1,))
    kept = {0: [Blk("c0")], 1: [Blk("c1")]}
    s = Scheduler([cache, consumer], precomputed={1: kept})
    reads = launch(s)
    assert sorted(reads) == [(2, 0), (2, 1)]
    assert reads[(2, 1)].inputs[("map", 1, 1)] == kept[1]
    s.task_failed(reads[(2, 1)], FetchFailed(((1, 1),)))
    assert list(launch(s)) == [(1, 1)]
    assert s.metrics.stages_resubmitted == 1


def test_losses_found_while_a_stage_is_recomputed_join_its_resubmission() -> None:
    cache = P.Stage(1, P.RangeExec(0, 10, 1, 3, "id"), 3, P.BroadcastOut(), ())
    consumer = P.Stage(2, P.ExchangeRead(1, 3, "identity"), 3, P.ResultOut(), (1,))
    s = Scheduler([cache, consumer], precomputed={1: {p: [Blk(f"c{p}")] for p in range(3)}})
    reads = launch(s)
    s.task_failed(reads[(2, 0)], FetchFailed(((1, 0),)))
    s.task_failed(reads[(2, 2)], FetchFailed(((1, 2),)))
    assert sorted(launch(s)) == [(1, 0), (1, 2)]
    assert s.metrics.stages_resubmitted == 1 and s.metrics.fetch_failures == 2


class HostBlk(Blk):
    """A block that lives on a host (as Ray blocks live on nodes)."""

    def __init__(self, name: str, node: str) -> None:
        super().__init__(name)
        self.node = node


def test_a_fetch_failure_unregisters_every_output_on_the_same_host_in_one_resubmission() -> None:
    s = Scheduler([source(1, 4, 2), shuffle(2, 1, 2)])
    for t in launch(s).values():
        host = "h1" if t.partition < 3 else "h2"  # maps 0-2 on h1, map 3 on h2
        s.task_succeeded(t, [HostBlk(f"m{t.partition}b{b}", host) for b in range(2)])
    reduces = launch(s)
    # the first reduce finds only map 0's block gone; its host h1 also held maps 1 and 2
    s.task_failed(reduces[(2, 0)], FetchFailed(((1, 0),)))
    assert sorted(launch(s)) == [(1, 0), (1, 1), (1, 2)]
    assert s.metrics.stages_resubmitted == 1


def test_metrics_of_two_jobs_add_up_with_recomputations_in_order() -> None:
    ahead = JobMetrics(stages=2, tasks=4, tasks_succeeded=4, tasks_retried=1, recomputed=[(1, 0)])
    main = JobMetrics(stages=3, tasks=6, tasks_succeeded=5, tasks_failed=1, recomputed=[(5, 1)])
    total = ahead.plus(main)
    assert (total.stages, total.tasks, total.tasks_succeeded, total.tasks_failed, total.tasks_retried) == (5, 10, 9, 1, 1)
    assert total.recomputed == [(1, 0), (5, 1)]
