"""The web UI's HTML pages, rendered from the store; every user-provided string goes through `escape`."""

from __future__ import annotations

import time
from html import escape
from typing import Any

from engine.ui.dag import render_dag, stage_state
from engine.ui.metrics import operator_metrics
from engine.ui.progress import human_bytes
from engine.ui.store import AppStore


def page(title: str, body: str, app: dict[str, Any]) -> str:
    """The frame every page shares: navigation, stylesheet and the live-update script."""
    name = escape(str(app.get("name", "engine")))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} · {name}</title>"
        '<link rel="stylesheet" href="/static/ui.css"><script src="/static/live.js" defer></script></head>'
        f'<body><nav><span class="brand">engine</span><a href="/">Jobs</a><a href="/executors">Executors</a>'
        f'<span class="app">{name} · {escape(str(app.get("id", "")))}</span></nav>'
        f'<main id="content">{body}</main></body></html>'
    )


def not_found(what: str, app: dict[str, Any]) -> str:
    """The 404 page (pages return None for a job or stage the store does not have)."""
    return page("Not found", f"<h1>Not found</h1><p>{escape(what)}</p>", app)


def ms(value: float | None) -> str:
    """A duration in milliseconds as people read it: ``0.4 ms``, ``12 ms``, ``3.2 s``."""
    if value is None:
        return "–"
    if value < 10:
        return f"{value:.1f} ms"
    return f"{value:.0f} ms" if value < 1000 else f"{value / 1000:.1f} s"


def duration(start: float | None, end: float | None) -> str:
    if start is None:
        return "–"
    return ms(((end or time.time()) - start) * 1000)


def clock(t: float | None) -> str:
    return "–" if t is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(t))


def table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    """An HTML table; cells are already-escaped HTML."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def status(text: str) -> str:
    return f'<span class="status {escape(text)}">{escape(text)}</span>'


def jobs_page(store: AppStore) -> str:
    jobs = store.job_list()
    rows = [
        [
            f'<a href="/jobs/{j["job_id"]}">{j["job_id"]}</a>',
            f'<a href="/jobs/{j["job_id"]}">{escape(j["description"])}</a>',
            status(j["status"]),
            clock(j["start"]),
            duration(j["start"], j["end"]),
            f"{j['stages_done']}/{j['num_stages']}"
            + (f" ({j['stages_failed']} failed)" if j["stages_failed"] else ""),
            f"{j['tasks_done']}/{j['tasks_total']}",
        ]
        for j in jobs
    ]
    running = sum(1 for j in jobs if j["status"] == "running")
    body = f"<h1>Jobs</h1><p>{len(jobs)} jobs, {running} running.</p>" + table(
        ["Job", "Description", "Status", "Submitted", "Duration", "Stages", "Tasks"], rows, "jobs"
    )
    return page("Jobs", body, store.app)


def job_page(store: AppStore, job_id: int) -> str | None:
    job = store.job(job_id)
    if job is None:
        return None
    m = job["metrics"]
    facts = [
        ("Status", status(job["status"])),
        ("Submitted", clock(job["start"])),
        ("Duration", duration(job["start"], job["end"])),
        ("Tasks", f"{job['tasks_done']}/{job['tasks_total']}"),
    ]
    if m:
        facts.append(("Retried tasks", str(m.get("tasks_retried", 0))))
        facts.append(("Partitions recomputed", str(m.get("partitions_recomputed", 0))))
    if m.get("object_store_spilled_bytes") is not None:
        facts.append(
            (
                "Object store (cluster)",
                f"{human_bytes(m['object_store_spilled_bytes'])} spilled, "
                f"{human_bytes(m['object_store_restored_bytes'])} restored while the job ran",
            )
        )
    if job["error"]:
        facts.append(("Error", f'<pre class="error">{escape(job["error"])}</pre>'))
    stages = sorted(job["stages"].values(), key=lambda s: s["number"])
    rows = [
        [
            f'<a href="/jobs/{job_id}/stages/{s["stage_id"]}">{s["number"]}</a>',
            escape(" → ".join(op["name"] for op in s["operators"])),
            status(stage_state(s)),
            f"{s['metrics']['succeeded']}/{s['num_tasks']}"
            + (f" ({s['running']} running)" if s["running"] else ""),
            f"{s['metrics']['rows_out']:,}",
            human_bytes(s["metrics"]["bytes_out"]),
            ms(s["metrics"]["task_time_ms"]),
            escape(s["exchange"] or "result"),
        ]
        for s in stages
    ]
    body = (
        f"<h1>Job {job_id}: {escape(job['description'])}</h1>{_facts(facts)}"
        f'<p><a href="/jobs/{job_id}/plan">Physical plan with row counts</a></p>'
        f'<h2>Stage DAG</h2><div class="dag-box">{render_dag(job, f"/jobs/{job_id}/stages/{{}}")}</div>'
        "<h2>Stages</h2>"
        + table(
            ["Stage", "Operators", "Status", "Tasks", "Rows out", "Bytes out", "Task time", "Output"],
            rows,
            "stages",
        )
    )
    return page(f"Job {job_id}", body, store.app)


def stage_page(store: AppStore, job_id: int, stage_id: int) -> str | None:
    s = store.stage(job_id, stage_id)
    if s is None:
        return None
    m = s["metrics"]
    d, r, b = m["duration_ms"], m["rows_per_task"], m["bytes_per_task"]
    q = m.get("scheduler_delay_ms") or {"min": 0, "median": 0, "max": 0}
    summary = table(
        ["Metric", "Min", "Median", "Max", "Skew (max/median)"],
        [
            ["Duration", ms(d["min"]), ms(d["median"]), ms(d["max"]), f"{m['duration_skew']:.2f}"],
            ["Scheduler delay", ms(q["min"]), ms(q["median"]), ms(q["max"]), ""],
            [
                "Rows out",
                f"{r['min']:,.0f}",
                f"{r['median']:,.0f}",
                f"{r['max']:,.0f}",
                f"{m['rows_skew']:.2f}",
            ],
            ["Bytes out", human_bytes(b["min"]), human_bytes(b["median"]), human_bytes(b["max"]), ""],
        ],
        "summary",
    )
    facts = [
        ("Status", status(stage_state(s))),
        (
            "Tasks",
            f"{m['succeeded']}/{s['num_tasks']} succeeded, {m['failed']} failed, {m['recomputed']} recomputed",
        ),
        ("Attempt", str(s["attempt"] + 1)),
        ("Input", f"{m['rows_in']:,} rows, {human_bytes(m['bytes_in'])} (from exchanges)"),
        (
            "Output",
            f"{m['rows_out']:,} rows, {human_bytes(m['bytes_out'])} → {escape(s['exchange'] or 'result')}",
        ),
        ("Total task time", ms(m["task_time_ms"])),
    ]
    ops = "".join(
        f"<li><b>{escape(op['name'])}</b> <code>{escape(op['detail'])}</code>{_op_metrics(s, op)}</li>"
        for op in s["operators"]
    )
    tasks = [
        [
            str(t["partition"]),
            str(t["attempt"]),
            status(t["status"]) + (" (recomputed)" if t.get("recomputed") else ""),
            ms(t.get("duration_ms")),
            ms(t.get("scheduler_delay_ms")),
            f"{t.get('rows_in', 0):,}",
            human_bytes(t.get("bytes_in", 0)),
            f"{t.get('rows_out', 0):,}",
            human_bytes(t.get("bytes_out", 0)),
            escape(str(t.get("executor", ""))),
            escape((t.get("failure") or {}).get("message", "")),
        ]
        for t in s["tasks"]
    ]
    body = (
        f'<h1>Stage {s["number"]} of <a href="/jobs/{job_id}">job {job_id}</a></h1>{_facts(facts)}'
        f"<h2>Summary metrics of {m['succeeded']} completed tasks</h2>{summary}"
        f'<h2>Operators</h2><ol class="ops">{ops}</ol><h2>Tasks</h2>'
        + table(
            ["Partition", "Attempt", "Status", "Duration", "Scheduler delay", "Rows in", "Bytes in", "Rows out",
             "Bytes out", "Executor", "Failure"],
            tasks,
            "tasks",
        )
    )  # fmt: skip
    return page(f"Stage {s['number']}", body, store.app)


def plan_page(store: AppStore, job_id: int) -> str | None:
    job = store.job(job_id)
    if job is None:
        return None
    body = (
        f'<h1>Physical plan of <a href="/jobs/{job_id}">job {job_id}</a></h1>'
        "<p>Each operator shows the rows it produced and its time summed over its stage's tasks (with the "
        "operators below it in the stage, and <i>self</i> without them); each exchange shows the rows its "
        "stage sent and the stage's total task time.</p>"
        f'<pre class="plan">{plan_html(job)}</pre>'
    )
    return page(f"Plan of job {job_id}", body, store.app)


def plan_html(job: dict[str, Any]) -> str:
    out = []
    for line in job["plan"]:
        text = escape(line["text"])
        placed = line.get("operator")
        op = None if placed is None else operator_metrics(job["stages"][placed[0]], placed[1])
        if op is not None:
            text += f' <span class="op-rows">[{op["rows"]:,} rows, {ms(op["time_ms"])}, self {ms(op["self_ms"])}]</span>'
        stage = job["stages"].get(line["stage"]) if line["stage"] is not None else None
        if stage is not None:
            m = stage["metrics"]
            link = f"/jobs/{job['job_id']}/stages/{stage['stage_id']}"
            text += (
                f' <a class="rows" href="{link}">[stage {stage["number"]}: {m["rows_out"]:,} rows, '
                f"{ms(m['task_time_ms'])}]</a>"
            )
        out.append(text)
    return "\n".join(out)


def executors_page(store: AppStore) -> str:
    rows = [
        [
            escape(x["executor"]),
            str(x["tasks"]),
            str(x["failed"]),
            ms(x["duration_ms"]),
            f"{x['rows_out']:,}",
            human_bytes(x["bytes_out"]),
        ]
        for x in store.executor_list()
    ]
    body = (
        "<h1>Executors</h1><p>Tasks by where they ran: a Ray node id, or <code>driver</code> for local threads.</p>"
        + table(["Executor", "Tasks", "Failed", "Task time", "Rows out", "Bytes out"], rows, "executors")
    )
    return page("Executors", body, store.app)


def _op_metrics(stage: dict[str, Any], op: dict[str, Any]) -> str:
    """`op`'s rows and time in the stage so far, as a suffix of its list item (nothing before a task ends)."""
    m = operator_metrics(stage, op["index"]) if "index" in op else None
    if m is None:
        return ""
    return f' <span class="op-rows">{m["rows"]:,} rows, {ms(m["time_ms"])} (self {ms(m["self_ms"])})</span>'


def _facts(items: list[tuple[str, str]]) -> str:
    return '<dl class="facts">' + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"
