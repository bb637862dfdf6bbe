"""Faults under query shapes the other fault modules do not reach, on a 2-worker Ray cluster:
a SQL query with a scalar subquery losing a node in its reduce stage, an executor killed
while it builds a broadcast join's side or writes partitioned files, and a node lost while a
DataFrame is first cached.

Every test checks the exact answer of the fault-free run and what the job says it recomputed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from cluster_nodes import fault_cluster, fault_session, keyed, killed_once, remove_node, reset_backend, rows
from ray.cluster_utils import Cluster

import engine
from engine import functions as F
from engine.physical import nodes as P
from engine.runtime.ray_backend import RayBackend
from engine.runtime.scheduler import TaskSpec

pytestmark = pytest.mark.ray

WORKERS = 2
NODE_JOIN_TIMEOUT = 120  # seconds for a new node to register on a loaded machine


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    yield from fault_cluster(WORKERS, NODE_JOIN_TIMEOUT)


@pytest.fixture(scope="module")
def spark(cluster: Cluster) -> Iterator[engine.SparkSession]:
    yield from fault_session("fault-queries")


@pytest.fixture()
def backend(spark: engine.SparkSession, cluster: Cluster) -> Iterator[RayBackend]:
    yield from reset_backend(spark, cluster, WORKERS, NODE_JOIN_TIMEOUT)


def remove_input_holder(
    cluster: Cluster, lost: set[tuple[int, int]], nth_stage: int = 1
) -> Callable[[P.Stage, TaskSpec], None]:
    """A driver hook: at the first task of the `nth_stage`-th stage seen reading shuffle outputs
    from a worker node (over Ray's 100 KiB inline limit, so they live there), removes the node
    holding most of its input bytes and records which map outputs died with it."""
    head = cluster.head_node.node_id
    seen: list[int] = []
    fired: list[str] = []

    def hook(stage: P.Stage, task: TaskSpec) -> None:
        if fired or not stage.parents:
            return
        blocks = [(b, o) for rk in task.inputs for b, o in zip(task.inputs[rk], task.origins[rk])]
        held: dict[str, int] = {}
        for b, _ in blocks:
            if b.node != head and b.nbytes > 100 * 1024:
                held[b.node] = held.get(b.node, 0) + b.nbytes
        if not held:
            return
        if stage.id not in seen:
            seen.append(stage.id)
        if len(seen) < nth_stage:
            return
        victim = max(held, key=lambda n: held[n])
        lost.update(o for b, o in blocks if b.node == victim and b.nbytes > 100 * 1024)
        fired.append(victim)
        remove_node(cluster, victim)

    return hook


@pytest.mark.parametrize("nth_stage", [1, 2], ids=["in-the-subquery-job", "in-the-main-job"])
def test_node_removed_under_a_sql_query_with_a_scalar_subquery_recomputes_what_it_held(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend, nth_stage: int
) -> None:
    """The subquery runs first as a job of its own, then the main query: a node lost under either
    job's reduce stage costs exactly the map outputs it held, and the query's metrics say so."""
    keyed(spark).createOrReplaceTempView("fault_keyed")
    per_key = "SELECT k, sum(v) AS s FROM fault_keyed GROUP BY k"
    query = f"SELECT k % 5 AS g, count(*) AS n, sum(s) AS t FROM ({per_key}) WHERE s > (SELECT avg(s) FROM ({per_key})) GROUP BY k % 5"
    want = rows(spark.sql(query))
    lost: set[tuple[int, int]] = set()
    backend.before_submit = remove_input_holder(cluster, lost, nth_stage)
    assert rows(spark.sql(query)) == want
    m = spark.lastJobMetrics()
    assert lost and set(m.recomputed) == lost and m.fetch_failures >= 1
    backend.before_submit = None
    assert rows(spark.sql(query)) == want


def test_node_removed_under_the_scalar_subquery_of_a_write_is_counted_in_its_metrics(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend, tmp_path: Path
) -> None:
    keyed(spark).createOrReplaceTempView("fault_keyed")
    per_key = "SELECT k, sum(v) AS s FROM fault_keyed GROUP BY k"
    query = f"SELECT k % 5 AS g, count(*) AS n FROM fault_keyed WHERE v > (SELECT avg(s) / 2 FROM ({per_key})) GROUP BY k % 5"
    want = rows(spark.sql(query))
    lost: set[tuple[int, int]] = set()
    backend.before_submit = remove_input_holder(cluster, lost)
    spark.sql(query).write.parquet(str(tmp_path / "out"))
    m = spark.lastJobMetrics()
    assert lost and set(m.recomputed) == lost and m.fetch_failures >= 1
    assert rows(spark.read.parquet(str(tmp_path / "out"))) == want


def test_executor_killed_while_building_a_broadcast_side_reruns_only_that_task(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    small = spark.range(0, 150_000, numPartitions=3).select(
        F.col("id").alias("k"), (F.col("id") * 3).alias("w")
    )

    def query() -> list[tuple]:
        joined = keyed(spark).join(F.broadcast(small), "k")
        return rows(
            joined.groupBy((F.col("k") % 5).alias("g")).agg(F.sum("w").alias("t"), F.count("*").alias("n"))
        )

    want = query()
    marker = tmp_path / "killed"
    backend.task_hook = killed_once(marker, lambda s: isinstance(s.output, P.BroadcastOut))
    assert query() == want and marker.exists()
    m = spark.lastJobMetrics()
    assert (m.executors_lost, m.tasks_failed, m.tasks_retried, m.partitions_recomputed) == (1, 1, 1, 0)
    assert len(backend.executors()) == WORKERS


def test_executor_killed_in_a_partitioned_write_task_leaves_every_row_once(
    spark: engine.SparkSession, backend: RayBackend, tmp_path: Path
) -> None:
    """The killed attempt's files and its retry's have the same names: the output holds each
    row once, one file per task and partition value, and no staging directory."""
    per_key = keyed(spark).groupBy("k").agg(F.sum("v").alias("s")).withColumn("p", F.col("k") % 4)
    want = rows(per_key)
    marker = tmp_path / "killed"
    backend.task_hook = killed_once(marker, lambda s: isinstance(s.output, P.WriteOut))
    out = tmp_path / "out"
    per_key.write.partitionBy("p").parquet(str(out))
    assert marker.exists() and spark.lastJobMetrics().executors_lost == 1
    backend.task_hook = None
    assert rows(spark.read.parquet(str(out)).select("k", "s", "p")) == want
    files = list(out.rglob("*.parquet"))
    per_dir = Counter(f.parent.name for f in files)
    assert sorted(per_dir) == [f"p={i}" for i in range(4)] and all(n <= 3 for n in per_dir.values())
    assert sum(pq.read_metadata(f).num_rows for f in files) == len(want)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["killed", "out"]


def test_node_removed_while_a_dataframe_is_first_cached_leaves_a_whole_cache(
    spark: engine.SparkSession, cluster: Cluster, backend: RayBackend
) -> None:
    """The job that fills the cache recovers the map outputs it lost; the cache it keeps is the
    recomputed one, so the next job reading it recomputes nothing."""
    per_key = keyed(spark).groupBy("k").agg(F.sum("v").alias("s"))
    reuse = per_key.groupBy((F.col("k") % 3).alias("m")).agg(F.max("s").alias("top"), F.count("*").alias("n"))
    want = rows(reuse)
    cached = per_key.cache()
    try:
        lost: set[tuple[int, int]] = set()
        backend.before_submit = remove_input_holder(cluster, lost)
        assert cached.count() == 200_000
        assert lost and lost <= set(spark.lastJobMetrics().recomputed)
        backend.before_submit = None
        assert (
            rows(
                cached.groupBy((F.col("k") % 3).alias("m")).agg(
                    F.max("s").alias("top"), F.count("*").alias("n")
                )
            )
            == want
        )
        m = spark.lastJobMetrics()
        assert (m.partitions_recomputed, m.fetch_failures) == (0, 0)
    finally:
        cached.unpersist()
