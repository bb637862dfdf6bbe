"""``df.explain("analyze")``: runs the query, then prints its physical plan with what each stage actually did.

Named after SQL's ``EXPLAIN ANALYZE`` (PostgreSQL, DuckDB): the plan, executed. Operators
fused into one stage run as one task, so actual rows and time are reported per stage, at
the line where the stage's output leaves it (each exchange, and the result).
"""

from __future__ import annotations

from typing import Any

from engine.ui.pages import ms
from engine.ui.progress import human_bytes


def analyze_string(df: Any) -> str:
    """Runs `df` as a job and returns its physical plan annotated with actual rows, tasks and time per stage."""
    session = df._session
    session.execute(df._plan)
    store = session._ui.store
    job = store.job(store.job_list()[0]["job_id"])
    assert job is not None, "the job just run is always retained"
    return analyzed_plan(job)


def analyzed_plan(job: dict[str, Any]) -> str:
    """The text of a finished job's plan with runtime counts, then one summary line per stage."""
    stages = job["stages"]
    lines = [f"== Physical Plan (analyzed: job {job['job_id']}, {ms(_elapsed_ms(job))}, {job['status']}) =="]
    for line in job["plan"]:
        stage = stages.get(line["stage"]) if line["stage"] is not None else None
        if stage is None:
            lines.append(line["text"])
        else:
            m = stage["metrics"]
            lines.append(f"{line['text']}  [actual rows={m['rows_out']:,}, time={ms(m['task_time_ms'])}]")
    lines.append("")
    lines.append("== Stages ==")
    for s in sorted(stages.values(), key=lambda s: s["number"]):
        m = s["metrics"]
        d = m["duration_ms"]
        retry = f", {m['failed']} failed, {m['recomputed']} recomputed" if m["failed"] or m["recomputed"] else ""
        lines.append(
            f"Stage {s['number']} ({s['description'] or 'stage'}): {m['succeeded']}/{s['num_tasks']} tasks{retry}; "
            f"rows in {m['rows_in']:,} ({human_bytes(m['bytes_in'])}), out {m['rows_out']:,} "
            f"({human_bytes(m['bytes_out'])}); task time {ms(m['task_time_ms'])} "
            f"(min {ms(d['min'])}, median {ms(d['median'])}, max {ms(d['max'])}, skew {m['duration_skew']:.2f})"
        )
    return "\n".join(lines) + "\n"


def _elapsed_ms(job: dict[str, Any]) -> float:
    return ((job["end"] or job["start"]) - job["start"]) * 1000
