"""Shared fixtures: one engine session per test run (per backend), and data helpers."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

import engine

BACKENDS = [b.strip() for b in os.environ.get("ENGINE_TEST_BACKENDS", "local[2]").split(",") if b.strip()]


@pytest.fixture(scope="session", params=BACKENDS)
def spark(request: pytest.FixtureRequest) -> Iterator[engine.SparkSession]:
    """A session on each backend under test (``ENGINE_TEST_BACKENDS=local[2],ray``)."""
    session = engine.SparkSession.builder.master(request.param).appName("tests").create()
    yield session
    session.stop()

