"""Telling a dead node's raylet from a live one by its gRPC port, without Ray."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import grpc
import pytest

from engine.runtime.node_probe import unreachable


@pytest.fixture()
def live() -> Iterator[str]:
    """A gRPC server answering on a local port, as a live raylet does."""
    server = grpc.server(ThreadPoolExecutor(max_workers=1))
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(None)


def closed_port() -> str:
    """A local port nothing listens on any more, as a removed node's raylet port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{s.getsockname()[1]}"


def test_a_raylet_whose_port_is_closed_is_unreachable_and_a_live_one_is_not(live: str) -> None:
    assert unreachable({"dead": closed_port(), "alive": live}, timeout=5.0) == {"dead"}


def test_a_refused_connection_is_known_at_once_not_after_the_timeout(live: str) -> None:
    began = time.monotonic()
    assert unreachable({"dead": closed_port(), "alive": live}, timeout=10.0) == {"dead"}
    assert time.monotonic() - began < 5.0


def test_no_nodes_asked_none_unreachable() -> None:
    assert unreachable({}) == set()
