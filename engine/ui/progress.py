"""Progress bars for a running job: one per active stage, in a terminal or Jupyter, drawn by rich."""

from __future__ import annotations

import threading
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from engine.physical import nodes as P
from engine.ui.events import Event

SHOW_AFTER_S = 1.0  # quick jobs draw nothing, as Spark's console progress bar waits too


def can_draw(console: Console) -> bool:
    """Whether bars would show: an interactive terminal, or Jupyter with ipywidgets (rich draws through it)."""
    if console.is_jupyter:
        try:
            import ipywidgets  # noqa: F401
        except ImportError:
            return False
        return True
    return console.is_terminal and not console.is_dumb_terminal


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"


class JobProgress:
    """Follows one job's events; after `delay` seconds draws a bar per running stage, gone when the job ends."""

    def __init__(
        self, stages: list[P.Stage], console: Console | None = None, delay: float = SHOW_AFTER_S
    ) -> None:
        self.console = console or Console(stderr=True)
        self.number = {s.id: i + 1 for i, s in enumerate(stages)}
        self.totals = {s.id: s.num_partitions for s in stages}
        self.active: dict[int, dict[str, Any]] = {}  # stage -> done, rows, bytes while it runs
        self.bars: dict[int, TaskID] = {}
        self.progress: Progress | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        if can_draw(self.console):
            self._timer = threading.Timer(delay, self._show)
            self._timer.daemon = True
            self._timer.start()

    def on_event(self, e: Event) -> None:
        with self._lock:
            sid = e.get("stage_id")
            if e["event"] == "stage_submitted":
                self.active[sid] = {"done": 0, "rows": 0, "bytes": 0}
            elif e["event"] == "task_end" and sid in self.active and e["status"] == "success":
                state = self.active[sid]
                state["done"] += 1
                state["rows"] += e["rows_out"]
                state["bytes"] += e["bytes_out"]
            elif e["event"] == "stage_completed":
                self.active.pop(sid, None)
            if self.progress is not None:
                self._redraw()

    def _show(self) -> None:
        with self._lock:
            if self._timer is None:
                return
            self.progress = Progress(
                TextColumn("[bold]Stage {task.fields[stage]}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("tasks · {task.fields[rows]} rows · {task.fields[size]}"),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.progress.start()
            self._redraw()

    def _redraw(self) -> None:
        """Bars match `active`: new stages get one, finished ones lose theirs."""
        assert self.progress is not None
        for sid in [s for s in self.bars if s not in self.active]:
            self.progress.remove_task(self.bars.pop(sid))
        for sid, state in self.active.items():
            fields = {
                "stage": self.number.get(sid, sid),
                "rows": f"{state['rows']:,}",
                "size": human_bytes(state["bytes"]),
            }
            if sid not in self.bars:
                self.bars[sid] = self.progress.add_task("", total=self.totals.get(sid, 0), **fields)
            self.progress.update(self.bars[sid], completed=state["done"], **fields)

    def close(self) -> None:
        """Stops drawing and clears the bars (the job ended, well or not)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self.progress is not None:
                self.progress.stop()
                self.progress = None
