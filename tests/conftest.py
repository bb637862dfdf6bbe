"""Shared fixtures: one engine session per backend for the whole run, and data helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

import engine

BACKENDS = [b.strip() for b in os.environ.get("ENGINE_TEST_BACKENDS", "local[2],ray").split(",") if b.strip()]

_sessions: dict[str, engine.SparkSession] = {}


def shared_session(master: str) -> engine.SparkSession:
    """The run's session on `master`, made on first use (a Ray starts once, not per test)."""
    session = _sessions.get(master)
    if session is None:
        session = _sessions[master] = engine.SparkSession.builder.master(master).appName("tests").create()
    return session


@pytest.fixture(scope="session", autouse=True)
def _stop_sessions() -> Iterator[None]:
    yield
    for session in _sessions.values():
        session.stop()
    _sessions.clear()


@pytest.fixture(scope="session", params=BACKENDS)
def spark(request: pytest.FixtureRequest) -> engine.SparkSession:
    """A session on each backend under test (``ENGINE_TEST_BACKENDS=local[2],ray``)."""
    return shared_session(request.param)


@pytest.fixture(scope="session")
def ray_spark() -> engine.SparkSession:
    """The Ray session (the same one `spark` gives for the ``ray`` backend)."""
    return shared_session("ray")


@pytest.fixture(scope="session")
def local_spark() -> engine.SparkSession:
    """The thread-backend session, as the reference answer for Ray tests."""
    return shared_session("local[2]")
