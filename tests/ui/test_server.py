"""The web server and history mode, over HTTP: pages, JSON, escaping, read-only, replay from the log."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import engine
from engine import functions as F
from engine.errors import PythonException
from engine.ui.__main__ import main
from engine.ui.history import load_store
from engine.ui.server import start_server
from engine.ui.store import AppStore


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers["Content-Type"], r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.read().decode()


def test_pages_json_and_404s(ui_spark: engine.SparkSession) -> None:
    url = ui_spark.sparkContext.uiWebUrl
    assert url is not None and url.startswith("http://localhost:")
    ui_spark.range(0, 50, numPartitions=2).groupBy((F.col("id") % 5).alias("k")).count().collect()
    job = json.loads(get(url + "/api/jobs/1")[2])
    first = min(job["stages"], key=int)
    for path in ("/", "/jobs/1", f"/jobs/1/stages/{first}", "/jobs/1/plan", "/executors", "/static/ui.css"):
        code, ctype, body = get(url + path)
        assert code == 200 and body, path
    assert get(url + "/static/live.js")[1].startswith("text/javascript")
    for path in ("/jobs/99", "/jobs/1/stages/999", "/nope", "/static/../server.py", "/api/jobs/42"):
        assert get(url + path)[0] == 404, path
    state = json.loads(get(url + "/api/state")[2])
    assert state["running_jobs"] == [] and state["app"]["name"] == "ui-tests"


def test_the_ui_is_read_only(ui_spark: engine.SparkSession) -> None:
    request = urllib.request.Request(str(ui_spark.sparkContext.uiWebUrl) + "/", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(request, timeout=10)
    assert e.value.code == 501


def test_markup_in_names_and_errors_is_shown_as_text(ui_spark: engine.SparkSession) -> None:
    df = ui_spark.createDataFrame([(1,)], ["<script>alert('x')</script>"])
    bad = F.udf(lambda v: 1 // 0, "int")
    with pytest.raises(PythonException, match="ZeroDivisionError"):
        df.select(bad("<script>alert('x')</script>").alias("<img src=x onerror=alert(1)>")).collect()
    url = str(ui_spark.sparkContext.uiWebUrl)
    pages = [get(url + p)[2] for p in ("/", "/jobs/1", "/jobs/1/plan")]
    stage = min(json.loads(get(url + "/api/jobs/1")[2])["stages"], key=int)
    pages.append(get(f"{url}/jobs/1/stages/{stage}")[2])
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in pages[2]
    assert "ZeroDivisionError" in pages[3] and "failed" in pages[1]


def test_ui_off_and_port_taken(tmp_path: Path) -> None:
    off = engine.SparkSession.builder.master("local[1]").config("spark.ui.enabled", False).create()
    try:
        assert off.sparkContext.uiWebUrl is None
    finally:
        off.stop()
    first = start_server(AppStore(), "127.0.0.1", 0)
    assert first is not None
    try:
        second = start_server(AppStore(), "127.0.0.1", first.port)
        assert second is not None and second.port > first.port
        second.stop()
    finally:
        first.stop()


def test_history_mode_serves_a_finished_application_from_its_log(tmp_path: Path) -> None:
    spark = (
        engine.SparkSession.builder.master("local[2]").appName("history-app").config("spark.ui.enabled", False)
        .config("engine.eventLog.enabled", True).config("engine.eventLog.dir", str(tmp_path)).create()
    )  # fmt: skip
    spark.range(0, 100, numPartitions=2).groupBy((F.col("id") % 3).alias("k")).count().collect()
    spark.range(10).count()
    app_id = spark._ui.app_id
    spark.stop()

    store, path = load_store(str(tmp_path))
    assert path.stem == app_id and store.app["name"] == "history-app" and store.app["end"] is not None
    assert [j["status"] for j in store.job_list()] == ["succeeded", "succeeded"]
    server = start_server(store, "127.0.0.1", 0)
    assert server is not None
    try:
        body = get(server.url + "/jobs/1")[2]
        assert '<svg class="dag"' in body and "HashAggregate" in body
    finally:
        server.stop()
    assert main(["--event-log", str(tmp_path / "missing")]) == 2
    with pytest.raises(FileNotFoundError, match="application nope"):
        load_store(str(tmp_path), "nope")


def test_plan_stage_and_job_pages_show_each_operators_rows(ui_spark: engine.SparkSession) -> None:
    ui_spark.range(0, 1000, numPartitions=2).filter(F.col("id") < 300).groupBy(
        (F.col("id") % 5).alias("k")
    ).count().collect()
    url = str(ui_spark.sparkContext.uiWebUrl)
    plan = get(url + "/jobs/1/plan")[2]
    assert re.search(r"Range \(0, 1000.*<span class=\"op-rows\">\[1,000 rows, ", plan)
    assert re.search(r"Filter .*<span class=\"op-rows\">\[300 rows, ", plan)
    assert re.search(r"Exchange hashpartitioning.*\[stage \d+: 5 rows, ", plan)  # 5 keys, all in map task 0
    job = json.loads(get(url + "/api/jobs/1")[2])
    first = min(job["stages"], key=int)
    stage = get(f"{url}/jobs/1/stages/{first}")[2]
    assert re.search(r"<b>Filter</b> <code>[^<]*</code> <span class=\"op-rows\">300 rows, ", stage)
    assert ">Scheduler delay<" in stage
    assert '<text class="op-rows"' in get(url + "/jobs/1")[2] and ">1,000</text>" in get(url + "/jobs/1")[2]


def test_a_version_1_log_still_renders_every_page(ui_spark: engine.SparkSession, tmp_path: Path) -> None:
    """Logs written before per-operator metrics load in history mode, with per-stage counts."""
    from engine.ui import pages
    from engine.ui.events import read_events

    ui_spark.range(0, 100, numPartitions=2).groupBy((F.col("id") % 5).alias("k")).count().collect()
    dropped = {"scheduler_delay_ms", "spill_bytes", "operators", "object_store_spilled_bytes",
               "object_store_restored_bytes"}  # fmt: skip
    old = tmp_path / "old" / "app-old.jsonl"
    old.parent.mkdir()
    with old.open("w") as f:
        for e in read_events(ui_spark._ui.log.path):
            e = {k: v for k, v in e.items() if k not in dropped}
            for key in ("metrics",):
                if isinstance(e.get(key), dict):
                    e[key] = {k: v for k, v in e[key].items() if k not in dropped}
            if e["event"] == "job_start":
                e["plan"] = [{"text": line["text"], "stage": line["stage"]} for line in e["plan"]]
                for s in e["stages"]:
                    s["operators"] = [{"name": o["name"], "detail": o["detail"]} for o in s["operators"]]
            f.write(json.dumps(e) + "\n")
    store, _ = load_store(str(old.parent))
    stage_id = min(store.job(1)["stages"])
    html = [
        pages.jobs_page(store),
        pages.job_page(store, 1),
        pages.stage_page(store, 1, stage_id),
        pages.plan_page(store, 1),
    ]
    assert all(html)
    assert "op-rows" not in "".join(html[1:])  # nothing per operator to show
    assert re.search(r"\[stage \d+: 10 rows, ", html[3])
