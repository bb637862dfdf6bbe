"""Faults a user's cluster really has, injected into a 4-node Ray cluster on this machine
while engine runs PySpark-style jobs: executors killed from outside (SIGKILL of the worker
process, ``ray.kill``) while a job runs on another thread or inside the shuffle read of a
sort or a window, or while two queries reuse cached data; nodes removed during broadcast
joins, a global sort over a window, multi-stage queries, cached data, a large collect()
and a Parquet write, a node added after the session started, two of three nodes lost at
once, every node lost at once; and a UDF failing in every task, which must fail fast rather
than retry every partition.

Every test checks the exact answer of the fault-free run and what the job says it
recomputed. A job runs on a thread joined with a timeout, so a hang fails the test.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import ray
from cluster_nodes import (
    add_worker,
    fault_cluster,
    fault_session,
    keyed,
    killed_once,
    remove_node,
    reset_backend,
    restore_workers,
    rows,
)
from ray.cluster_utils import Cluster

import engine
from engine import Window
from engine import functions as F
from engine.errors import PythonException, SparkRuntimeException
from engine.physical import nodes as P
from engine.runtime.ray_backend import RayBackend
from engine.runtime.scheduler import TaskSpec

pytestmark = pytest.mark.ray

WORKERS = 2
NODE_JOIN_TIMEOUT = 120  # seconds for a new node to register on a loaded machine
JOB_TIMEOUT = 120.0  # seconds a job may take under a fault before the test calls it a hang
@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    yield from fault_cluster(WORKERS, NODE_JOIN_TIMEOUT)


@pytest.fixture(scope="module")
def spark(cluster: Cluster) -> Iterator[engine.SparkSession]:
    yield from fault_session("fault-matrix", {"spark.scheduler.maxRegisteredResourcesWaitingTime": "10s"})


@pytest.fixture()
def backend(spark: engine.SparkSession, cluster: Cluster) -> Iterator[RayBackend]:
    yield from reset_backend(spark, cluster, WORKERS, NODE_JOIN_TIMEOUT)


def run(job: Callable[[], Any]) -> Any:
    """`job()` on another thread, as a user's application runs it; a hang fails the test."""
    out: dict[str, Any] = {}

    def target() -> None:
        try:
            out["value"] = job()
        except BaseException as e:  # noqa: BLE001 - handed to the test thread below
            out["error"] = e

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(JOB_TIMEOUT)
    assert not thread.is_alive(), f"the job did not finish within {JOB_TIMEOUT:g} s"
    if "error" in out:
        raise out["error"]
    return out["value"]


def aggregation(spark: engine.SparkSession) -> engine.DataFrame:
    per_key = keyed(spark).groupBy("k").agg(F.sum("v").alias("s"))
    return per_key.groupBy((F.col("k") % 5).alias("g")).agg(F.sum("s").alias("t"), F.count("*").alias("n"))


def remove_input_holder(
    cluster: Cluster, when: Callable[[P.Stage, TaskSpec], bool], lost: set[tuple[int, int]]
) -> Callable[[P.Stage, TaskSpec], None]:
    """A driver hook: at the first task submitted for which `when` holds, removes the worker
    node holding most of the task's input blocks and records which map outputs died with it."""
    head = cluster.head_node.node_id
    fired: list[str] = []

    def hook(stage: P.Stage, task: TaskSpec) -> None:
        if fired or not when(stage, task):
            return
        blocks = [(b, o) for rk in task.inputs for b, o in zip(task.inputs[rk], task.origins[rk])]
        held: dict[str, int] = {}
        for b, _ in blocks:
            if b.node != head:
                held[b.node] = held.get(b.node, 0) + b.nbytes
        victim = max(held, key=lambda n: held[n])
        lost.update(o for b, o in blocks if b.node == victim)
        fired.append(victim)
        remove_node(cluster, victim)

    return hook


# ---------------------------------------------------------------- executors killed from outside


def wait_to_be_killed(marker: Path) -> Callable[[P.Stage, int, int], None]:
    """A task hook: the first attempt of partition 1 of a map stage writes its executor's pid to
    `marker` and waits (at most a minute) to be killed, so a killer from outside is sure to hit
    an executor mid-task; a task that had just ended under a loaded machine would cost nothing."""

    def hook(stage: P.Stage, p: int, attempt: int) -> None:
        if p == 1 and attempt == 0 and not stage.parents and not marker.exists():
            written = marker.with_suffix(".tmp")
            written.write_text(str(os.getpid()))
            written.rename(marker)  # whole, or not there: the killer reads it at once
            time.sleep(60)

    return hook


@pytest.mark.parametrize("how", ["sigkill", "ray.kill"])
def test_executor_killed_from_outside_mid_job_gives_the_exact_answer_and_a_replacement(
    spark: engine.SparkSession, backend: RayBackend, how: str, tmp_path: Path
) -> None:
    want = rows(aggregation(spark))
    size = len(backend.executors())
    pids = {ray.get(a.__ray_call__.remote(lambda self: os.getpid())): a for a in backend.executors()}
    marker = tmp_path / "running"
    result: dict[str, Any] = {}

    def killer() -> None:
        while not marker.exists():
            threading.Event().wait(0.005)
        pid = int(marker.read_text())
        result["victim"] = pids[pid]._actor_id
        if how == "sigkill":
            os.kill(pid, signal.SIGKILL)
        else:
            ray.kill(pids[pid])

    backend.task_hook = wait_to_be_killed(marker)
    kill = threading.Thread(target=killer, daemon=True)
    kill.start()
    assert run(lambda: rows(aggregation(spark))) == want
    kill.join(JOB_TIMEOUT)
    backend.task_hook = None
    m = spark.lastJobMetrics()
    assert (m.executors_lost, m.tasks_failed, m.tasks_retried, m.partitions_recomputed) == (1, 1, 1, 0)
    after = [a._actor_id for a in backend.executors()]
    assert len(after) == size and result["victim"] not in after
    assert rows(aggregation(spark)) == want and spark.lastJobMetrics().tasks_failed == 0


def test_executor_killed_by_rays_memory_monitor_counts_as_lost_and_its_task_reruns(
    spark: engine.SparkSession, backend: RayBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ray reports an actor call whose process its memory monitor killed as OutOfMemoryError, not
    RayActorError: as any executor loss, the task reruns on another executor and a replacement
    starts, rather than the job failing with Ray's error."""
    want = rows(aggregation(spark))
    size = len(backend.executors())
    complete, get = backend._complete, ray.get
    meta: list[Any] = []

    def note_first(meta_ref: Any, running: Any) -> Any:
        if not meta:
            meta.append(meta_ref)
        return complete(meta_ref, running)

    def oom_once(refs: Any, *args: Any, **kwargs: Any) -> Any:
        if meta and refs is meta[0] and len(meta) == 1:
            meta.append("raised")
            raise ray.exceptions.OutOfMemoryError("Task was killed due to the node running low on memory.")
        return get(refs, *args, **kwargs)

    monkeypatch.setattr(backend, "_complete", note_first)
    monkeypatch.setattr(ray, "get", oom_once)
    assert run(lambda: rows(aggregation(spark))) == want and len(meta) == 2
    monkeypatch.undo()
    m = spark.lastJobMetrics()
    assert (m.executors_lost, m.tasks_failed, m.tasks_retried) == (1, 1, 1)
    assert len(backend.executors()) == size


def test_executor_killed_while_idle_is_replaced_before_the_next_job_uses_it(
    spark: engine.SparkSession, backend: RayBackend
) -> None:
    want = rows(aggregation(spark))
    victim = backend.executors()[0]
    ray.kill(victim)
    while ray._private.state.actors(victim._actor_id.hex())["State"] != "DEAD":
        threading.Event().wait(0.05)
    threading.Event().wait(2.5)  # the pool looks at the cluster at most every 2 s
    assert run(lambda: rows(aggregation(spark))) == want
    m = spark.lastJobMetrics()
    assert (m.executors_lost, m.tasks_failed) == (0, 0)  # no task was sent to the dead executor
    ids = [a._actor_id for a in backend.executors()]
    assert len(ids) == WORKERS and victim._actor_id not in ids


# ---------------------------------------------------------------- nodes removed mid-job


def broadcast_join(spark: engine.SparkSession) -> engine.DataFrame:
    """The broadcast side is big enough (150k rows) to be made on executors, not in the driver."""
    small = spark.range(0, 150_000, numPartitions=3).select(F.col("id").alias("k"), (F.col("id") * 3).alias("w"))
    joined = keyed(spark).join(F.broadcast(small), "k")
    return joined.groupBy((F.col("k") % 5).alias("g")).agg(F.sum("w").alias("t"), F.count("*").alias("n"))


def reads_broadcast(stage: P.Stage, task: TaskSpec) -> bool:
    return any(kind == "all" for kind, _, _ in task.inputs)


def test_node_removed_holding_broadcast_data_recomputes_exactly_what_it_held(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    want = rows(broadcast_join(spark))
    lost: set[tuple[int, int]] = set()
    backend.before_submit = remove_input_holder(cluster, reads_broadcast, lost)
    assert run(lambda: rows(broadcast_join(spark))) == want
    m = spark.lastJobMetrics()
    assert lost and set(m.recomputed) == lost and m.partitions_recomputed == len(lost)
    assert m.fetch_failures >= 1


def test_node_removed_during_a_global_sort_of_a_window_keeps_rows_and_order(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    """The sort's range boundaries are sampled from the window's output, lost with the node too."""

    def sort() -> pa.Table:
        ranked = keyed(spark).withColumn("rn", F.row_number().over(Window.partitionBy("k").orderBy("id")))
        return ranked.orderBy(F.desc("v"), "id").select("id", "v", "rn").toArrow().combine_chunks()

    want = sort()
    lost: set[tuple[int, int]] = set()
    backend.before_submit = remove_input_holder(cluster, lambda s, t: isinstance(s.output, P.ResultOut), lost)
    assert run(sort).equals(want)
    m = spark.lastJobMetrics()
    assert lost and lost <= set(m.recomputed) and m.fetch_failures >= 1


def test_outputs_of_two_consecutive_stages_lost_are_recomputed_recursively(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    def three_stages() -> list[tuple]:
        per_key = keyed(spark).groupBy("k").agg(F.sum("v").alias("s"))
        coarse = per_key.groupBy((F.col("k") % 50_000).alias("k2")).agg(F.sum("s").alias("s2"))
        return rows(coarse.groupBy((F.col("k2") % 7).alias("g")).agg(F.sum("s2").alias("t")))

    want = three_stages()
    stages: dict[int, P.Stage] = {}
    lost: set[tuple[int, int]] = set()

    def third_stage(stage: P.Stage, task: TaskSpec) -> bool:
        stages[stage.id] = stage
        return any(stages.get(p) is not None and stages[p].parents for p in stage.parents)

    backend.before_submit = remove_input_holder(cluster, third_stage, lost)
    assert run(three_stages) == want
    m = spark.lastJobMetrics()
    (second,) = {sid for sid, _ in lost}
    (first,) = stages[second].parents
    assert {sid for sid, _ in m.recomputed} == {first, second}
    assert lost <= set(m.recomputed) and m.stages_resubmitted == 2


def test_node_removed_while_two_later_jobs_read_a_cached_dataframe(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    per_key = keyed(spark).groupBy("k").agg(F.sum("v").alias("s")).cache()
    assert per_key.count() == 200_000
    first = per_key.agg(F.sum("s").alias("t"))
    second = per_key.groupBy((F.col("k") % 3).alias("m")).agg(F.max("s").alias("top"))
    want_first, want_second = rows(first), rows(second)
    entry = spark._cache[per_key._plan.cache_id]
    head = cluster.head_node.node_id
    victim = next(blocks[0].node for blocks in entry.outputs.values() if blocks[0].node != head)
    lost = {(entry.stage.id, p) for p, blocks in entry.outputs.items() if blocks[0].node == victim}

    def remove_at_first_task(stage: P.Stage, task: TaskSpec) -> None:
        if any(n.node_id == victim for n in cluster.worker_nodes):
            remove_node(cluster, victim)

    backend.before_submit = remove_at_first_task
    assert run(lambda: rows(first)) == want_first
    m = spark.lastJobMetrics()
    assert set(m.recomputed) == lost and m.stages_resubmitted == 1
    backend.before_submit = None
    assert run(lambda: rows(second)) == want_second
    assert spark.lastJobMetrics().partitions_recomputed == 0  # the first job made the cache whole again
    per_key.unpersist()


def test_node_lost_under_a_local_checkpoint_fails_with_checkpoint_partition_lost(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    """localCheckpoint() cuts lineage, so a partition lost with its node cannot be rebuilt: the job
    fails saying so (as Spark does), not by rerunning the checkpointed stage's old plan without
    its inputs (executors keep stage plans by id); the session then runs other jobs as before."""
    per_key = keyed(spark).groupBy("k").agg(F.sum("v").alias("s"))
    want = rows(per_key.agg(F.sum("s").alias("t")))
    kept = per_key.localCheckpoint()
    entry = spark._cache[kept._plan.cache_id]
    head = cluster.head_node.node_id
    remove_node(cluster, next(blocks[0].node for blocks in entry.outputs.values() if blocks[0].node != head))
    with pytest.raises(SparkRuntimeException, match="CHECKPOINT_PARTITION_LOST"):
        run(lambda: rows(kept.agg(F.sum("s").alias("t"))))
    assert run(lambda: rows(per_key.agg(F.sum("s").alias("t")))) == want


def test_node_lost_after_the_last_task_does_not_lose_a_large_collect(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A result block lives on the node of its executor until the driver reads it."""
    big = spark.range(0, 600_000, numPartitions=6).select("id", (F.col("id") * 7 % 1000).alias("v"))
    want = big.toArrow().combine_chunks()
    fetch = backend.fetch
    head = cluster.head_node.node_id
    removed: list[str] = []

    def remove_then_fetch(blocks: list[Any]) -> list[Any]:
        victim = next(b.node for b in blocks if b.node != head and b.nbytes > 100 * 1024)
        removed.append(victim)
        remove_node(cluster, victim)
        return fetch(blocks)

    monkeypatch.setattr(backend, "fetch", remove_then_fetch)
    assert run(lambda: big.toArrow().combine_chunks()).equals(want) and removed
    monkeypatch.undo()
    assert big.toArrow().combine_chunks().equals(want)


def test_node_lost_after_the_last_write_task_does_not_lose_its_file_list(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A write task returns the names of the files it wrote; with many partition values that list
    is over Ray's inline limit and lives on the executor's node, as a result block does."""
    values = spark.range(0, 600, numPartitions=1).select(
        F.concat(F.lit("v" * 200), F.col("id").cast("string")).alias("p"), "id"
    )
    fetch = backend.fetch
    head = cluster.head_node.node_id
    removed: list[str] = []

    def remove_then_fetch(blocks: list[Any]) -> list[Any]:
        big = [b.node for b in blocks if b.node != head and b.nbytes > 100 * 1024]
        if big and not removed:
            removed.append(big[0])
            remove_node(cluster, big[0])
        return fetch(blocks)

    monkeypatch.setattr(backend, "fetch", remove_then_fetch)
    run(lambda: values.write.partitionBy("p").parquet(str(tmp_path / "out")))
    assert removed  # the file list was big enough to live on a worker node
    monkeypatch.undo()
    assert spark.read.parquet(str(tmp_path / "out")).count() == 600


def test_node_removed_mid_write_leaves_every_row_exactly_once_and_no_staging(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend, tmp_path: Path
) -> None:
    per_key = keyed(spark).groupBy("k").agg(F.sum("v").alias("s"))
    want = rows(per_key)
    lost: set[tuple[int, int]] = set()
    backend.before_submit = remove_input_holder(cluster, lambda s, t: isinstance(s.output, P.WriteOut), lost)
    out = tmp_path / "out"
    run(lambda: per_key.write.parquet(str(out)))
    assert lost and lost <= set(spark.lastJobMetrics().recomputed)
    table = pq.read_table(out)
    assert sorted(zip(*(table.column(c).to_pylist() for c in ("k", "s")))) == want
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging or trash directory left
    files = sorted(p.name for p in out.iterdir())
    assert files[0] == "_SUCCESS" and len(files) == 1 + 3  # one file per partition, none from a lost attempt


# ---------------------------------------------------------------- the cluster changing shape


def test_a_node_added_after_the_session_started_gets_executors(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    want = rows(aggregation(spark))
    added = add_worker(cluster)
    cluster.wait_for_nodes(NODE_JOIN_TIMEOUT)
    try:
        threading.Event().wait(2.5)  # the pool looks at the cluster at most every 2 s
        assert run(lambda: rows(aggregation(spark))) == want
        nodes = [s.node for s in backend._slots]
        assert len(nodes) == WORKERS + 1 and added.node_id in nodes, (added.node_id, nodes, ray.nodes())
    finally:
        cluster.remove_node(added, allow_graceful=True)


def test_two_nodes_lost_at_once_start_no_replacement_executor_on_either(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ray reports both removed nodes alive for seconds after they died. When the first one's
    executor is found lost, its replacement must not go to the second dead node (the emptiest
    by Ray's view): it would never run, and each task sent to it would count as one more executor
    lost (four of them fail a task). The job ends on the one node left, with the exact answer."""
    add_worker(cluster)
    cluster.wait_for_nodes(NODE_JOIN_TIMEOUT)
    threading.Event().wait(2.5)  # the pool looks at the cluster at most every 2 s, when a job runs
    want = rows(aggregation(spark))
    assert len({s.node for s in backend._slots}) == WORKERS + 1  # one executor per node
    # the survivor sorts last, so that Ray's view, where a dead node has fewest executors, picks a dead one
    *victims, survivor = sorted(n.node_id for n in cluster.worker_nodes)
    started: list[str] = []
    start = backend._start
    monkeypatch.setattr(backend, "_start", lambda node: started.append(node) or start(node))

    def remove_two(stage: P.Stage, task: TaskSpec) -> None:
        if task.inputs and any(n.node_id in victims for n in cluster.worker_nodes):
            for node in victims:
                remove_node(cluster, node)

    backend.before_submit = remove_two
    assert run(lambda: rows(aggregation(spark))) == want
    assert started and not set(started) & set(victims), (started, victims)
    assert spark.lastJobMetrics().executors_lost <= len(victims)
    assert survivor in {s.node for s in backend._slots}


def test_a_write_and_a_local_checkpoint_beside_a_query_on_another_thread_both_finish_exactly(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    """Jobs of one session share its executors: a write or localCheckpoint() running while another
    thread's query runs must not take that query's task completions as its own (a KeyError on
    Ray, a job waiting forever locally): jobs from several threads all finish, as in Spark."""
    want = rows(aggregation(spark))
    answers: list[list[tuple]] = []

    def writes() -> None:
        for i in range(2):
            aggregation(spark).write.parquet(str(tmp_path / f"out{i}"))
            answers.append(rows(spark.read.parquet(str(tmp_path / f"out{i}"))))
            answers.append(rows(aggregation(spark).localCheckpoint()))

    def queries() -> None:
        for _ in range(4):
            answers.append(rows(aggregation(spark)))

    writer = threading.Thread(target=lambda: run(writes), daemon=True)
    writer.start()
    run(queries)
    writer.join(JOB_TIMEOUT)
    assert not writer.is_alive() and answers == [want] * 8


def test_every_worker_node_lost_fails_the_job_naming_the_task_without_hanging(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    want = rows(aggregation(spark))

    def remove_all(stage: P.Stage, task: TaskSpec) -> None:
        if task.inputs and cluster.worker_nodes:
            for node in list(cluster.worker_nodes):
                cluster.remove_node(node, allow_graceful=False)

    backend.before_submit = remove_all
    with pytest.raises(SparkRuntimeException, match=r"(Task|task) \d+ of stage \d+") as info:
        run(lambda: rows(aggregation(spark)))
    assert "NO_EXECUTORS" in str(info.value) or "TASK_FAILED" in str(info.value)
    backend.before_submit = None
    restore_workers(cluster, WORKERS, NODE_JOIN_TIMEOUT)
    assert run(lambda: rows(aggregation(spark))) == want  # the session follows the new nodes


def test_an_executor_killed_with_two_tasks_in_flight_counts_as_one_executor_lost(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    """The first of the two tasks is parked in its executor, so the second waits behind it (an
    executor runs one call at a time) and both are in flight when the executor is killed."""
    want = rows(aggregation(spark))
    pids = {ray.get(a.__ray_call__.remote(lambda self: os.getpid())): a._actor_id for a in backend.executors()}
    marker = tmp_path / "running"
    backend._per_actor = 2
    backend.task_hook = wait_to_be_killed(marker)
    try:

        def killer() -> None:
            while not marker.exists():
                threading.Event().wait(0.005)
            victim = pids[int(marker.read_text())]
            while not any(s.inflight == 2 and s.actor._actor_id == victim for s in backend._slots):
                threading.Event().wait(0.005)
            ray.kill(next(s.actor for s in backend._slots if s.actor._actor_id == victim))

        kill = threading.Thread(target=killer, daemon=True)
        kill.start()
        assert run(lambda: rows(aggregation(spark))) == want
        kill.join(JOB_TIMEOUT)
    finally:
        backend._per_actor = 1
        backend.task_hook = None
    m = spark.lastJobMetrics()
    assert m.tasks_failed == 2 and m.executors_lost == 1


# ---------------------------------------------------------------- an executor's process killed mid-task


def global_sort(spark: engine.SparkSession) -> pa.Table:
    spark.conf.set("engine.sql.sort.onePartitionBytes", "-1")  # range-partitioned, however small
    try:
        return keyed(spark).orderBy(F.desc("v"), "id").select("id", "v").toArrow().combine_chunks()
    finally:
        spark.conf.unset("engine.sql.sort.onePartitionBytes")


def rank_counts(spark: engine.SparkSession) -> pa.Table:
    ranked = keyed(spark).withColumn("rn", F.row_number().over(Window.partitionBy("k").orderBy("id")))
    return ranked.groupBy("rn").count().orderBy("rn").toArrow().combine_chunks()


SHUFFLE_READS = {
    # the sort runs where the range exchange is read: the result stage
    "sort": (global_sort, lambda s: bool(s.parents) and isinstance(s.output, P.ResultOut)),
    # the window runs where its hash exchange is read, fused with the partial aggregate after it
    "window": (rank_counts, lambda s: bool(s.parents) and isinstance(s.output, P.HashOut)),
}


@pytest.mark.parametrize("name", sorted(SHUFFLE_READS))
def test_executor_oom_killed_in_the_shuffle_read_of_a_sort_or_window_reruns_only_that_task(
    spark: engine.SparkSession, backend: RayBackend, name: str, tmp_path: Path
) -> None:
    """The map outputs it was reading stay in its node's object store: nothing is recomputed."""
    query, reads = SHUFFLE_READS[name]
    want = query(spark)
    backend.task_hook = killed_once(tmp_path / "killed", reads)
    assert run(lambda: query(spark)).equals(want) and (tmp_path / "killed").exists()
    m = spark.lastJobMetrics()
    assert (m.executors_lost, m.tasks_failed, m.tasks_retried, m.partitions_recomputed) == (1, 1, 1, 0)
    assert len(backend.executors()) == WORKERS


def test_executor_oom_killed_while_two_queries_reuse_a_cached_dataframe_recomputes_nothing(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    per_key = keyed(spark).groupBy("k").agg(F.sum("v").alias("s")).cache()
    first = per_key.agg(F.sum("s").alias("t"), F.count("*").alias("n"))
    second = per_key.groupBy((F.col("k") % 3).alias("m")).agg(F.max("s").alias("top"))
    want_first, want_second = rows(first), rows(second)
    backend.task_hook = killed_once(tmp_path / "killed", lambda s: True)
    try:
        assert run(lambda: rows(first)) == want_first
        m = spark.lastJobMetrics()
        assert (m.executors_lost, m.tasks_retried, m.partitions_recomputed) == (1, 1, 0)
        assert run(lambda: rows(second)) == want_second
        m = spark.lastJobMetrics()
        assert (m.executors_lost, m.tasks_failed, m.partitions_recomputed) == (0, 0, 0)
    finally:
        per_key.unpersist()


def test_udf_raising_in_every_task_fails_fast_with_its_error_and_no_retry_storm(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    """As in Spark, the job fails when one task has failed spark.task.maxFailures (4) times: each
    task running meanwhile (one per executor here) has had at most as many, and the tasks
    never started are not tried at all."""
    calls = tmp_path / "calls"
    calls.mkdir()

    def broken(x: int) -> int:
        (calls / f"{os.getpid()}-{time.monotonic_ns()}").touch()
        raise ValueError(f"no value for {x}")

    with pytest.raises(PythonException, match=r"ValueError: no value for \d+") as info:
        run(lambda: spark.range(0, 600, numPartitions=6).select(F.udf(broken, "long")("id")).collect())
    (note,) = info.value.__notes__
    assert re.search(r"raised by task \d+ of stage \d+ \[.+\], after 4 attempts", note), note
    m = spark.lastJobMetrics()
    # attempts still running when the job failed are cancelled, not counted as failures
    assert 4 <= m.tasks_failed <= len(list(calls.iterdir())) <= 4 * WORKERS
    assert m.executors_lost == 0
