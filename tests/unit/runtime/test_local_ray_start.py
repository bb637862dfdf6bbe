"""Starting a local Ray survives a start that fails for passing reasons, says what to check
when the cause lasts, and leaves the process's environment as it found it."""

from __future__ import annotations

import os
from typing import Any

import pytest

from engine.runtime import local_ray


class _FlakyStart:
    """Stands in for one start of the head node and for ``ray.shutdown``: the first `failures` starts raise."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.starts = 0
        self.shutdowns = 0
        self.seen: list[str | None] = []

    def start_once(self, num_cpus: int | None, object_store_memory: int | None, init: dict[str, Any]) -> None:
        self.starts += 1
        self.seen.append(os.environ.get("ENGINE_TEST_VARIABLE"))
        if self.starts <= self.failures:
            raise ConnectionError("GCS did not start in time")

    def shutdown(self) -> None:
        self.shutdowns += 1


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> Any:
    def install(failures: int) -> _FlakyStart:
        fake = _FlakyStart(failures)
        monkeypatch.setattr(local_ray, "_start_once", fake.start_once)
        monkeypatch.setattr(local_ray.ray, "shutdown", fake.shutdown)
        monkeypatch.setattr(local_ray.time, "sleep", lambda seconds: None)
        monkeypatch.setattr(local_ray, "_head", [])  # a Ray another test started is not this test's to stop
        return fake

    return install


def test_a_start_that_fails_then_succeeds_is_retried(flaky: Any) -> None:
    fake = flaky(failures=2)
    local_ray.start(1, None, {})
    assert fake.starts == 3
    assert fake.shutdowns == 1 + 2  # a head left over first, then each half-started Ray before the next try


def test_a_lasting_failure_names_the_cause_and_what_to_check(flaky: Any) -> None:
    fake = flaky(failures=10)
    with pytest.raises(RuntimeError, match=r"after 3 attempts: ConnectionError: GCS did not start") as info:
        local_ray.start(1, None, {})
    assert "ray stop" in str(info.value)
    assert isinstance(info.value.__cause__, ConnectionError)
    assert fake.starts == 3


def test_a_start_first_ends_a_head_a_bare_ray_shutdown_left_running(flaky: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    flaky(failures=0)
    ended: list[str] = []

    class LeftRunning:
        def destroy_external_storage(self) -> None:
            ended.append("storage")

        def kill_all_processes(self, check_alive: bool, allow_graceful: bool) -> None:
            ended.append("processes")

    monkeypatch.setattr(local_ray, "_head", [LeftRunning()])
    local_ray.start(1, None, {})
    assert ended == ["storage", "processes"] and local_ray._head == []


def test_rays_processes_get_the_executor_environment_and_this_process_keeps_its_own(flaky: Any) -> None:
    fake = flaky(failures=0)
    assert "ENGINE_TEST_VARIABLE" not in os.environ
    local_ray.start(1, None, {"ENGINE_TEST_VARIABLE": "jemalloc"})
    assert fake.seen == ["jemalloc"]
    assert "ENGINE_TEST_VARIABLE" not in os.environ
