"""Progress bars: drawn per running stage once a job outlasts the delay, cleared when it ends."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console

import engine
from engine.api.execution import physical_stages
from engine.ui import progress
from engine.ui.events import make_event
from engine.ui.progress import JobProgress, can_draw, human_bytes


def terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, force_jupyter=False, width=120), out


def test_nothing_is_drawn_outside_a_terminal() -> None:
    assert not can_draw(Console(file=io.StringIO(), force_terminal=False, force_jupyter=False))
    p = JobProgress([], Console(file=io.StringIO(), force_terminal=False, force_jupyter=False), delay=0)
    assert p._timer is None and p.progress is None
    p.close()


def test_bars_follow_running_stages_and_are_cleared_at_job_end(local_spark: engine.SparkSession) -> None:
    _, stages = physical_stages(
        local_spark, local_spark.range(0, 10, numPartitions=2).groupBy("id").count()._plan
    )
    console, out = terminal()
    p = JobProgress(stages, console, delay=0)
    assert p._timer is not None
    p._timer.join(10)
    first = stages[0].id
    p.on_event(make_event("stage_submitted", job_id=1, stage_id=first, attempt=0, num_tasks=2))
    p.on_event(
        make_event(
            "task_end", job_id=1, stage_id=first, partition=0, attempt=0, status="success", failure=None,
            duration_ms=1.0, scheduler_delay_ms=0.2, rows_in=0, bytes_in=0, rows_out=1234, bytes_out=4096,
            spill_bytes=0, executor="driver", recomputed=False, operators=[],
        )
    )  # fmt: skip
    assert p.progress is not None
    p.progress.refresh()
    drawn = out.getvalue()
    assert "Stage 1" in drawn and "1/2" in drawn and "1,234 rows" in drawn and "4.0 KiB" in drawn
    p.on_event(
        make_event("stage_completed", job_id=1, stage_id=first, attempt=0, status="complete", metrics={})
    )
    assert p.bars == {}
    p.close()
    assert p.progress is None
    after_last_draw = out.getvalue().rsplit("0:00:00", 1)[1]
    assert "\x1b[2K" in after_last_draw and "\x1b[?25h" in after_last_draw  # erased, cursor given back


def test_quick_jobs_draw_nothing() -> None:
    console, out = terminal()
    p = JobProgress([], console, delay=30)
    p.close()
    assert out.getvalue() == "" and p.progress is None


def test_the_setting_turns_bars_off(
    local_spark: engine.SparkSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[JobProgress] = []

    class Recording(JobProgress):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(progress, "JobProgress", Recording)
    assert local_spark.range(3).count() == 3
    assert len(made) == 1
    local_spark.conf.set("engine.ui.progress", False)
    try:
        assert local_spark.range(3).count() == 3
    finally:
        local_spark.conf.set("engine.ui.progress", True)
    assert len(made) == 1


def test_human_bytes() -> None:
    assert [human_bytes(n) for n in (0, 1023, 1024, 5 << 20)] == ["0 B", "1023 B", "1.0 KiB", "5.0 MiB"]
