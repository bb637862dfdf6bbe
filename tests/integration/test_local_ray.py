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
    import json, psutil, engine
    spark = engine.SparkSession.builder.master("ray").config("spark.ui.enabled", False).getOrCreate()
    assert spark.range(10).count() == 10
    ray_processes = [p for p in psutil.Process().children(recursive=True)]
    lines = [" ".join(p.cmdline()) for p in ray_processes]
    spark.stop()
    print(json.dumps({"lines": lines, "left": [p.pid for p in ray_processes if p.is_running() and p.status() != "zombie"]}))
    """
)


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
