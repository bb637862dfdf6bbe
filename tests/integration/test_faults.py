"""Lineage recovery on a 3-node Ray cluster on this machine: executors killed mid-stage,
nodes removed while they hold shuffle outputs or cached partitions, failing UDFs.

Every test checks the exact answer of the fault-free run and what the job says it recovered.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cluster_nodes import ROWS, fault_cluster, fault_session, reset_backend, rows
from ray.cluster_utils import Cluster

import engine
from engine import functions as F
from engine.api.execution import physical_stages
from engine.errors import PythonException
from engine.physical import nodes as P
from engine.runtime.ray_backend import RayBackend
from engine.runtime.scheduler import TaskSpec

pytestmark = pytest.mark.ray

@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    yield from fault_cluster(2, 120)


@pytest.fixture(scope="module")
def spark(cluster: Cluster) -> Iterator[engine.SparkSession]:
    yield from fault_session("faults")


@pytest.fixture()
def backend(spark: engine.SparkSession, cluster: Cluster) -> Iterator[RayBackend]:
    yield from reset_backend(spark, cluster, 2, 120)


def aggregation(spark: engine.SparkSession) -> engine.DataFrame:
    """Partial aggregates of 200k keys: big map outputs; the answer is small."""
    data = spark.range(0, ROWS, numPartitions=6).select(
        (F.col("id") % 200_000).alias("k"), (F.col("id") % 7).alias("v")
    )
    per_key = data.groupBy("k").agg(F.sum("v").alias("s"))
    return per_key.groupBy((F.col("k") % 5).alias("g")).agg(F.sum("s").alias("t"), F.count("*").alias("n"))


def join(spark: engine.SparkSession) -> engine.DataFrame:
    left = spark.range(0, ROWS, numPartitions=6).select((F.col("id") % 200_000).alias("k"), "id")
    right = spark.range(0, 200_000, numPartitions=3).select(
        F.col("id").alias("k"), (F.col("id") * 2).alias("w")
    )
    joined = left.join(right, "k")
    return joined.groupBy((F.col("k") % 5).alias("g")).agg(F.sum("w").alias("t"), F.count("*").alias("n"))


_expected: dict[str, list[tuple]] = {}


def expected(
    spark: engine.SparkSession, name: str, query: Callable[[engine.SparkSession], engine.DataFrame]
) -> list:
    """The fault-free answer, computed once on the same cluster."""
    if name not in _expected:
        _expected[name] = rows(query(spark))
        assert spark.lastJobMetrics().tasks_retried == 0
    return _expected[name]


def exit_once(marker: Path, on_reduce_side: bool) -> Callable[[P.Stage, int, int], None]:
    """A task hook killing its executor process in the middle of one task, the first time
    a task of a map stage (or of a stage reading shuffle outputs) runs partition 1."""

    def hook(stage: P.Stage, p: int, attempt: int) -> None:
        if bool(stage.parents) == on_reduce_side and p == 1 and not marker.exists():
            marker.touch()
            os._exit(1)

    return hook


@pytest.mark.parametrize("reduce_side", [False, True], ids=["mid-map-stage", "mid-reduce-stage"])
def test_executor_killed_mid_stage(
    spark: engine.SparkSession, backend: RayBackend, reduce_side: bool, tmp_path: Path
) -> None:
    want = expected(spark, "aggregation", aggregation)
    before = backend.executors()
    backend.task_hook = exit_once(tmp_path / "killed", reduce_side)
    assert rows(aggregation(spark)) == want
    m = spark.lastJobMetrics()
    assert (m.executors_lost, m.tasks_retried, m.tasks_failed, m.partitions_recomputed) == (1, 1, 1, 0)
    after = backend.executors()
    assert len(after) == len(before) == 2  # one per worker CPU; a replacement took the dead one's place
    assert len({a._actor_id for a in after} - {a._actor_id for a in before}) == 1


def remove_node_before_first_reduce(
    cluster: Cluster, lost: set[tuple[int, int]]
) -> Callable[[P.Stage, TaskSpec], None]:
    """A driver hook: when the first task that reads shuffle outputs is submitted, removes the
    worker node holding most of its inputs and records which map outputs died with it."""
    head = cluster.head_node.node_id

    def hook(stage: P.Stage, task: TaskSpec) -> None:
        if lost or not task.inputs:
            return
        blocks = [(b, o) for rk in task.inputs for b, o in zip(task.inputs[rk], task.origins[rk])]
        assert all(b.nbytes > 100 * 1024 for b, _ in blocks)
        held: dict[str, int] = {}
        for b, _ in blocks:
            held[b.node] = held.get(b.node, 0) + 1
        victim = max((n for n in held if n != head), key=lambda n: held[n])
        lost.update(o for b, o in blocks if b.node == victim)
        node = next(n for n in cluster.worker_nodes if n.node_id == victim)
        cluster.remove_node(node, allow_graceful=False)

    return hook


@pytest.mark.parametrize("name", ["aggregation", "join"])
def test_node_removed_between_map_and_reduce(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend, name: str
) -> None:
    query = {"aggregation": aggregation, "join": join}[name]
    want = expected(spark, name, query)
    lost: set[tuple[int, int]] = set()
    backend.before_submit = remove_node_before_first_reduce(cluster, lost)
    assert rows(query(spark)) == want
    m = spark.lastJobMetrics()
    assert lost and set(m.recomputed) == lost and m.partitions_recomputed == len(lost)
    assert m.stages_resubmitted == len({sid for sid, _ in lost})
    assert m.fetch_failures >= 1


def shared_aggregation(spark: engine.SparkSession) -> engine.DataFrame:
    """The same aggregation twice in a union: its stages are shared, each read twice."""
    per_key = aggregation(spark)
    doubled = per_key.select((F.col("g") + 0).alias("g"), (F.col("t") * 2).alias("t"), (F.col("n") + 0).alias("n"))
    return per_key.union(doubled).groupBy("g").agg(F.sum("t").alias("t"), F.sum("n").alias("n"))


def test_node_removed_under_a_shared_stage_recomputes_it_once_for_both_readers(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    _, stages = physical_stages(spark, shared_aggregation(spark)._plan)
    assert sum(not s.parents for s in stages) == 1  # the range's partial aggregate, shared by both
    want = expected(spark, "shared", shared_aggregation)
    lost: set[tuple[int, int]] = set()
    backend.before_submit = remove_node_before_first_reduce(cluster, lost)
    assert rows(shared_aggregation(spark)) == want
    m = spark.lastJobMetrics()
    assert lost and set(m.recomputed) == lost and m.partitions_recomputed == len(lost)


def test_node_removed_while_holding_cached_partitions(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    per_key = (
        spark.range(0, ROWS, numPartitions=6)
        .select((F.col("id") % 200_000).alias("k"), (F.col("id") % 7).alias("v"))
        .groupBy("k")
        .agg(F.sum("v").alias("s"))
        .cache()
    )
    totals = per_key.agg(F.sum("s").alias("t"), F.count("*").alias("n"))
    want = rows(totals)
    entry = spark._cache[per_key._plan.cache_id]
    head = cluster.head_node.node_id
    held = {p: blocks[0].node for p, blocks in entry.outputs.items()}
    victim = next(n for n in cluster.worker_nodes if n.node_id in set(held.values()) - {head})
    cluster.remove_node(victim, allow_graceful=False)
    assert rows(totals) == want
    m = spark.lastJobMetrics()
    assert set(m.recomputed) == {(entry.stage.id, p) for p, n in held.items() if n == victim.node_id}
    assert m.stages_resubmitted == 1
    assert (
        rows(totals) == want and spark.lastJobMetrics().partitions_recomputed == 0
    )  # the cache is whole again


def _flaky_udf(counter: Path, failures: int) -> Any:
    def flaky(x: int) -> int:
        if x == 123:
            seen = int(counter.read_text()) if counter.exists() else 0
            if seen < failures:
                counter.write_text(str(seen + 1))
                raise ValueError(f"flaky failure {seen + 1}")
        return x % 10

    return F.udf(flaky, "long")


def test_udf_failing_twice_then_succeeding(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    data = spark.range(0, 1000, numPartitions=4)
    want = rows(data.groupBy((F.col("id") % 10).alias("m")).count())
    flaky = _flaky_udf(tmp_path / "count", failures=2)
    assert rows(data.groupBy(flaky("id").alias("m")).count()) == want
    m = spark.lastJobMetrics()
    assert (m.tasks_failed, m.tasks_retried, m.executors_lost, m.partitions_recomputed) == (2, 2, 0, 0)


def test_udf_always_failing_fails_the_job_naming_stage_and_partition(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    broken = _flaky_udf(tmp_path / "count", failures=100)
    with pytest.raises(PythonException, match="ValueError: flaky failure 4") as info:
        spark.range(0, 1000, numPartitions=4).select(broken("id")).collect()
    (note,) = info.value.__notes__
    assert "raised by task 0 of stage" in note and "after 4 attempts" in note
    assert (tmp_path / "count").read_text() == "4"


def test_a_task_whose_executor_dies_in_every_attempt_fails_the_job_saying_what_to_do(
    spark: engine.SparkSession, backend: RayBackend
) -> None:
    """Each attempt of partition 0 kills its executor's process: after 4 losses the job fails with
    TASK_FAILED naming the task, the stage and what to do, rather than retrying forever, and the
    next job runs on a pool made whole again."""
    want = expected(spark, "aggregation", aggregation)

    def exit_on_partition_0(stage: P.Stage, p: int, attempt: int) -> None:
        if p == 0:
            os._exit(1)

    backend.task_hook = exit_on_partition_0
    thread, outcome = _run_in_thread(lambda: spark.range(0, 1000, numPartitions=2).groupBy("id").count().collect())
    thread.join(120)
    assert not thread.is_alive(), "the job kept retrying"
    backend.task_hook = None
    message = str(outcome["error"])
    assert re.search(r"\[TASK_FAILED\] Task 0 of stage \d+ \[.+\] lost its executor 4 times", message), message
    assert "then run the job again" in message
    assert spark.lastJobMetrics().executors_lost == 4
    assert rows(aggregation(spark)) == want
    assert len(backend.executors()) == 2


def _wait_for(release: Path) -> Any:
    """A UDF raising on row 0 and, on any other row, running until `release` exists (at most 60 s)."""

    def slow_or_broken(x: int) -> int:
        if x == 0:
            raise ValueError("broken row")
        deadline = time.monotonic() + 60
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return x

    return F.udf(slow_or_broken, "long")


def test_a_failed_job_cancels_its_running_task_but_keeps_the_executor_for_the_next_job(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    """Partition 0 fails 4 times on one executor while partition 1 runs on the other: the job's
    failure cancels that task cooperatively, and the next job runs on the same two executors."""
    want = expected(spark, "aggregation", aggregation)
    before = {a._actor_id for a in backend.executors()}
    release = tmp_path / "release"
    with pytest.raises(PythonException, match="broken row"):
        spark.range(0, 2, numPartitions=2).select(_wait_for(release)("id")).collect()
    release.touch()
    assert rows(aggregation(spark)) == want
    assert spark.lastJobMetrics().executors_lost == 0
    assert {a._actor_id for a in backend.executors()} == before


def test_an_executor_wedged_in_a_cancelled_task_is_replaced_after_the_kill_timeout(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    """A cancelled task that never reaches a point where it can stop (a UDF stuck in one row)
    holds its executor only until spark.task.reaper.killTimeout: then it is replaced."""
    want = expected(spark, "aggregation", aggregation)
    before = {a._actor_id for a in backend.executors()}
    backend._kill_timeout = 1.0
    try:
        with pytest.raises(PythonException, match="broken row"):
            spark.range(0, 2, numPartitions=2).select(_wait_for(tmp_path / "never")("id")).collect()
        assert rows(aggregation(spark)) == want  # on the other executor, while that one is stuck
        deadline = time.monotonic() + 60
        while len({a._actor_id for a in backend.executors()} - before) < 1 and time.monotonic() < deadline:
            backend.slots()  # what the next job asks first: it reaps the executor once it is due
            time.sleep(0.2)
    finally:
        backend._kill_timeout = 10.0
    after = {a._actor_id for a in backend.executors()}
    assert len(after) == 2 and len(after - before) == 1
    assert rows(aggregation(spark)) == want


def _run_in_thread(action: Callable[[], Any]) -> tuple[threading.Thread, dict[str, BaseException | None]]:
    outcome: dict[str, BaseException | None] = {}

    def run() -> None:
        try:
            action()
            outcome["error"] = None
        except BaseException as e:  # noqa: BLE001 - handed to the test thread
            outcome["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _wait_until(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


@pytest.mark.parametrize("how", ["cancelAllJobs", "cancelJobGroup", "interruptAll during a write"])
def test_a_job_cancelled_from_another_thread_stops_and_the_session_keeps_its_executors(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path, how: str
) -> None:
    """The cancelled action raises SPARK_JOB_CANCELLED while its tasks are still running (it does
    not wait for them), a cancelled write leaves the old contents, and the next job runs on the
    same executors: the running UDF stops within a row, long before its executor would be
    replaced as wedged (spark.task.reaper.killTimeout)."""
    want = expected(spark, "aggregation", aggregation)
    before = {a._actor_id for a in backend.executors()}
    started, target = tmp_path / "started", tmp_path / "out"
    spark.range(0, 3).write.parquet(str(target))

    def slow(x: int) -> int:
        started.touch()
        time.sleep(0.05)
        return x

    # 2000 rows of 50 ms per task: 100 s if nothing stopped it
    data = spark.range(0, 8000, numPartitions=4).select(F.udf(slow, "long")("id").alias("id"))

    def action() -> None:
        if how == "cancelJobGroup":
            spark.sparkContext.setJobGroup("nightly", "a slow job")
        if how.endswith("write"):
            data.write.mode("overwrite").parquet(str(target))
        else:
            data.collect()

    thread, outcome = _run_in_thread(action)
    _wait_until(started)
    if how == "cancelAllJobs":
        spark.sparkContext.cancelAllJobs()
    elif how == "cancelJobGroup":
        spark.sparkContext.cancelJobGroup("nightly")
    else:
        assert spark.interruptAll()
    thread.join(60)
    assert not thread.is_alive()
    assert "SPARK_JOB_CANCELLED" in str(outcome["error"])
    assert sorted(r.id for r in spark.read.parquet(str(target)).collect()) == [0, 1, 2]
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".engine")]
    assert rows(aggregation(spark)) == want
    assert spark.lastJobMetrics().executors_lost == 0
    assert {a._actor_id for a in backend.executors()} == before


def zombie_write_once(marker: Path) -> Callable[[P.Stage, int, int], None]:
    """A task hook making the first attempt of write task 1 look lost while it keeps writing:
    the executor forks; the parent dies at once (the driver sees the executor gone and retries the
    task elsewhere) while the child, out of the driver's sight, runs the attempt on. It waits for
    the retry's file to appear, then writes its own file half-way, as an attempt whose node goes
    down mid-write does, and ends. Sharing one file name (as before attempts had directories of
    their own), it truncates the retry's file and the commit publishes a torn file."""

    def hook(stage: P.Stage, p: int, attempt: int) -> None:
        if not isinstance(stage.output, P.WriteOut) or p != 1 or marker.exists():
            return
        marker.touch()
        if os.fork() != 0:
            os._exit(1)
        import glob
        import signal

        from engine.io import write as W
        from engine.runtime import ray_backend

        signal.alarm(60)  # never outlives the test
        ray_backend._stop_if_cancelled = lambda: None  # Ray's context is not usable in a fork
        whole = W._write_file

        def torn_write(job: W.WriteJob, rows: Any, full_path: str) -> None:
            deadline = time.monotonic() + 30
            pattern = os.path.join(job.staging_dir, "**", "part-00001-*")
            while not glob.glob(pattern, recursive=True):  # the retry's file, as it has written none
                if time.monotonic() > deadline:
                    Path(str(marker) + ".done").touch()
                    os._exit(0)
                time.sleep(0.005)
            scratch = str(marker) + ".whole"
            whole(job, rows, scratch)
            data = Path(scratch).read_bytes()
            try:
                with open(full_path, "wb") as f:
                    f.write(data[: len(data) // 2])
            finally:
                Path(str(marker) + ".done").touch()
                os._exit(0)

        W._write_file = torn_write

    return hook


def test_a_write_task_that_looks_lost_but_keeps_writing_cannot_tear_or_duplicate_the_output(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    """Each attempt writes under its own directory and the driver publishes the retry's files
    only: every row is in the output exactly once, and nothing the lost attempt wrote is there."""
    target = tmp_path / "out"
    data = spark.range(0, 30_000, numPartitions=3).select("id", (F.col("id") % 3).alias("g"))
    backend.task_hook = zombie_write_once(tmp_path / "forked")
    data.write.partitionBy("g").parquet(str(target))
    m = spark.lastJobMetrics()
    assert (m.executors_lost, m.tasks_retried) == (1, 1)
    _wait_until(tmp_path / "forked.done")  # the lost attempt has written all it will
    back = spark.read.parquet(str(target))
    assert back.count() == 30_000
    assert back.agg(F.countDistinct("id"), F.sum("id"), F.sum("g")).first() == (30_000, 449_985_000, 30_000)
    files = [p.name for p in target.rglob("part-*")]
    assert len(files) == 9 and len({n[11:47] for n in files}) == 1  # 3 tasks x 3 groups, one job uuid
    assert not [p for p in tmp_path.rglob(".engine-*")]
