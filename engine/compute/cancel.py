"""Cancellation points: long Python loops in a task (a row UDF) ask here whether to stop.

The process running tasks installs the check (a Ray executor asks Ray whether its running
call was cancelled); with none installed a point costs one function call. A task that is
told to stop raises from the point, and its job, already failed or interrupted, drops it.
"""

from __future__ import annotations

from collections.abc import Callable

_check: list[Callable[[], None]] = []


def install(check: Callable[[], None]) -> None:
    """Makes `check` (which raises to stop the task) run at every cancellation point of this process."""
    _check[:] = [check]


def point() -> None:
    """Raises if the running task was cancelled; cheap enough to call per row."""
    if _check:
        _check[0]()
