"""A fault test's Ray cluster: started with fast node-death detection, and put back together
after a test removed nodes from it; the session, backend and data the fault modules share."""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import ray
from ray._private.node import Node
from ray.cluster_utils import Cluster

import engine
from engine import functions as F
from engine.physical import nodes as P
from engine.runtime import local_ray
from engine.runtime.ray_backend import RayBackend

ROWS = 400_000  # every shuffle bucket is well over Ray's 100 KiB inline limit, so it lives on a node

# Ray notices a removed node in ~6-10 s instead of 30. Faster checks (0.5 s x 3, and 1 s x 4 once
# the fault modules grew) also declared healthy workers dead while CI loaded the machine
# starting nodes, failing a test that counts exactly what one fault cost. A check counts as
# missed when the raylet does not answer within the timeout: a removed node's refused
# connection fails at once whatever the timeout (measured: ~9.5 s to be declared dead with
# 1 s or 5 s), while a live raylet on 2 cores at load average 15 can take over a second to
# answer, so the timeout is long and only dead nodes run out the threshold quickly.
FAST_NODE_DEATH = {
    "health_check_period_ms": 1000,
    "health_check_timeout_ms": 5000,
    "health_check_failure_threshold": 6,
}


def fault_cluster(workers: int, timeout: float) -> Iterator[Cluster]:
    """A head without CPUs (the driver's node: every block an executor makes lives on a worker)
    and `workers` one-CPU nodes, this process connected to it until the generator ends."""
    # the test session's own local Ray, ended (a bare ray.shutdown() would leave its processes
    # running beside this cluster's); that session starts another when next used
    local_ray.stop()
    c = _with_head()
    for _ in range(workers):
        add_worker(c)
    c.wait_for_nodes(timeout)
    ray.init(address=c.address, log_to_driver=False, logging_level=logging.ERROR)
    yield c
    ray.shutdown()
    c.shutdown()


def _with_head(attempts: int = 3) -> Cluster:
    """A cluster with its head node started, again if the head misses Ray's 30 s start-up
    deadline as a worker may (the previous module's cluster still ending on a loaded machine)."""
    args = {"num_cpus": 0, "include_dashboard": False, "_system_config": FAST_NODE_DEATH}
    for _ in range(attempts - 1):
        try:
            return Cluster(initialize_head=True, head_node_args=args)
        except Exception as error:
            if "timed out during startup" not in str(error):
                raise
            _end_half_started(error)
    return Cluster(initialize_head=True, head_node_args=args)


def restore_workers(cluster: Cluster, workers: int, timeout: float) -> None:
    """Back to `workers` one-CPU worker nodes, and Ray's view of the cluster the same as the Cluster's.

    Ray reports a removed node alive until its health checks fail: waiting for that first
    means the next test's pool sees no node that is about to vanish. The fault clusters'
    health checks are fast, so on a loaded machine Ray may also declare a node dead that
    was just added and is still running: such a node is replaced, or the Cluster's list
    and Ray's would never agree. `timeout` is generous: a loaded machine starts nodes slowly.
    """
    deadline = time.monotonic() + timeout
    while True:
        declared_dead = {n["NodeID"] for n in ray.nodes() if not n["Alive"]}
        for node in [n for n in cluster.worker_nodes if n.node_id in declared_dead]:
            cluster.remove_node(node, allow_graceful=False)
        while len(cluster.worker_nodes) < workers:
            add_worker(cluster)
        kept = {cluster.head_node.node_id, *(n.node_id for n in cluster.worker_nodes)}
        reported = {n["NodeID"] for n in ray.nodes() if n["Alive"]}
        if reported == kept:
            return
        assert time.monotonic() < deadline, f"Ray reports nodes {reported} alive after {timeout:g} s; expected {kept}"
        time.sleep(0.2)


def add_worker(cluster: Cluster, attempts: int = 3) -> Node:
    """A new one-CPU worker node, started again if its raylet misses Ray's start-up deadline.

    Ray gives a raylet a fixed 30 s to register, and CI's 2 loaded cores sometimes take
    longer: the test then failed in its set-up, not in what it tests. The node that missed
    the deadline is never handed back by ``Cluster.add_node`` (its constructor raised), so its
    processes are ended here through the constructor's frame, or it would register late as a
    node no test knows about.
    """
    for _ in range(attempts - 1):
        try:
            return cluster.add_node(num_cpus=1)
        except Exception as error:
            if "timed out during startup" not in str(error):
                raise
            _end_half_started(error)
    return cluster.add_node(num_cpus=1)


def _end_half_started(error: BaseException) -> None:
    """Kills the processes of the node whose ``Node.__init__`` raised `error`."""
    tb = error.__traceback__
    while tb is not None:
        node = tb.tb_frame.f_locals.get("self")
        if isinstance(node, Node) and tb.tb_frame.f_code.co_name == "__init__":
            node.kill_all_processes(check_alive=False, allow_graceful=False)
            return
        tb = tb.tb_next
    raise AssertionError("no half-started node in the start-up error's traceback") from error


def fault_session(app: str, conf: dict[str, str] | None = None) -> Iterator[engine.SparkSession]:
    """A Ray session that runs one task per executor at a time, shuffles into 3 partitions and
    never broadcasts (so every join shuffles through the nodes a test removes), plus `conf`."""
    builder = (
        engine.SparkSession.builder.master("ray")
        .config("engine.executor.tasksInFlight", "1")
        .config("spark.sql.shuffle.partitions", "3")
        .config("spark.sql.autoBroadcastJoinThreshold", "-1")
    )
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session = builder.appName(app).create()
    yield session
    session.stop()


def reset_backend(
    spark: engine.SparkSession, cluster: Cluster, workers: int, timeout: float
) -> Iterator[RayBackend]:
    """The session's backend; after the test its hooks are cleared and the cluster is back to
    `workers` worker nodes."""
    b = spark._backend
    assert isinstance(b, RayBackend)
    yield b
    b.task_hook = None
    b.before_submit = None
    restore_workers(cluster, workers, timeout)


def rows(df: engine.DataFrame) -> list[tuple]:
    return sorted(tuple(r) for r in df.collect())


def keyed(spark: engine.SparkSession, n: int = ROWS, parts: int = 6) -> engine.DataFrame:
    return spark.range(0, n, numPartitions=parts).select(
        (F.col("id") % 200_000).alias("k"), "id", (F.col("id") * 7 % 1000).alias("v")
    )


def remove_node(cluster: Cluster, node_id: str) -> None:
    node = next(n for n in cluster.worker_nodes if n.node_id == node_id)
    cluster.remove_node(node, allow_graceful=False)


def killed_once(marker: Path, when: Callable[[P.Stage], bool]) -> Callable[[P.Stage, int, int], None]:
    """A task hook that SIGKILLs its own executor process, as the kernel's OOM killer would, in
    the first attempt of partition 1 of a stage for which `when` holds; once per marker file."""

    def hook(stage: P.Stage, p: int, attempt: int) -> None:
        if p == 1 and when(stage) and not marker.exists():
            marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)

    return hook
