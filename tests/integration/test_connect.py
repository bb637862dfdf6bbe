"""Joining a Ray cluster that is already running, every way a user would try it: ``ray.init``
first then ``master("ray")``, ``master("ray://<GCS address>")``, ``RAY_ADDRESS``; and the
mistakes (nothing listening, a bare host:port) failing at once with what to do instead.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
import ray
from ray.cluster_utils import Cluster

import engine
from engine import functions as F
from engine.errors import IllegalArgumentException
from engine.runtime.ray_backend import RayBackend

pytestmark = pytest.mark.ray


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if ray.is_initialized():
        ray.shutdown()  # a test session's local Ray; that session reconnects when next used
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False})
    c.add_node(num_cpus=1)
    c.wait_for_nodes(120)
    yield c
    ray.shutdown()
    c.shutdown()


@pytest.fixture()
def disconnected(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Cluster:
    """The cluster, with this process not connected to any Ray and no RAY_ADDRESS set."""
    if ray.is_initialized():
        ray.shutdown()
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    return cluster


def answer_on(master: str) -> tuple[int, str, int]:
    """A small shuffle job's answer on a new session, the GCS it ran on, and its executor count."""
    spark = engine.SparkSession.builder.master(master).appName("connect").create()
    try:
        n = spark.range(0, 1000, numPartitions=2).groupBy((F.col("id") % 7).alias("m")).count().count()
        backend = spark._backend
        assert isinstance(backend, RayBackend)
        return n, ray.get_runtime_context().gcs_address, len(backend.executors())
    finally:
        spark.stop()


def test_master_ray_uses_the_cluster_this_process_joined(disconnected: Cluster) -> None:
    ray.init(address=disconnected.address, log_to_driver=False, logging_level=logging.ERROR)
    assert answer_on("ray") == (7, disconnected.address, 1)


def test_master_ray_url_around_a_gcs_address_joins_that_cluster(disconnected: Cluster) -> None:
    assert answer_on(f"ray://{disconnected.address}") == (7, disconnected.address, 1)


def test_ray_address_variable_names_the_cluster_to_join(
    disconnected: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAY_ADDRESS", disconnected.address)
    assert answer_on("ray") == (7, disconnected.address, 1)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_master_url_where_no_ray_listens_fails_at_once_saying_what_to_do(disconnected: Cluster) -> None:
    port = _closed_port()
    with pytest.raises(ConnectionError, match=rf"No Ray cluster answers at 127\.0\.0\.1:{port}.*ray start --head"):
        engine.SparkSession.builder.master(f"ray://127.0.0.1:{port}").create()
    assert not ray.is_initialized()


def test_bare_host_port_master_is_rejected_with_the_url_to_use(disconnected: Cluster) -> None:
    with pytest.raises(IllegalArgumentException, match=rf"use ray://{disconnected.address}"):
        engine.SparkSession.builder.master(disconnected.address).create()
    assert not ray.is_initialized()  # no local Ray started by mistake
