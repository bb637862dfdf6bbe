"""One session's observability: the event stream fanned out to the store, event log, progress bars and web UI."""

from __future__ import annotations

import os
import sys
import threading
import time
import uuid
from typing import Any

from engine.compute.context import EvalContext
from engine.physical import nodes as P
from engine.runtime.backend import Backend, JobResult, run_job
from engine.runtime.scheduler import Handle, JobMetrics
from engine.ui.events import SCHEMA_VERSION, Event, EventLogWriter, event_log_dir, make_event
from engine.ui.listener import JobListener, ListeningBackend
from engine.ui.store import AppStore

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_INTERNAL = (_PACKAGE + os.sep, os.path.join(os.path.dirname(_PACKAGE), "sql") + os.sep)


class AppUI:
    """Created with the session: numbers its jobs, records their events, serves them while it lives."""

    def __init__(self, conf: Any) -> None:
        self.conf = conf
        self.app_id = f"app-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
        self.store = AppStore()
        directory = event_log_dir(conf)
        self.log = EventLogWriter(directory, self.app_id) if directory else None
        self.server: Any = None
        self.url: str | None = None
        self._jobs = 0
        self._lock = threading.Lock()
        self._running = 0  # jobs running now
        self._last_spill: tuple[Backend, tuple[int, int]] | None = None  # the last job's closing reading
        self.emit(
            make_event(
                "app_start", app_id=self.app_id, app_name=conf.get("spark.app.name", "engine"),
                master=conf.get("spark.master", None) or "ray", schema_version=SCHEMA_VERSION,
            )
        )  # fmt: skip
        if _conf_bool(conf, "spark.ui.enabled", True):
            from engine.ui.server import start_server

            self.server = start_server(
                self.store,
                str(conf.get("spark.ui.host", None) or "127.0.0.1"),
                int(conf.get("spark.ui.port", None) or 4040),
            )
            self.url = self.server.url if self.server is not None else None

    def emit(self, event: Event) -> None:
        self.store.apply(event)
        if self.log is not None:
            self.log.write(event)

    def run_job(
        self,
        stages: list[P.Stage],
        backend: Backend,
        ctx: EvalContext,
        precomputed: dict[int, dict[int, list[Handle]]] | None = None,
        metrics: JobMetrics | None = None,
    ) -> JobResult:
        """`engine.runtime.backend.run_job`, observed: events for the job, its stages and tasks, and progress bars.

        `metrics`, when given, holds what the job did even when it fails (``spark.lastJobMetrics()``).
        """
        from engine.ui.progress import JobProgress

        with self._lock:
            self._jobs += 1
            job_id = self._jobs
        progress = JobProgress(stages) if _conf_bool(self.conf, "engine.ui.progress", True) else None

        def emit(event: Event) -> None:
            self.emit(event)
            if progress is not None:
                progress.on_event(event)

        listener = JobListener(job_id, stages, emit)
        listener.job_started(call_site())
        before = self._spill_reading(backend)
        try:
            result = run_job(stages, ListeningBackend(backend, listener), ctx, precomputed, metrics=metrics)
        except BaseException as e:
            listener.job_ended(e, self._spilled_since(before, backend))
            raise
        finally:
            if progress is not None:
                progress.close()
        listener.job_ended(None, self._spilled_since(before, backend))
        return result

    def _spill_reading(self, backend: Backend) -> tuple[int, int] | None:
        """The object stores' spill counters as a job starts: the last job's closing reading when
        no job ran since (nothing creates objects between jobs), which saves a request to the
        raylet (~1 ms) per job."""
        with self._lock:
            self._running += 1
            alone = self._running == 1
            last, self._last_spill = self._last_spill, None
        if alone and last is not None and last[0] is backend:
            return last[1]
        return backend.spill_totals()

    def _spilled_since(self, before: tuple[int, int] | None, backend: Backend) -> tuple[int, int] | None:
        after = None if before is None else backend.spill_totals()
        with self._lock:
            self._running -= 1
            self._last_spill = (backend, after) if after is not None and self._running == 0 else None
        return spilled_between(before, after)

    def stop(self) -> None:
        """Ends the application: the last event is written and the web server stops."""
        self.emit(make_event("app_end", app_id=self.app_id))
        if self.log is not None:
            self.log.close()
        if self.server is not None:
            self.server.stop()


def spilled_between(before: tuple[int, int] | None, after: tuple[int, int] | None) -> tuple[int, int] | None:
    """(bytes spilled, bytes restored) by the object stores between two readings of their counters.

    None when either reading is missing, or a counter went down (a node and its counts left
    the cluster): then the change is not known.
    """
    if before is None or after is None or after[0] < before[0] or after[1] < before[1]:
        return None
    return after[0] - before[0], after[1] - before[1]


def _conf_bool(conf: Any, key: str, default: bool) -> bool:
    value = conf.get(key, None)
    return default if value is None else str(value).lower() == "true"


def call_site() -> str:
    """What started the job, as Spark names it: ``collect at etl.py:42`` (the API call and the user's line)."""
    frame = sys._getframe(1)
    action = "job"
    while frame is not None:
        path = os.path.abspath(frame.f_code.co_filename)
        if not path.startswith(_INTERNAL):
            return f"{action} at {os.path.basename(path)}:{frame.f_lineno}"
        if not frame.f_code.co_name.startswith("_"):
            action = frame.f_code.co_name
        frame = frame.f_back
    return action
