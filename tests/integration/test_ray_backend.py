"""The Ray backend on a real local Ray: same answers as the thread backend, warm executors,
driver-owned blocks, cache across jobs, user errors and Ctrl-C."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import ray

import engine
from engine import Window
from engine import functions as F
from engine.runtime.ray_backend import RayBackend

pytestmark = pytest.mark.ray


def _tables(spark: engine.SparkSession) -> tuple[engine.DataFrame, engine.DataFrame]:
    n = 5000
    facts = pa.table(
        {
            "id": list(range(n)),
            "k": [i % 37 for i in range(n)],
            "v": [(i * 7919) % 1000 / 10 for i in range(n)],
            "s": [None if i % 11 == 0 else f"s{i % 13}" for i in range(n)],
        }
    )
    dims = pa.table({"k": list(range(0, 40)), "name": [f"n{i}" for i in range(40)]})
    return spark.createDataFrame(facts).repartition(4), spark.createDataFrame(dims)


QUERIES = {
    "aggregate": lambda f, d: f.groupBy("k", "s").agg(
        F.sum("v").alias("total"), F.count("*").alias("n"), F.max("id").alias("top")
    ),
    "shuffle join": lambda f, d: f.join(d.repartition(3, "k"), "k").select("id", "name", "v"),
    "broadcast join": lambda f, d: f.join(F.broadcast(d), "k", "left").select("id", "name"),
    "global sort": lambda f, d: f.orderBy(F.desc("v"), "id").limit(200),
    "window": lambda f, d: f.select(
        "id", F.row_number().over(Window.partitionBy("k").orderBy("v", "id")).alias("rn")
    ),
    "distinct": lambda f, d: f.select("k", "s").distinct(),
    "round robin": lambda f, d: f.repartition(5).groupBy("s").count(),
    "join then aggregate": lambda f, d: f.join(d, "k").groupBy("name").agg(F.avg("v").alias("a")),
}


def _rows(df: engine.DataFrame) -> list[tuple]:
    return sorted((tuple(r) for r in df.collect()), key=repr)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_answers_equal_the_thread_backend(
    ray_spark: engine.SparkSession, local_spark: engine.SparkSession, name: str
) -> None:
    query = QUERIES[name]
    assert _rows(query(*_tables(ray_spark))) == _rows(query(*_tables(local_spark)))


def test_sorted_output_keeps_its_order(
    ray_spark: engine.SparkSession, local_spark: engine.SparkSession
) -> None:
    def q(s: engine.SparkSession) -> list[tuple]:
        return [tuple(r) for r in _tables(s)[0].orderBy("v", "id").select("id").collect()]

    assert q(ray_spark) == q(local_spark)


def _backend(spark: engine.SparkSession) -> RayBackend:
    backend = spark._backend
    assert isinstance(backend, RayBackend)
    return backend


def test_executors_are_one_per_cpu_and_reused_across_jobs(ray_spark: engine.SparkSession) -> None:
    backend = _backend(ray_spark)
    ray_spark.range(0, 100, numPartitions=4).collect()
    before = [a._actor_id for a in backend.executors()]
    for _ in range(3):
        ray_spark.range(0, 100, numPartitions=4).groupBy((F.col("id") % 3).alias("m")).count().collect()
    assert len(before) == int(ray.cluster_resources()["CPU"])
    assert [a._actor_id for a in backend.executors()] == before


def test_executors_allocate_every_arrow_buffer_from_the_drivers_pool(
    ray_spark: engine.SparkSession, tmp_path: Path
) -> None:
    """Arrow's C++ internals (scans, Acero) pick their pool when pyarrow loads; executors must
    start with the driver's choice, or those buffers go to a second allocator that keeps its
    freed pages."""
    facts, dims = _tables(ray_spark)
    facts.write.parquet(str(tmp_path / "facts"))
    scanned = ray_spark.read.parquet(str(tmp_path / "facts"))
    scanned.join(dims, "k").groupBy("name").agg(F.sum("v")).collect()
    backend = _backend(ray_spark)
    chosen = pa.default_memory_pool().backend_name
    others = [name for name in ("jemalloc", "mimalloc") if name != chosen]

    def peaks(executor: object) -> dict[str, int]:
        return {name: getattr(pa, f"{name}_memory_pool")().max_memory() for name in others}

    for peak in ray.get([a.__ray_call__.remote(peaks) for a in backend.executors()]):
        assert peak == dict.fromkeys(others, 0)


def test_in_memory_data_is_not_embedded_in_shipped_plans(ray_spark: engine.SparkSession) -> None:
    big = pa.table({"x": list(range(200_000))})
    df = ray_spark.createDataFrame(big)
    assert df.count() == 200_000
    backend = _backend(ray_spark)
    stage_ref = next(reversed(backend._stage_refs.values()))
    (info,) = ray.experimental.get_object_locations([stage_ref]).values()
    assert info["object_size"] < 20_000  # the plan; the 1.6 MB of data went to the store once


def test_small_plans_of_file_stages_travel_inside_the_task_calls(
    ray_spark: engine.SparkSession, tmp_path: Path
) -> None:
    """A stage over files (an aggregate above a scan) is sent as its pickled bytes in each call,
    not put in the object store: only plans holding in-memory data need a ref."""
    import numpy as np
    import pyarrow.parquet as pq

    values = np.random.default_rng(0).random(400_000)  # ~3 MB: read on the executors
    pq.write_table(pa.table({"k": np.arange(400_000) % 25, "v": values}), tmp_path / "big.parquet")
    backend = _backend(ray_spark)
    backend._stage_refs.clear()  # the plans of this job only
    assert ray_spark.read.parquet(str(tmp_path / "big.parquet")).groupBy("k").count().count() == 25
    plans = list(backend._stage_refs.values())
    assert plans and all(isinstance(p, bytes) for p in plans)


def test_cached_partitions_stay_in_the_object_store_and_are_reused(ray_spark: engine.SparkSession) -> None:
    facts, _ = _tables(ray_spark)
    cached = facts.groupBy("k").agg(F.sum("v").alias("t")).cache()
    first = _rows(cached)
    stages_first = ray_spark.lastJobMetrics().stages
    assert _rows(cached.filter(F.col("k") >= 0)) == first
    again = ray_spark.lastJobMetrics()
    assert again.tasks == cached.rdd.getNumPartitions() and stages_first > 2
    cached.unpersist()
    assert _rows(cached) == first


def test_a_failing_task_fails_the_job_with_the_original_error_after_max_failures(
    ray_spark: engine.SparkSession,
) -> None:
    def explode(x: int) -> int:
        if x == 7:
            raise ValueError("seven is not allowed")
        return x

    df = ray_spark.range(0, 10, numPartitions=2).select(F.udf(explode, "long")("id"))
    with pytest.raises(Exception, match="seven is not allowed") as info:
        df.collect()
    notes = " ".join(getattr(info.value, "__notes__", []))
    assert "task 1 of stage" in notes and "after 4 attempts" in notes
    assert ray_spark.lastJobMetrics() is not None
    assert len(ray_spark.range(0, 10).collect()) == 10  # the session is still usable


def test_ctrl_c_cancels_the_job_and_the_session_stays_usable(ray_spark: engine.SparkSession) -> None:
    backend = _backend(ray_spark)
    submitted: list[int] = []

    def interrupt_on_third(stage: object, task: object) -> None:
        submitted.append(1)
        if len(submitted) == 3:
            raise KeyboardInterrupt

    def slow(x: int) -> int:
        import time

        time.sleep(30)
        return x

    backend.before_submit = interrupt_on_third
    try:
        with pytest.raises(KeyboardInterrupt):
            ray_spark.range(0, 8, numPartitions=8).select(F.udf(slow, "long")("id")).collect()
    finally:
        backend.before_submit = None
    assert backend._pending == {}
    assert _rows(ray_spark.range(0, 5, numPartitions=2)) == [(i,) for i in range(5)]


def test_a_udf_over_a_few_rows_runs_on_the_executors_not_in_the_driver(
    ray_spark: engine.SparkSession,
) -> None:
    """Tiny tasks run in the driver to save a round trip, but not a Python UDF's: its cost is
    unknown (a model, a sleep, an HTTP call), Spark runs it on executors in parallel, and a
    crash in it (a segfault, the OOM killer) must take down an executor, not the application."""
    import os

    pid = F.udf(lambda _: os.getpid(), "long")
    pids = {r[0] for r in ray_spark.range(0, 4, numPartitions=4).select(pid("id")).collect()}
    assert pids and os.getpid() not in pids


def test_a_small_file_is_read_in_the_driver_and_a_large_one_on_the_executors(
    ray_spark: engine.SparkSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dimension table of a few KB reads faster in the driver than an actor call takes."""
    import numpy as np
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table({"k": list(range(25)), "name": [f"n{i}" for i in range(25)]}), tmp_path / "small.parquet"
    )
    values = np.random.default_rng(0).random(400_000)  # ~3 MB of doubles that do not compress
    pq.write_table(pa.table({"k": np.arange(400_000) % 25, "v": values}), tmp_path / "big.parquet")
    backend = _backend(ray_spark)
    here: list[str] = []
    run_here = backend._run_here

    def recording(stage: Any, task: Any, ctx: Any, result: bool) -> Any:
        here.append(repr(stage.root))
        return run_here(stage, task, ctx, result)

    monkeypatch.setattr(backend, "_run_here", recording)
    small, big = (
        ray_spark.read.parquet(str(tmp_path / "small.parquet")),
        ray_spark.read.parquet(str(tmp_path / "big.parquet")),
    )
    assert sorted(tuple(r) for r in small.collect()) == [(i, f"n{i}") for i in range(25)]
    assert any("small.parquet" in r for r in here)
    here.clear()
    assert big.groupBy("k").count().count() == 25
    assert not any("big.parquet" in r for r in here)


def test_blocks_made_in_the_driver_reach_the_object_store_only_when_an_executor_reads_them(
    ray_spark: engine.SparkSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A put costs about a millisecond; a tiny task's output read only by the next tiny task needs none."""
    puts: list[object] = []
    real_put = ray.put
    monkeypatch.setattr(ray, "put", lambda value, **kw: puts.append(value) or real_put(value, **kw))
    small = ray_spark.createDataFrame([(i % 3, i) for i in range(30)], ["k", "v"])
    assert sorted(tuple(r) for r in small.groupBy("k").sum("v").collect()) == [(0, 135), (1, 145), (2, 155)]
    assert puts == []  # every stage was tiny: nothing left the driver
    big = ray_spark.range(0, 300_000, numPartitions=4).select((F.col("id") % 100).alias("k"))  # not tiny
    assert big.join(small, "k").count() == 9000 * 10
    assert puts  # the executors' join read the driver's small side from the object store
