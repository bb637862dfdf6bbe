"""``checkpoint()`` and ``localCheckpoint()``: materialize a DataFrame and cut its lineage.

`checkpoint` writes the rows as Parquet under ``spark.checkpoint.dir`` (set by
``spark.sparkContext.setCheckpointDir``) and returns a DataFrame reading those files, so
nothing before it is ever recomputed. `localCheckpoint` keeps the computed partitions as
blocks in the backend (the object store on Ray) instead: faster, but a partition lost with
its node cannot be rebuilt, as in Spark.
"""

from __future__ import annotations

import itertools
import os
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from engine.errors import SparkRuntimeException
from engine.logical import nodes as L
from engine.physical import nodes as P
from engine.physical.planner import new_stage_id
from engine.runtime.scheduler import JobMetrics

if TYPE_CHECKING:
    from engine.api.dataframe import DataFrame

_checkpoint_ids = itertools.count(1)


def checkpoint(df: DataFrame, eager: bool, local: bool) -> DataFrame:
    """A DataFrame with `df`'s rows whose plan no longer holds `df`'s lineage.

    Both kinds are written when called (`eager` is accepted for PySpark compatibility):
    a checkpoint that waited for the first action would still carry the lineage until then.
    """
    return _local(df) if local else _reliable(df)


def _reliable(df: DataFrame) -> DataFrame:
    from engine.api.execution import write_plan

    session = df._session
    root = session.conf.get("spark.checkpoint.dir", None)
    if not root:
        raise SparkRuntimeException(
            "[CHECKPOINT_DIR_NOT_SET] Checkpoint directory has not been set in the SparkContext: call "
            "spark.sparkContext.setCheckpointDir(path) or set spark.checkpoint.dir.",
            "CHECKPOINT_DIR_NOT_SET",
        )
    path = os.path.join(str(root), str(uuid.uuid4()), f"df-{next(_checkpoint_ids)}")
    write_plan(session, df._plan, path, "parquet", "error", [], {})
    return session.read.parquet(path)


def _local(df: DataFrame) -> DataFrame:
    """Runs `df` as a cached stage, then replaces that stage's plan by a read of the kept blocks."""
    from engine.api.dataframe import DataFrame, _cache_ids
    from engine.api.execution import eval_context, kept_outputs, physical_stages, resolve_scalar_subqueries

    session = df._session
    cache_id = next(_cache_ids)
    with session._job_lock:  # one job at a time on the backend, as for a query (see write_plan)
        plan = L.Cached(resolve_scalar_subqueries(session, df._plan), cache_id, checkpoint=True)
        planner, stages = physical_stages(session, plan)
        cache_stage = planner.stages[planner.cache_stages[cache_id]]
        lineage = [s for s in stages[:-1] if s.id != cache_stage.id]  # without the final read-back stage
        session._last_metrics = metrics = JobMetrics()  # describes the job even if it fails
        ctx, kept = eval_context(session), kept_outputs(session, planner)
        result = session._ui.run_job([*lineage, cache_stage], session._backend, ctx, kept, metrics)
    entry = session._cache[cache_id]
    entry.outputs = result.outputs[cache_stage.id]
    # a new id: executors keep a stage's plan by its id, and the old plan would recompute a lost
    # partition from inputs no longer there instead of failing with CHECKPOINT_PARTITION_LOST
    read_back = P.CachedRead(cache_id, cache_stage.num_partitions)
    entry.stage = replace(cache_stage, id=new_stage_id(), root=read_back, parents=())
    entry.lineage = {}
    return DataFrame(session, plan)
