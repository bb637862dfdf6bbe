"""A shuffle larger than Ray's object store completes: blocks spill to disk and come back.

Runs in a child process so its Ray, started with a small object store, is its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.ray

STORE = 80 * 1024 * 1024

SCRIPT = textwrap.dedent(
    """
    import json, re, sys
    import ray
    import ray._private.internal_api
    import engine
    from engine import functions as F

    store, rows = int(sys.argv[1]), int(sys.argv[2])
    spark = (
        engine.SparkSession.builder.master("ray")
        .config("engine.ray.objectStoreMemory", str(store))
        .config("spark.sql.shuffle.partitions", "4")
        .create()
    )
    shuffled = [0]

    def count_shuffle_bytes(stage, task):
        shuffled[0] += sum(b.nbytes for blocks in task.inputs.values() for b in blocks)

    spark._backend.before_submit = count_shuffle_bytes
    data = spark.range(0, rows, numPartitions=8).select("id", (F.col("id") * 7 % 1000).alias("k"))
    out = data.repartition(4, "k").groupBy("k").agg(F.count("*").alias("n"), F.sum("id").alias("s"))
    result = sorted(tuple(r) for r in out.collect())
    summary = ray._private.internal_api.memory_summary(ray.get_runtime_context().gcs_address, stats_only=True)
    spilled = re.search(r"Spilled (\\d+) MiB", summary)
    job = spark._ui.store.job_list()[0]
    print(json.dumps({
        "job_spilled": job["metrics"]["object_store_spilled_bytes"],
        "groups": len(result),
        "n": sum(r[1] for r in result),
        "s": sum(r[2] for r in result),
        "shuffled": shuffled[0],
        "spilled_mib": int(spilled.group(1)) if spilled else 0,
    }))
    spark.stop()
    """
)


def test_a_shuffle_larger_than_the_object_store_spills_and_completes() -> None:
    rows = 8_000_000  # 128 MB of two bigint columns crosses the shuffle
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(STORE), str(rows)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["groups"] == 1000
    assert report["n"] == rows and report["s"] == rows * (rows - 1) // 2
    assert report["shuffled"] > STORE
    assert report["spilled_mib"] > 0
    # the job's own figure: what Ray's object stores spilled while it ran, within all they ever spilled
    assert 0 < report["job_spilled"] < (report["spilled_mib"] + 1) * 1024 * 1024
