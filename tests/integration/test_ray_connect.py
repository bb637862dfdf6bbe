"""Naming a Ray cluster to join the wrong way fails at once with what to do instead: a
``ray://`` address where nothing listens (instead of Ray Client's 30 s "connection timeout"),
and a bare host:port (instead of silently starting a local Ray).
"""

from __future__ import annotations

import socket

import pytest
import ray

import engine
from engine.errors import IllegalArgumentException

pytestmark = pytest.mark.ray


@pytest.fixture()
def disconnected(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process not connected to any Ray (a test session's local Ray reconnects when next used)."""
    if ray.is_initialized():
        ray.shutdown()
    monkeypatch.delenv("RAY_ADDRESS", raising=False)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.usefixtures("disconnected")
def test_master_url_where_no_ray_listens_fails_at_once_saying_what_to_do() -> None:
    port = _closed_port()
    with pytest.raises(ConnectionError, match=rf"No Ray cluster answers at 127\.0\.0\.1:{port}.*ray start --head"):
        engine.SparkSession.builder.master(f"ray://127.0.0.1:{port}").create()
    assert not ray.is_initialized()


@pytest.mark.usefixtures("disconnected")
def test_bare_host_port_master_is_rejected_with_the_url_to_use() -> None:
    with pytest.raises(IllegalArgumentException, match=r"use ray://127\.0\.0\.1:6379"):
        engine.SparkSession.builder.master("127.0.0.1:6379").create()
    assert not ray.is_initialized()  # no local Ray started by mistake
