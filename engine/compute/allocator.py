"""Which allocator Arrow's buffers come from in every engine process (driver and executors).

pyarrow's default pool on Linux is mimalloc, which keeps the pages a task freed in the heaps
of the threads that freed them (Acero's and the scan's worker threads); an executor then
holds hundreds of MB while idle, and `release_unused()` from one thread cannot return them.
jemalloc purges every arena at once and, measured over the 22 TPC-H queries at SF1, also
spends about 15% less CPU. So engine uses jemalloc where pyarrow was built with it, unless
the user chose a pool through Arrow's own ``ARROW_DEFAULT_MEMORY_POOL``.

Setting the pool from Python covers what pyarrow's Python layer allocates. Arrow's C++
internals (Acero, dataset scans, the Parquet reader) take their pool from that variable, read
once when pyarrow loads. So engine sets it before pyarrow loads when it can (importing engine
first), and starts executors with it set; otherwise those buffers land in mimalloc again: two
idle executors kept ~500 MB after the 22 TPC-H queries at SF1, and the local backend's peak
over them was 1.15 GB instead of 0.88 GB.

jemalloc as Arrow configures it hands every large block back to the OS as soon as it is freed,
so each task faults in its memory anew; on a VM, where a page fault costs ~2.5 us, two Ray
executors took 118k faults and 0.27 s of system time per run of TPC-H q05 (a 0.5 s query).
Backing Arrow's memory with transparent huge pages (``thp:always``) makes a fault map 2 MB
instead of 4 KB: 21k faults and 0.14 s, executor CPU 15-20% less on q05 and q18, for 6% more
peak memory. Keeping freed pages instead (no decay) was faster
still, but jemalloc then never returns them, not even to `release_unused()`.

So freed pages are kept for a while and then returned: jemalloc reuses them for the next
allocations (the next operator, task or query), and its background thread returns those
unused for `DECAY_MS` even when the process is idle. Over the 22 TPC-H queries at SF1 (local
backend) page faults fell from ~300k to ~100k a round and system time from 2.1 to 0.9 s;
an idle process is back to its resting size within seconds. Tasks therefore no longer
purge the pool when they start (`purges_when_idle`).

This module must not import pyarrow at the top: `prefer_jemalloc()` runs before it loads.
"""

from __future__ import annotations

import os
import sys

POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"
CONF_VARIABLE = "JE_ARROW_MALLOC_CONF"  # Arrow's jemalloc options, read once when pyarrow loads
DECAY_MS = 2000  # freed pages unused this long go back to the OS
_OPTIONS = f"background_thread:true,dirty_decay_ms:{DECAY_MS},muzzy_decay_ms:0"
_USER_CHOSE = POOL_VARIABLE in os.environ


def prefer_jemalloc() -> None:
    """Names jemalloc, on huge pages, in the environment for Arrow's C++ internals, if pyarrow
    has not loaded yet.

    Only where pyarrow's wheels include jemalloc (not Windows), huge pages only on Linux, and
    never over the user's choice of pool or of jemalloc options.
    """
    if "pyarrow" in sys.modules or sys.platform == "win32":
        return
    if not _USER_CHOSE:
        os.environ[POOL_VARIABLE] = "jemalloc"
    os.environ.setdefault(CONF_VARIABLE, f"thp:always,{_OPTIONS}" if sys.platform == "linux" else _OPTIONS)


def purges_when_idle() -> bool:
    """Whether Arrow's pool returns freed memory to the OS by itself, idle or not (jemalloc with
    engine's options); otherwise a task must ask it to (`release_unused`) before it starts."""
    import pyarrow as pa

    return pa.default_memory_pool().backend_name == "jemalloc" and _OPTIONS in os.environ.get(CONF_VARIABLE, "")


def choose_pool() -> str:
    """Makes jemalloc Arrow's default pool when available; returns the pool now in use."""
    import pyarrow as pa

    if not _USER_CHOSE:
        try:
            pa.set_memory_pool(pa.jemalloc_memory_pool())
        except NotImplementedError:  # a pyarrow build without jemalloc (Windows): keep its default
            pass
    return pa.default_memory_pool().backend_name


def executor_environment() -> dict[str, str]:
    """Environment variables an executor process needs before pyarrow loads: the driver's pool
    and its jemalloc options."""
    import pyarrow as pa

    env = {POOL_VARIABLE: pa.default_memory_pool().backend_name}
    if CONF_VARIABLE in os.environ:
        env[CONF_VARIABLE] = os.environ[CONF_VARIABLE]
    return env
