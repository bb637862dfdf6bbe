"""The in-process backend: tasks on worker threads, output blocks kept as Arrow tables."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

import pyarrow as pa

from engine.compute.context import EvalContext
from engine.physical import nodes as P
from engine.runtime.backend import Completion
from engine.runtime.scheduler import Handle, TaskSpec, UserError
from engine.runtime.task import run_task
from engine.runtime.task_metrics import TaskClock

_STOP = None


class LocalBackend:
    """``master("local[N]")``: N worker threads; pyarrow releases the GIL in its kernels.

    Workers are daemon threads: a task still running when its job was cancelled (or the
    session stopped) never keeps the interpreter from exiting.
    """

    def __init__(self, threads: int, max_failures: int = 1) -> None:
        self.threads = max(1, threads)
        self.max_failures = max_failures
        self._work: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._done: queue.Queue[Completion] = queue.Queue()
        self._generation = 0  # bumped by cancel(): queued tasks are skipped, late results dropped
        self._lock = threading.Lock()
        self._workers = [
            threading.Thread(target=self._loop, name=f"engine-task-{i}", daemon=True)
            for i in range(self.threads)
        ]
        for w in self._workers:
            w.start()

    def parallelism(self) -> int:
        return self.threads

    def slots(self) -> int:
        return self.threads * 2

    def _loop(self) -> None:
        while (job := self._work.get()) is not _STOP:
            job()

    def submit(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext) -> None:
        generation = self._generation
        self._work.put(lambda: self._run(stage, task, ctx, generation))

    def _run(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext, generation: int) -> None:
        if generation != self._generation:
            return
        me = "driver"  # as Spark names the executor of local mode
        clock = TaskClock(stage.root)
        try:
            blocks = list(run_task(stage, task.partition, task.inputs, ctx, clock))
            done = Completion(task, blocks, executor=me, metrics=clock.finish())
        except Exception as e:  # the scheduler decides: retry or fail the job with it
            done = Completion(task, None, UserError(e), executor=me, metrics=clock.finish())
        with self._lock:
            if generation == self._generation:
                self._done.put(done)

    def poll(self) -> list[Completion]:
        out = [self._done.get()]
        while True:
            try:
                out.append(self._done.get_nowait())
            except queue.Empty:
                return out

    def fetch(self, blocks: list[Handle]) -> list[pa.Table]:
        return list(blocks)

    def release(self, blocks: list[Handle]) -> None:
        """Blocks are plain tables here: dropping references frees them."""

    def cancel(self) -> None:
        with self._lock:
            self._generation += 1
            while True:
                try:
                    self._done.get_nowait()
                except queue.Empty:
                    break

    def spill_totals(self) -> None:
        """Blocks are Python objects in this process: there is no object store to spill."""

    def shutdown(self) -> None:
        self.cancel()
        for _ in self._workers:
            self._work.put(_STOP)
