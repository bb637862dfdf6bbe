"""Starting a local Ray survives a start that fails for passing reasons, and says what to
check when the cause lasts."""

from __future__ import annotations

from typing import Any

import pytest

from engine.runtime import ray_backend


class _FlakyRay:
    """Stands in for ``ray.init``/``ray.shutdown``: the first `failures` starts raise."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.starts = 0
        self.shutdowns = 0

    def init(self, **options: Any) -> None:
        self.starts += 1
        if self.starts <= self.failures:
            raise ConnectionError("GCS did not start in time")

    def shutdown(self) -> None:
        self.shutdowns += 1


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> Any:
    def install(failures: int) -> _FlakyRay:
        fake = _FlakyRay(failures)
        monkeypatch.setattr(ray_backend.ray, "init", fake.init)
        monkeypatch.setattr(ray_backend.ray, "shutdown", fake.shutdown)
        monkeypatch.setattr(ray_backend.time, "sleep", lambda seconds: None)
        return fake

    return install


def test_a_start_that_fails_then_succeeds_is_retried(flaky: Any) -> None:
    fake = flaky(failures=2)
    ray_backend._start_local_ray(num_cpus=1)
    assert fake.starts == 3
    assert fake.shutdowns == 2  # each half-started Ray is cleared before the next try


def test_a_lasting_failure_names_the_cause_and_what_to_check(flaky: Any) -> None:
    fake = flaky(failures=10)
    with pytest.raises(RuntimeError, match=r"after 3 attempts: ConnectionError: GCS did not start") as info:
        ray_backend._start_local_ray(num_cpus=1)
    assert "ray stop" in str(info.value)
    assert isinstance(info.value.__cause__, ConnectionError)
    assert fake.starts == 3
