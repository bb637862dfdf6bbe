"""UI test fixtures: a thread-backend session with the web UI on a free port and the event log on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import engine


@pytest.fixture
def ui_spark(tmp_path: Path) -> Iterator[engine.SparkSession]:
    """A fresh local session: UI on an OS-chosen port, events logged under ``tmp_path/events``."""
    session = (
        engine.SparkSession.builder.master("local[2]")
        .appName("ui-tests")
        .config("spark.ui.port", 0)
        .config("engine.eventLog.enabled", True)
        .config("engine.eventLog.dir", str(tmp_path / "events"))
        .config("engine.ui.progress", False)
        .create()
    )
    yield session
    session.stop()
