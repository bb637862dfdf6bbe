"""Which allocator Arrow's buffers come from in every engine process (driver and executors).

pyarrow's default pool on Linux is mimalloc, which keeps the pages a task freed in the heaps
of the threads that freed them (Acero's and the scan's worker threads); an executor then
holds hundreds of MB while idle, and `release_unused()` from one thread cannot return them.
jemalloc purges every arena at once and, measured over the 22 TPC-H queries at SF1, also
spends about 15% less CPU. So engine uses jemalloc where pyarrow was built with it, unless
the user chose a pool through Arrow's own ``ARROW_DEFAULT_MEMORY_POOL``.
"""

from __future__ import annotations

import os

import pyarrow as pa


def choose_pool() -> str:
    """Makes jemalloc Arrow's default pool when available; returns the pool now in use."""
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        try:
            pa.set_memory_pool(pa.jemalloc_memory_pool())
        except NotImplementedError:  # a pyarrow build without jemalloc (Windows): keep its default
            pass
    return pa.default_memory_pool().backend_name
