"""A fault test's Ray cluster: started with fast node-death detection, and put back together
after a test removed nodes from it."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import ray
from ray.cluster_utils import Cluster

from engine.runtime import local_ray

# Ray notices a removed node in ~6 s instead of 30. Faster checks (0.5 s x 3, and 1 s x 4 once
# the fault modules grew) also declared healthy workers dead while CI loaded the machine
# starting nodes, failing a test that counts exactly what one fault cost.
FAST_NODE_DEATH = {
    "health_check_period_ms": 1000,
    "health_check_timeout_ms": 1000,
    "health_check_failure_threshold": 6,
}


def fault_cluster(workers: int, timeout: float) -> Iterator[Cluster]:
    """A head without CPUs (the driver's node: every block an executor makes lives on a worker)
    and `workers` one-CPU nodes, this process connected to it until the generator ends."""
    # the test session's own local Ray, ended (a bare ray.shutdown() would leave its processes
    # running beside this cluster's); that session starts another when next used
    local_ray.stop()
    c = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 0, "include_dashboard": False, "_system_config": FAST_NODE_DEATH},
    )
    for _ in range(workers):
        c.add_node(num_cpus=1)
    c.wait_for_nodes(timeout)
    ray.init(address=c.address, log_to_driver=False, logging_level=logging.ERROR)
    yield c
    ray.shutdown()
    c.shutdown()


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
            cluster.add_node(num_cpus=1)
        kept = {cluster.head_node.node_id, *(n.node_id for n in cluster.worker_nodes)}
        reported = {n["NodeID"] for n in ray.nodes() if n["Alive"]}
        if reported == kept:
            return
        assert time.monotonic() < deadline, f"Ray reports nodes {reported} alive after {timeout:g} s; expected {kept}"
        time.sleep(0.2)
