"""``df.explain("analyze")``: runs the query, then prints its physical plan with what each operator actually did.

Named after SQL's ``EXPLAIN ANALYZE`` (PostgreSQL, DuckDB): the plan, executed. Each
operator line shows the rows it produced and its time summed over the stage's tasks
(inclusive of the operators below it in the stage, and ``self`` without them), as its
executors measured them; operators fused into one stage each get their own numbers. Each
exchange line shows the rows and bytes its stage sent, and the stage's total task time.
"""

from __future__ import annotations

from typing import Any

from engine.ui.metrics import operator_metrics
from engine.ui.pages import ms
from engine.ui.progress import human_bytes


def analyze_string(df: Any) -> str:
    """Runs `df` as a job and returns its physical plan annotated with actual rows and time per operator."""
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
        actual = line_metrics(job, line)
        lines.append(line["text"] if actual is None else f"{line['text']}  [{actual}]")
    lines.append("")
    lines.append("== Stages ==")
    for s in sorted(stages.values(), key=lambda s: s["number"]):
        m = s["metrics"]
        d = m["duration_ms"]
        retry = (
            f", {m['failed']} failed, {m['recomputed']} recomputed" if m["failed"] or m["recomputed"] else ""
        )
        delay = m.get("scheduler_delay_ms")
        lines.append(
            f"Stage {s['number']} ({s['description'] or 'stage'}): {m['succeeded']}/{s['num_tasks']} tasks{retry}; "
            f"rows in {m['rows_in']:,} ({human_bytes(m['bytes_in'])}), out {m['rows_out']:,} "
            f"({human_bytes(m['bytes_out'])}); task time {ms(m['task_time_ms'])} "
            f"(min {ms(d['min'])}, median {ms(d['median'])}, max {ms(d['max'])}, skew {m['duration_skew']:.2f})"
            + (f"; scheduler delay median {ms(delay['median'])}" if delay else "")
        )
    spilled = job["metrics"].get("object_store_spilled_bytes")
    if spilled is not None:
        restored = job["metrics"]["object_store_restored_bytes"]
        lines.append(
            f"Object store (whole cluster, while the job ran): spilled {human_bytes(spilled)}, "
            f"restored {human_bytes(restored)}"
        )
    return "\n".join(lines) + "\n"


def line_metrics(job: dict[str, Any], line: dict[str, Any]) -> str | None:
    """What one plan line's operator (or exchange) did, or None when nothing was measured for it."""
    if line.get("operator") is not None:
        sid, index = line["operator"]
        op = operator_metrics(job["stages"][sid], index)
        if op is not None:
            return f"actual rows={op['rows']:,}, time={ms(op['time_ms'])}, self={ms(op['self_ms'])}"
    stage = job["stages"].get(line["stage"]) if line["stage"] is not None else None
    if stage is None:
        return None
    m = stage["metrics"]
    return f"actual rows={m['rows_out']:,} ({human_bytes(m['bytes_out'])}), stage task time={ms(m['task_time_ms'])}"


def _elapsed_ms(job: dict[str, Any]) -> float:
    return ((job["end"] or job["start"]) - job["start"]) * 1000
