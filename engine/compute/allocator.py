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

This module must not import pyarrow at the top: `prefer_jemalloc()` runs before it loads.
"""

from __future__ import annotations

import os
import sys

POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"
_USER_CHOSE = POOL_VARIABLE in os.environ


def prefer_jemalloc() -> None:
    """Names jemalloc in the environment for Arrow's C++ internals, if pyarrow has not loaded yet.

    Only where pyarrow's wheels include jemalloc (not Windows), and never over the user's choice.
    """
    if not _USER_CHOSE and "pyarrow" not in sys.modules and sys.platform != "win32":
        os.environ[POOL_VARIABLE] = "jemalloc"


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
    """Environment variables an executor process needs before pyarrow loads: the driver's pool."""
    import pyarrow as pa

    return {POOL_VARIABLE: pa.default_memory_pool().backend_name}
