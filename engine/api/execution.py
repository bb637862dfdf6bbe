"""Runs a logical plan as a job: subqueries, optimizer, stage planner, scheduler, results."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from engine.compute.context import EvalContext
from engine.errors import SparkRuntimeException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.io.listing import one_listing
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output, remembered_outputs
from engine.logical.stats import shuffle_partitions
from engine.physical.planner import Planner, PlannerConf
from engine.runtime.scheduler import JobMetrics

if TYPE_CHECKING:
    from engine.api.session import Session


def planner_conf(session: Session, plan: LogicalPlan | None = None) -> PlannerConf:
    conf = session.conf
    if conf.is_set("spark.sql.shuffle.partitions"):
        shuffle = conf.get_int("spark.sql.shuffle.partitions")
    else:
        parallelism = max(2, session.default_parallelism)
        target = conf.get_int("engine.shuffle.targetPartitionBytes", 256 << 20)
        shuffle = parallelism if plan is None else shuffle_partitions(plan, parallelism, target)
    threshold = conf.get_int("spark.sql.autoBroadcastJoinThreshold", 10 << 20)
    return PlannerConf(
        shuffle_partitions=max(1, shuffle),
        broadcast_threshold=threshold if threshold >= 0 else -1,
        scan_split_bytes=conf.get_int("spark.sql.files.maxPartitionBytes", 128 << 20),
        scan_open_cost=conf.get_int("spark.sql.files.openCostInBytes", 4 << 20),
        # Spark's default is the parallelism; by default, input of 32 MB or more a split gets
        # twice as many (halving each scan task's memory, evening out the load), and smaller input
        # is not cut further: on TPC-H SF1, 2 splits of orders or customer instead of 4 took 2-8%
        # less executor CPU, while lineitem's 4 held peak memory down
        scan_min_splits=conf.get_int("spark.sql.files.minPartitionNum", session.default_parallelism),
        scan_spread_bytes=0 if conf.is_set("spark.sql.files.minPartitionNum") else 32 << 20,
        one_partition_sort_bytes=conf.get_int("engine.sql.sort.onePartitionBytes", 16 << 20),
    )


def eval_context(session: Session) -> EvalContext:
    conf = session.conf
    return EvalContext(
        ansi=conf.get_bool("spark.sql.ansi.enabled", True),
        timezone=conf.get("spark.sql.session.timeZone"),
        case_sensitive=conf.get_bool("spark.sql.caseSensitive", False),
        map_key_dedup=str(conf.get("spark.sql.mapKeyDedupPolicy", "EXCEPTION")),
        now_micros=time.time_ns() // 1000,
    )


def optimized_plan(session: Session, plan: LogicalPlan) -> LogicalPlan:
    from engine.optimizer.driver import optimize
    from engine.optimizer.rules.constant_folding import folding_under

    excluded = frozenset(
        r.strip() for r in str(session.conf.get("spark.sql.optimizer.excludedRules", "")).split(",") if r.strip()
    )
    with folding_under(session.conf.get_bool("spark.sql.ansi.enabled", True)):
        return optimize(plan, excluded)


def physical_stages(session: Session, plan: LogicalPlan) -> tuple[Planner, list]:
    with one_listing(), remembered_outputs():
        optimized = optimized_plan(session, plan)
        planner = Planner(planner_conf(session, optimized), session._cache)
        return planner, planner.plan(optimized)


def kept_outputs(session: Session, planner: Planner) -> dict[int, dict[int, Any]]:
    """Outputs of cached stages this job reads that earlier jobs already computed."""
    return {e.stage.id: e.outputs for e in session._cache.values() if e.outputs and e.stage.id in planner.stages}


def execute_plan(session: Session, plan: LogicalPlan) -> pa.Table:
    """The rows of `plan`, as one table whose columns carry the user's names."""
    attrs, tables = _run_plan(session, plan)
    return _user_table(attrs, [b for blocks in tables for b in blocks])


def execute_partitions(session: Session, plan: LogicalPlan) -> list[pa.Table]:
    """The rows of each partition of `plan`, in partition order (empty ones too), each table's
    columns carrying the user's names: what ``foreachPartition`` and ``rdd.glom()`` see."""
    attrs, tables = _run_plan(session, plan)
    return [_user_table(attrs, blocks) for blocks in tables]


def _run_plan(session: Session, plan: LogicalPlan) -> tuple[tuple[n.Attribute, ...], list[list[pa.Table]]]:
    """Runs `plan`; returns its output attributes and the blocks of each result partition."""
    from engine.api.adaptive import Materialized, run_uncertain_sides
    from engine.api.subquery_reuse import share_with_subqueries

    ahead = Materialized(session)
    metrics = JobMetrics()
    try:
        with one_listing(), remembered_outputs():  # one listing of each source, one output per node
            plan = resolve_scalar_subqueries(session, share_with_subqueries(session, plan, ahead), ahead.metrics)
        with one_listing(), remembered_outputs():
            adapted = run_uncertain_sides(session, optimized_plan(session, plan), ahead)
            planner = Planner(planner_conf(session, adapted), session._cache)
            stages = planner.plan(adapted)
        ctx, kept = eval_context(session), kept_outputs(session, planner)
        result = session._ui.run_job(stages, session._backend, ctx, kept, metrics)
    finally:
        ahead.release()
        # a failed query's metrics describe it too (its retries, lost executors), not the query before
        session._last_metrics = ahead.with_metrics_of(metrics)
    for sid in planner.cache_stages.values():
        for entry in session._cache.values():
            if entry.stage.id == sid:
                entry.outputs = result.outputs[sid]
    fetched = iter(session._backend.fetch([b for part in result.blocks for b in part]))
    return output(plan), [[next(fetched) for _ in part] for part in result.blocks]


def _user_table(attrs: tuple[n.Attribute, ...], tables: list[pa.Table]) -> pa.Table:
    """`tables` (result blocks) as one table of `attrs`, under the user's column names."""
    names = [a.key for a in attrs]
    if not names:  # rows without columns: only the count matters
        return pa.table({"_": pa.nulls(sum(t.num_rows for t in tables))}).drop_columns(["_"])
    nonempty = [t.select(names) for t in tables if t.num_rows] or [t.select(names) for t in tables[:1]]
    if not nonempty:
        from engine import types as T

        return pa.table({a.key: pa.array([], T.to_arrow(a.dtype)) for a in attrs}).rename_columns([a.name for a in attrs])
    table = pa.concat_tables(nonempty) if len(nonempty) > 1 else nonempty[0]
    return table.rename_columns([a.name for a in attrs])


def resolve_scalar_subqueries(session: Session, plan: LogicalPlan, jobs: list[JobMetrics] | None = None) -> LogicalPlan:
    """Runs every uncorrelated scalar subquery first and puts its value in the plan as a literal.

    `jobs`, when given, receives what each subquery's job did: a subquery is a job of its own,
    and the query's metrics must show the partitions it recomputed after a loss, too.
    """

    def on_expr(e: n.Expr) -> n.Expr:
        if not tr.contains(e, n.ScalarSubquery):
            return e
        return tr.transform_up(e, lambda x: _subquery_value(session, x, jobs) if isinstance(x, n.ScalarSubquery) else x)

    def walk(p: LogicalPlan) -> LogicalPlan:
        kids = tuple(walk(c) for c in L.children(p))
        return L.map_expressions(L.with_children(p, kids), on_expr)

    return walk(plan)


def _subquery_value(session: Session, sq: n.ScalarSubquery, jobs: list[JobMetrics] | None) -> n.Expr:
    try:
        table = execute_plan(session, sq.plan)
    finally:  # a failed subquery's attempts count too
        if jobs is not None:
            jobs.append(session._last_metrics)
    if table.num_rows > 1:
        raise SparkRuntimeException(
            "[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used as an expression.",
            "SCALAR_SUBQUERY_TOO_MANY_ROWS",
        )
    value = table.column(0)[0].as_py() if table.num_rows else None
    return n.Literal(value, sq.dtype)


def write_plan(session: Session, plan: LogicalPlan, path: str, fmt: str, mode: str, partition_by: list[str], options: dict[str, str]) -> None:
    """Writes `plan`'s rows under `path`: tasks write to a staging directory, the driver commits."""
    from engine import types as T
    from engine.io.common import SESSION_ZONE_OPTION
    from engine.io.write import abort_write, commit_write, prepare_write
    from engine.physical import nodes as P

    if "partitionoverwritemode" not in {k.lower() for k in options}:
        mode_conf = session.conf.get("spark.sql.sources.partitionOverwriteMode", "static")
        options = {**options, "partitionoverwritemode": mode_conf or "static"}
    if "maxrecordsperfile" not in {k.lower() for k in options}:
        options = {**options, "maxrecordsperfile": session.conf.get("spark.sql.files.maxRecordsPerFile", "0") or "0"}
    options = {**options, SESSION_ZONE_OPTION: session.conf.get("spark.sql.session.timeZone") or "UTC"}
    job = prepare_write(path, fmt, mode, partition_by, options)
    if job is None:
        return
    # interruptible as a query is (spark.interruptAll, sparkContext.cancelAllJobs): then aborted;
    # one job at a time on the backend, as for a query: a query on another thread would otherwise
    # take this job's task completions as its own, and both would wait forever for the rest
    with session._action() as op, session._job_lock:
        try:
            subqueries: list[JobMetrics] = []
            with one_listing(), remembered_outputs():
                plan = resolve_scalar_subqueries(session, plan, subqueries)
                attrs = output(plan)
                _check_partition_columns(attrs, partition_by)
                optimized = optimized_plan(session, plan)
                planner = Planner(planner_conf(session, optimized), session._cache)
                out = P.WriteOut(job, tuple(a.key for a in attrs), tuple(a.name for a in attrs))
                stages = planner.plan(optimized, out)
            session._last_metrics = metrics = JobMetrics()
            try:
                result = session._ui.run_job(stages, session._backend, eval_context(session), metrics=metrics)
            finally:  # the subqueries' jobs are the write's too, recoveries included
                for m in subqueries:
                    session._last_metrics = m.plus(session._last_metrics)
            tables = session._backend.fetch([b for part in result.blocks for b in part])
            files = [t.column("file").to_pylist() for t in tables]
            schema = T.to_arrow_schema(T.StructType([T.StructField(a.name, a.dtype, a.nullable) for a in attrs]))
            session._operations.settle(op)  # an interrupt now would cut the commit's renames in half
            commit_write(job, files, schema)
        except BaseException:
            abort_write(job)
            raise


def _check_partition_columns(attrs: tuple, partition_by: list[str]) -> None:
    """Spark's checks of ``partitionBy`` before a write: no column named twice, each exists, and
    some column is left to write into the files."""
    from engine import types as T
    from engine.errors import AnalysisException

    seen: set[str] = set()
    for p in partition_by:
        if p.lower() in seen:
            raise AnalysisException(
                f"[COLUMN_ALREADY_EXISTS] The column `{p.lower()}` already exists. Choose another name or rename "
                "the existing column.",
                "COLUMN_ALREADY_EXISTS",
                {"columnName": f"`{p.lower()}`"},
            )
        seen.add(p.lower())
    names = {a.name.lower() for a in attrs}
    for p in partition_by:
        if p.lower() not in names:
            schema = T.StructType([T.StructField(a.name, a.dtype, a.nullable) for a in attrs])
            raise AnalysisException(  # a legacy class: Spark prints the text with no [CLASS]
                f"Partition column `{p}` not found in schema {schema.simpleString()}.", "_LEGACY_ERROR_TEMP_1155"
            )
    if partition_by and len(partition_by) == len(attrs):
        raise AnalysisException(
            "[ALL_PARTITION_COLUMNS_NOT_ALLOWED] Cannot use all columns for partition columns.",
            "ALL_PARTITION_COLUMNS_NOT_ALLOWED",
        )
