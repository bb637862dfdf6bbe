"""The Ray a session starts for master ``ray``: only the processes engine uses, all gone when
the session stops."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.ray

_SESSION = textwrap.dedent(
    """
    import json, os, engine

    def descendants(pid):
        children = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = open(f"/proc/{entry}/stat").read()
                except OSError:
                    continue
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
        found, todo = [], [pid]
        while todo:
            kids = children.get(todo.pop(), [])
            found += kids
            todo += kids
        return found

    def running(pid):
        try:
            return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    spark = engine.SparkSession.builder.master("ray").config("spark.ui.enabled", False).getOrCreate()
    assert spark.range(10).count() == 10
    started = descendants(os.getpid())
    lines = [open(f"/proc/{p}/cmdline", "rb").read().replace(b"\\0", b" ").decode() for p in started if running(p)]
    spark.stop()
    print(json.dumps({"lines": lines, "left": [p for p in started if running(p)]}))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_a_started_ray_runs_no_dashboard_or_monitors_and_ends_with_the_session() -> None:
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    done = subprocess.run(
        [sys.executable, "-c", _SESSION], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    started = "\n".join(seen["lines"])
    assert "raylet" in started and "gcs_server" in started
    for unused in ("dashboard/dashboard.py", "autoscaler/_private/monitor.py", "log_monitor.py"):
        assert unused not in started
    assert seen["left"] == []


_LEFT_RUNNING = textwrap.dedent(
    """
    import tempfile
    import engine
    from engine import functions as F
    spark = engine.SparkSession.builder.master("ray").config("spark.ui.enabled", False).getOrCreate()
    path = tempfile.mkdtemp() + "/ids"
    spark.range(1000).write.parquet(path)
    frame = spark.read.parquet(path).groupBy((F.col("id") % 7).alias("k")).count()
    print(sorted(row["count"] for row in frame.collect()))
    """
)


def test_a_program_that_never_stops_its_session_exits_cleanly() -> None:
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    done = subprocess.run(
        [sys.executable, "-c", _LEFT_RUNNING], env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[142, 143, 143, 143, 143, 143, 143]"
    assert "lost objects" not in done.stderr and "GOAWAY" not in done.stderr
