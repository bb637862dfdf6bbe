"""Putting a fault test's Ray cluster back together after a test removed nodes from it."""

from __future__ import annotations

import time

import ray
from ray.cluster_utils import Cluster


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
