"""History mode: the web UI of a finished application, rebuilt from its event log."""

from __future__ import annotations

from pathlib import Path

from engine.ui.events import log_files, read_events
from engine.ui.store import AppStore


def load_store(path: str, app_id: str | None = None) -> tuple[AppStore, Path]:
    """The store of one logged application: `app_id`'s log, or the newest one under `path`."""
    files = log_files(path)
    if app_id is not None:
        files = [f for f in files if f.stem == app_id]
    if not files:
        what = f"application {app_id}" if app_id else "event log (*.jsonl)"
        raise FileNotFoundError(f"no {what} under {path}")
    store = AppStore(retained_jobs=1 << 30)
    for event in read_events(files[-1]):
        store.apply(event)
    return store, files[-1]
