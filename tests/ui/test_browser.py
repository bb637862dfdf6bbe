"""End to end: a job runs with the UI on; real headless Chromium renders every page."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.request
from pathlib import Path

import pytest

import engine
from engine import functions as F

ARTIFACTS = Path(__file__).resolve().parents[1] / ".artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]  # fmt: skip


def find_or_install_chromium() -> str:
    """Debian's chromium: installed here when missing (root), else the test is skipped saying why."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        pytest.skip("chromium is not installed and cannot be installed here (needs root and apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            pytest.skip(f"chromium could not be installed ({' '.join(cmd)}): {done.stderr.strip()[-300:]}")
    found = shutil.which("chromium")
    if not found:
        pytest.skip("apt-get installed chromium but no chromium binary is on PATH")
    return found


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_or_install_chromium()


def browse(chromium: str, url: str, *extra: str) -> str:
    """The DOM of `url` after Chromium loaded it and ran its scripts."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000", *extra, url],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def dom(chromium: str, url: str) -> str:
    return browse(chromium, url, "--dump-dom")


@pytest.fixture
def finished_job(ui_spark: engine.SparkSession) -> tuple[str, int]:
    """A two-stage job (aggregate, then sort) over a column whose name is markup."""
    df = ui_spark.createDataFrame([(i % 3, i) for i in range(60)], ["<script>alert(1)</script>", "v"])
    out = df.groupBy("<script>alert(1)</script>").agg(F.sum("v").alias("total")).orderBy("total")
    assert len(out.collect()) == 3
    job = ui_spark._ui.store.job_list()[0]
    assert job["status"] == "succeeded"
    return str(ui_spark.sparkContext.uiWebUrl), job["job_id"]


def test_every_page_renders_the_dag_and_task_metrics(chromium: str, finished_job: tuple[str, int]) -> None:
    url, job_id = finished_job
    jobs = dom(chromium, url + "/")
    assert f'href="/jobs/{job_id}"' in jobs and "succeeded" in jobs

    job = dom(chromium, f"{url}/jobs/{job_id}")
    assert '<svg class="dag"' in job
    boxes = re.findall(r'<g class="stage (\w+)" data-stage="(\d+)"', job)
    assert len(boxes) >= 2 and all(state == "complete" for state, _ in boxes)
    assert re.search(r'<g class="edge" data-from="\d+" data-to="\d+"', job)
    assert "HashAggregate" in job and "hash (" in job

    stage_id = int(boxes[0][1])
    stage = dom(chromium, f"{url}/jobs/{job_id}/stages/{stage_id}")
    assert "Summary metrics of" in stage
    for metric in ("Duration", "Rows out", "Bytes out", "Skew (max/median)", "Median", "Max"):
        assert f">{metric}<" in stage, metric
    assert len(re.findall(r"<tr><td>\d+</td><td>0</td>", stage)) >= 1  # one row per task

    plan = dom(chromium, f"{url}/jobs/{job_id}/plan")
    assert re.search(r"\[stage \d+: [\d,]+ rows, ", plan)

    executors = dom(chromium, url + "/executors")
    assert "<td>driver</td>" in executors

    for page in (job, stage, plan):  # the column name is shown as text, never run as a script
        assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plan

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "ui_job_page.png"
    shot.unlink(missing_ok=True)
    browse(chromium, f"{url}/jobs/{job_id}", f"--screenshot={shot}", "--window-size=1400,900")
    assert shot.stat().st_size > 10_000


def test_a_running_job_shows_live_state(chromium: str, ui_spark: engine.SparkSession) -> None:
    """While a task is stuck, the pages and the polled JSON show the job and its stage running."""
    release = threading.Event()
    wait = F.udf(lambda v: v if release.wait(60) else -1, "long")
    worker = threading.Thread(
        target=lambda: ui_spark.range(0, 4, numPartitions=2).select(wait("id")).collect()
    )
    worker.start()
    try:
        url, store = str(ui_spark.sparkContext.uiWebUrl), ui_spark._ui.store
        for _ in range(600):
            if store.state()["running_jobs"]:
                break
            release.wait(0.05)
        state = json.loads(urllib.request.urlopen(url + "/api/state", timeout=10).read())
        assert state["running_jobs"] == [1]
        assert '<span class="status running">running</span>' in dom(chromium, url + "/")
        job = dom(chromium, url + "/jobs/1")
        assert re.search(r'<g class="stage running" data-stage="\d+"', job)
        assert 'src="/static/live.js"' in job
    finally:
        release.set()
        worker.join(60)
    assert store.job_list()[0]["status"] == "succeeded"
