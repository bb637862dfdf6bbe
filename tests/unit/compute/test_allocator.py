"""Engine processes allocate Arrow buffers from jemalloc, unless the user picked a pool."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest


def _pool_after_import(env: dict[str, str]) -> str:
    code = "import engine, pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def _has_jemalloc() -> bool:
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        return False
    return True


@pytest.mark.skipif(not _has_jemalloc(), reason="this pyarrow build has no jemalloc")
def test_importing_engine_makes_jemalloc_the_default_pool() -> None:
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    assert _pool_after_import(env) == "jemalloc"


@pytest.mark.skipif(not _has_jemalloc(), reason="this pyarrow build has no jemalloc")
def test_arrow_internals_allocate_from_jemalloc_too_when_engine_is_imported_first(tmp_path: Path) -> None:
    """Parquet reads allocate from Arrow's C++ default pool, which no Python setting reaches."""
    code = (
        "import engine, pyarrow as pa, pyarrow.parquet as pq; "
        f"pq.write_table(pa.table({{'x': list(range(100000))}}), {str(tmp_path / 'x.parquet')!r}); "
        f"pq.read_table({str(tmp_path / 'x.parquet')!r}); "
        "print(pa.mimalloc_memory_pool().max_memory(), pa.jemalloc_memory_pool().max_memory() > 0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "True"]


def test_a_pool_the_user_chose_through_arrow_is_kept() -> None:
    assert _pool_after_import({**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "system"}) == "system"


def _conf_after_import(env: dict[str, str]) -> str:
    code = "import engine, os; print(os.environ.get('JE_ARROW_MALLOC_CONF', ''))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.mark.skipif(sys.platform != "linux", reason="huge pages are asked for on Linux only")
def test_importing_engine_first_backs_arrow_memory_with_huge_pages() -> None:
    """A page fault costs microseconds on a VM; a 2 MB page takes one fault where 4 KB pages take 512."""
    env = {k: v for k, v in os.environ.items() if k != "JE_ARROW_MALLOC_CONF"}
    assert "thp:always" in _conf_after_import(env).split(",")


@pytest.mark.skipif(not _has_jemalloc() or sys.platform != "linux", reason="jemalloc on Linux only")
def test_freed_memory_is_kept_for_reuse_then_returned_while_the_process_is_idle() -> None:
    """Tasks reuse the pages earlier ones freed instead of faulting in new ones, and an idle
    executor does not hold them: jemalloc's background thread returns them after a while."""
    code = """
import time, numpy as np, engine, pyarrow as pa
from engine.compute.allocator import DECAY_MS, purges_when_idle
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096
before = rss()
buffers = [pa.allocate_buffer(1 << 20) for _ in range(256)]
for b in buffers:
    np.frombuffer(b, dtype=np.uint8).fill(1)
del buffers, b
kept = rss() - before
deadline = time.monotonic() + DECAY_MS / 1000 + 15  # the background thread may run late on a busy machine
while rss() - before >= 40 << 20 and time.monotonic() < deadline:
    time.sleep(0.25)
print(purges_when_idle(), kept > 64 << 20, rss() - before < 40 << 20)
"""
    env = {k: v for k, v in os.environ.items() if k not in ("JE_ARROW_MALLOC_CONF", "ARROW_DEFAULT_MEMORY_POOL")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True"]


def test_jemalloc_options_the_user_set_are_kept_and_tasks_then_release_memory_themselves() -> None:
    assert _conf_after_import({**os.environ, "JE_ARROW_MALLOC_CONF": "narenas:2"}) == "narenas:2"
    code = "import engine; from engine.compute.allocator import purges_when_idle; print(purges_when_idle())"
    env = {**os.environ, "JE_ARROW_MALLOC_CONF": "narenas:2"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_executors_start_with_the_drivers_jemalloc_options(monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.compute.allocator import executor_environment

    monkeypatch.setenv("JE_ARROW_MALLOC_CONF", "thp:always")
    assert executor_environment()["JE_ARROW_MALLOC_CONF"] == "thp:always"
