"""Peak memory of a process and all its descendants, sampled from a background thread.

Sums each process's proportional set size (PSS: shared pages, such as Ray's object
store mapped into several workers, counted once across them) where the kernel reports
it, else its resident set size. Uses psutil when installed, else reads /proc directly.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _children_proc(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return out


def _memory_proc(pid: int) -> int:
    """PSS (else RSS) of `pid` in bytes, from /proc; 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def tree_bytes(pid: int) -> int:
    """Current memory of `pid` and every descendant."""
    try:
        import psutil
    except ImportError:
        total, todo = 0, [pid]
        while todo:
            p = todo.pop()
            total += _memory_proc(p)
            todo.extend(_children_proc(p))
        return total
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        try:
            total += _memory_proc(proc.pid) or proc.memory_info().rss
        except psutil.Error:
            continue
    return total


class PeakSampler:
    """Samples `tree_bytes(pid)` every `interval` seconds until stopped; `peak` is the largest seen."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="peak-memory", daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_bytes(self.pid))
            self._stop.wait(self.interval)
