"""Interrupting running jobs from another thread: ``spark.interruptAll/Tag/Operation``.

A job runs in the thread that called the action, which waits on the backend for task
completions. To interrupt it, an `Interrupted` exception is scheduled in that thread
(CPython's ``PyThreadState_SetAsyncExc``, what debuggers and notebooks use for interrupts);
it is raised as soon as the thread runs Python again, at the latest when the next task
completes, and the scheduler then cancels the job's remaining tasks as on Ctrl-C. A task
already running finishes (Python threads cannot be stopped mid-call), as Spark notes that
an operation may still finish while being interrupted.
"""

from __future__ import annotations

import ctypes
import itertools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from engine.errors import SparkRuntimeException


class Interrupted(BaseException):
    """Raised in the thread whose job was interrupted (a BaseException, so no task retries it)."""


@dataclass
class Operation:
    """A running action: its id, the thread running it, and the tags it was started with."""

    id: str
    thread: int
    tags: frozenset[str]
    reason: str = ""  # why it was interrupted, for its error; empty while it is not


class Operations:
    """A session's running operations."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[str, Operation] = {}
        self._ids = itertools.count(1)

    @contextmanager
    def running(self, tags: set[str]) -> Iterator[Operation]:
        """Registers an operation for the duration of the block, in the calling thread."""
        with self._lock:
            op = Operation(str(next(self._ids)), threading.get_ident(), frozenset(tags))
            self._running[op.id] = op
        try:
            yield op
        finally:
            with self._lock:
                self._running.pop(op.id, None)
                if op.reason:  # an interrupt not delivered yet must not hit later code
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(op.thread), None)

    def settle(self, op: Operation) -> None:
        """Makes `op` uninterruptible from here on, for a step that must not be cut halfway
        (a write's commit): raises `Interrupted` now if an interrupt already hit it."""
        with self._lock:
            self._running.pop(op.id, None)
            if op.reason:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(op.thread), None)
                raise Interrupted

    def interrupt(self, match: Callable[[Operation], bool], reason: str) -> list[str]:
        """Interrupts the running operations `match` accepts (for `reason`); returns their ids."""
        with self._lock:
            hit = [op for op in self._running.values() if not op.reason and match(op)]
            for op in hit:
                op.reason = reason
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(op.thread), ctypes.py_object(Interrupted))
        return [op.id for op in hit]


def group_mark(group: str) -> str:
    """The mark an operation of SparkContext job group `group` carries among its tags."""
    return f"\0job-group:{group}"


def context_tag_mark(tag: str) -> str:
    """The mark of a SparkContext job tag (kept apart from the session's own tags, as in Spark)."""
    return f"\0job-tag:{tag}"


def marks(state: threading.local) -> set[str]:
    """What this thread's next operation is tagged with: the session's tags, its
    SparkContext job tags and job group (see `engine.api.context.SparkContext.setJobGroup`)."""
    out = set(getattr(state, "tags", ()))
    out.update(context_tag_mark(t) for t in getattr(state, "job_tags", ()))
    group = getattr(state, "job_group", None)
    if group is not None:
        out.add(group_mark(group))
    return out


def cancelled(op: Operation | None) -> SparkRuntimeException:
    """Spark's error for the interrupted action (`op` is None if it was hit while registering)."""
    job, reason = (op.id, op.reason) if op is not None else ("", "while starting")
    return SparkRuntimeException(f"[SPARK_JOB_CANCELLED] Job {job} cancelled {reason}", "SPARK_JOB_CANCELLED")
