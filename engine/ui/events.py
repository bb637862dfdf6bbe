"""The event log: one JSON object per line for each thing an application, job, stage or task did.

Events are plain dicts (documented in README.md, "Event log") so the live UI, the log on
disk and the history server all read the same thing: the UI's store is built by
replaying events, whether they arrive from a running job or from a file.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2  # 2: per-operator metrics, executor-measured durations, scheduler delay, spill

Event = dict[str, Any]

# Every event has "event" (one of these) and "time" (seconds since the epoch, a float).
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "app_start": ("app_id", "app_name", "master", "schema_version"),
    "app_end": ("app_id",),
    "job_start": ("job_id", "description", "stages", "plan"),
    "job_end": ("job_id", "status", "error", "metrics"),
    "stage_submitted": ("job_id", "stage_id", "attempt", "num_tasks"),
    "stage_completed": ("job_id", "stage_id", "attempt", "status", "metrics"),
    "task_start": ("job_id", "stage_id", "partition", "attempt"),
    "task_end": (
        "job_id", "stage_id", "partition", "attempt", "status", "failure", "duration_ms", "scheduler_delay_ms",
        "rows_in", "bytes_in", "rows_out", "bytes_out", "spill_bytes", "executor", "recomputed", "operators",
    ),
}  # fmt: skip


def make_event(kind: str, **fields: Any) -> Event:
    """An event of `kind` stamped with the current time; raises if a documented field is missing.

    >>> make_event("app_end", app_id="app-1")["event"]
    'app_end'
    """
    expected = EVENT_FIELDS[kind]
    missing = [f for f in expected if f not in fields]
    if missing:
        raise ValueError(f"event {kind!r} is missing field(s) {', '.join(missing)}")
    return {"event": kind, "time": time.time(), **fields}


class EventLogWriter:
    """Appends events to ``<dir>/<app_id>.jsonl``, flushing each line so a crash loses nothing written."""

    def __init__(self, directory: str, app_id: str) -> None:
        path = Path(directory).expanduser()
        path.mkdir(parents=True, exist_ok=True)
        self.path = path / f"{app_id}.jsonl"
        self._file = self.path.open("a", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, event: Event) -> None:
        line = json.dumps(event, default=str, separators=(",", ":"))
        with self._lock:
            if not self._file.closed:
                self._file.write(line + "\n")
                self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()


def event_log_dir(conf: Any) -> str | None:
    """Where the session logs events, or None when ``engine.eventLog.enabled`` (or Spark's key) is off."""
    enabled = conf.get("engine.eventLog.enabled", None) or conf.get("spark.eventLog.enabled", "false")
    if str(enabled).lower() != "true":
        return None
    return str(
        conf.get("engine.eventLog.dir", None) or conf.get("spark.eventLog.dir", None) or "/tmp/engine-events"
    )


def log_files(path: str) -> list[Path]:
    """The event logs at `path`: the file itself, or every ``*.jsonl`` in the directory, oldest first."""
    p = Path(path).expanduser()
    if p.is_file():
        return [p]
    if not p.is_dir():
        raise FileNotFoundError(
            f"no event log at {path}: give a .jsonl file or the engine.eventLog.dir directory"
        )
    return sorted(p.glob("*.jsonl"), key=os.path.getmtime)


def read_events(path: Path) -> Iterator[Event]:
    """The events of one log file; a torn last line (the app died mid-write) is skipped."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue
