"""The in-process backend: tasks on a thread pool, output blocks kept as Arrow tables."""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor

import pyarrow as pa

from engine.compute.context import EvalContext
from engine.physical import nodes as P
from engine.runtime.backend import Completion
from engine.runtime.scheduler import Handle, TaskSpec, UserError
from engine.runtime.task import run_task


class LocalBackend:
    """``master("local[N]")``: N worker threads; pyarrow releases the GIL in its kernels."""

    def __init__(self, threads: int, max_failures: int = 1) -> None:
        self.threads = max(1, threads)
        self.max_failures = max_failures
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="engine-task")
        self._done: queue.Queue[Completion] = queue.Queue()
        self._futures: set[Future[None]] = set()
        self._generation = 0  # bumped by cancel(): late results of cancelled tasks are dropped
        self._lock = threading.Lock()

    def parallelism(self) -> int:
        return self.threads

    def slots(self) -> int:
        return self.threads * 2

    def submit(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext) -> None:
        fut = self._pool.submit(self._run, stage, task, ctx, self._generation)
        self._futures.add(fut)
        fut.add_done_callback(self._futures.discard)

    def _run(self, stage: P.Stage, task: TaskSpec, ctx: EvalContext, generation: int) -> None:
        if generation != self._generation:
            return
        try:
            done = Completion(task, list(run_task(stage, task.partition, task.inputs, ctx)))
        except Exception as e:  # the scheduler decides: retry or fail the job with it
            done = Completion(task, None, UserError(e))
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
        for f in list(self._futures):
            f.cancel()
        while True:
            try:
                self._done.get_nowait()
            except queue.Empty:
                break

    def shutdown(self) -> None:
        self.cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)
