"""`Session` (a.k.a. `SparkSession`): entry point, configuration, data sources, job execution."""

from __future__ import annotations

import atexit
import os
import re
import sys
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

from engine import types as T
from engine.api.conf import RuntimeConfig
from engine.api.interrupt import Operation, Operations
from engine.errors import PySparkRuntimeError, PySparkTypeError
from engine.expr import nodes as n
from engine.logical import nodes as L


class Builder:
    """``SparkSession.builder``: collects settings, then returns the active session or a new one."""

    _lock = threading.RLock()

    def __init__(self) -> None:
        self._options: dict[str, Any] = {}

    def appName(self, name: str) -> Builder:  # noqa: N802
        return self.config("spark.app.name", name)

    def master(self, master: str) -> Builder:
        return self.config("spark.master", master)

    def remote(self, url: str) -> Builder:
        return self.config("spark.master", url)

    def enableHiveSupport(self) -> Builder:  # noqa: N802
        return self

    def config(self, key: str | None = None, value: Any = None, conf: Any = None, *, map: dict | None = None) -> Builder:  # noqa: A002
        if key is not None:
            self._options[key] = value
        for k, v in (map or {}).items():
            self._options[k] = v
        if conf is not None:
            for k, v in conf.getAll():
                self._options[k] = v
        return self

    def getOrCreate(self) -> Session:  # noqa: N802
        with self._lock:
            active = Session._active
            if active is not None and not active._stopped:
                for k, v in self._options.items():
                    if k != "spark.master":
                        active.conf.set(k, v)
                return active
            return Session(dict(self._options))

    def create(self) -> Session:
        return Session(dict(self._options))


def _stop_at_exit(ref: weakref.ReferenceType[Session]) -> None:
    """Stops a session the program left running, as PySpark stops its context at exit. Registered
    once the backend is up, so after Ray's own exit hook and run before it: the executors are
    released while Ray still runs, and Ray does not report their objects as lost."""
    session = ref()
    if session is not None:
        session.stop()


class _BuilderDescriptor:
    def __get__(self, obj: object, owner: type) -> Builder:
        return Builder()


class Session:
    """A connection to a backend (local threads or Ray) plus temp views and settings."""

    builder = _BuilderDescriptor()
    Builder = Builder  # PySpark's SparkSession.Builder
    _active: Session | None = None

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        from engine.runtime.backends import create_backend

        warm = threading.Thread(target=_import_first_query_modules, name="engine-warm-up", daemon=True)
        warm.start()
        self.conf = RuntimeConfig(options or {})
        self._views: dict[str, L.LogicalPlan] = {}
        self._variables: dict[str, Any] = {}  # SQL session variables (DECLARE VARIABLE), by lower-cased name
        self._cache: dict[int, Any] = {}
        self._column_metadata: dict[int, dict[str, Any]] = {}  # attribute id -> metadata (withMetadata, to)
        self._observations: dict[int, tuple[Any, Any, Any]] = {}  # observe() marker id -> (marker, Observation, exprs)
        self._last_metrics: Any = None
        self._stopped = False
        self._backend = create_backend(self.conf)
        self._job_lock = threading.Lock()
        self._thread_state = threading.local()  # per-thread job tags, as Spark keeps them
        self._operations = Operations()  # running actions, for interruptAll/Tag/Operation
        warm.join()
        from engine.ui.app import AppUI

        self._ui = AppUI(self.conf)
        self.ui_url = self._ui.url
        atexit.register(_stop_at_exit, weakref.ref(self))
        if self.ui_url:
            print(f"engine UI at {self.ui_url}", file=sys.stderr)
        Session._active = self

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def getActiveSession(cls) -> Session | None:  # noqa: N802
        s = cls._active
        return s if s is not None and not s._stopped else None

    active = getActiveSession

    def stop(self) -> None:
        """Releases the executors (and the local Ray if this session started it)."""
        if self._stopped:
            return
        self._stopped = True
        self._ui.stop()
        self._backend.shutdown()
        self._cache.clear()
        if Session._active is self:
            Session._active = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def newSession(self) -> Session:  # noqa: N802
        return self

    @property
    def version(self) -> str:
        return "4.0.0"

    @property
    def sparkContext(self) -> Any:  # noqa: N802
        from engine.api.context import SparkContext

        return SparkContext(self)

    @property
    def catalog(self) -> Any:
        from engine.api.catalog_api import Catalog

        return Catalog(self)

    @property
    def read(self) -> Any:
        from engine.api.readwriter import DataFrameReader

        return DataFrameReader(self)

    @property
    def udf(self) -> Any:
        from engine.api.udf import UDFRegistration

        return UDFRegistration(self)

    @property
    def udtf(self) -> Any:
        """Registers Python UDTFs for SQL: ``spark.udtf.register("name", MyUDTF)``."""
        from engine.api.udtf import UDTFRegistration

        return UDTFRegistration(self)

    @property
    def tvf(self) -> Any:
        """Table-valued functions: ``spark.tvf.explode(F.array(...))``, ``spark.tvf.range(3)``."""
        from engine.api.tvf import TableValuedFunction

        return TableValuedFunction(self)

    def emptyDataFrame(self, schema: Any) -> Any:  # noqa: N802
        """A DataFrame with no rows and the given schema (a StructType or a DDL string)."""
        from engine.api.convert import to_arrow_table

        dt = T.parse_ddl(schema) if isinstance(schema, str) else schema
        if not isinstance(dt, T.DataType):
            raise PySparkTypeError(
                "[NOT_EXPECTED_TYPE] Argument `schema` should be list, None or StructType, got "
                f"{type(schema).__name__}.",
                "NOT_EXPECTED_TYPE",
            )
        st = dt if isinstance(dt, T.StructType) else T.StructType([T.StructField("value", dt)])
        return self.createDataFrame(to_arrow_table([], st), st)

    # ------------------------------------------------------------------ job tags
    def addTag(self, tag: str) -> None:  # noqa: N802
        """Tags this thread's later jobs with `tag` (Spark's job tags; see interruptTag)."""
        self._tags().add(_check_tag(tag))

    def removeTag(self, tag: str) -> None:  # noqa: N802
        self._tags().discard(_check_tag(tag))

    def getTags(self) -> set[str]:  # noqa: N802
        """The tags this thread's jobs carry."""
        return set(self._tags())

    def clearTags(self) -> None:  # noqa: N802
        self._tags().clear()

    def _tags(self) -> set[str]:
        local = self._thread_state
        if not hasattr(local, "tags"):
            local.tags = set()
        return local.tags  # type: ignore[no-any-return]

    def interruptAll(self) -> list[str]:  # noqa: N802
        """Interrupts every action of this session running in another thread; returns their ids
        (the interrupted action raises SPARK_JOB_CANCELLED; see engine/api/interrupt.py)."""
        return self._operations.interrupt(lambda op: True, "as part of cancellation of all jobs")

    def interruptTag(self, tag: str) -> list[str]:  # noqa: N802
        """Interrupts the running actions started while their thread had job tag `tag`."""
        return self._operations.interrupt(lambda op: tag in op.tags, f"part of cancelled job tags {tag}")

    def interruptOperation(self, op_id: str) -> list[str]:  # noqa: N802
        """Interrupts the running action with id `op_id` (an id interruptAll/interruptTag return)."""
        return self._operations.interrupt(lambda op: op.id == str(op_id), f"as operation {op_id} was interrupted")

    # ------------------------------------------------------------------ Spark Connect only
    def copyFromLocalToFs(self, local_path: str, dest_path: str) -> None:  # noqa: N802
        raise _connect_only("copyFromLocalToFs")

    def registerProgressHandler(self, handler: Any) -> None:  # noqa: N802
        raise _connect_only("registerProgressHandler")

    def removeProgressHandler(self, handler: Any) -> None:  # noqa: N802
        raise _connect_only("removeProgressHandler")

    def clearProgressHandlers(self) -> None:  # noqa: N802
        raise _connect_only("clearProgressHandlers")

    @property
    def client(self) -> Any:
        raise _connect_only("client")

    def lastJobMetrics(self) -> Any:  # noqa: N802
        """What the last job did, recoveries included (tasks retried, partitions recomputed, ...)."""
        return self._last_metrics

    @property
    def default_parallelism(self) -> int:
        return max(1, self._backend.parallelism())

    # ------------------------------------------------------------------ data
    def createDataFrame(self, data: Any, schema: Any = None, samplingRatio: float | None = None, verifySchema: bool = True) -> Any:  # noqa: N802, N803
        """A DataFrame from a pandas DataFrame, a pyarrow Table, or a list of rows/tuples/dicts/values."""
        from engine.api.convert import to_arrow_table
        from engine.api.dataframe import DataFrame
        from engine.api.rdd import RDD

        self._check_active()
        if isinstance(data, RDD):
            data = data.collect()
        ltz = self.conf.get("spark.sql.timestampType", "TIMESTAMP_LTZ").upper() != "TIMESTAMP_NTZ"
        table = to_arrow_table(data, schema, self.conf.get("spark.sql.session.timeZone") if ltz else None)
        # PySpark hands pandas (through Arrow, the default) and Arrow data over whole: a local relation
        local = isinstance(data, pa.Table) or (
            type(data).__name__ == "DataFrame"
            and type(data).__module__.startswith("pandas")
            and self.conf.get_bool("spark.sql.execution.arrow.pyspark.enabled", True)
        )
        # A list is parallelized as Spark's sc.parallelize does: one partition per core, empty
        # ones too, so rand(seed), monotonically_increasing_id() and sampling see Spark's partitions.
        parts = None if local else self.default_parallelism
        return DataFrame(self, _with_collations(self.in_memory(table, parts, local=local), schema))

    def in_memory(self, table: pa.Table, num_partitions: int | None = None, local: bool = False) -> L.InMemory:
        """A plan node over `table` in `num_partitions` partitions (by default one per core, at
        most one per row), partition i holding rows ``[i*n/k, (i+1)*n/k)`` as in Spark's
        ParallelCollectionRDD and LocalTableScanExec (`local`: see L.InMemory)."""
        st = T.from_arrow_schema(table.schema)
        attrs = tuple(n.Attribute(f.name, f.dataType, f.nullable, n.new_id()) for f in st.fields)
        rows = table.num_rows
        parts = num_partitions or min(self.default_parallelism, max(1, rows))
        bounds = [i * rows // parts for i in range(parts + 1)]
        tables = tuple(table.slice(lo, hi - lo) for lo, hi in zip(bounds, bounds[1:]))
        return L.InMemory(tables, attrs, n.new_id(), local)

    def range(self, start: int, end: int | None = None, step: int = 1, numPartitions: int | None = None) -> Any:  # noqa: N803
        """Rows with one bigint column ``id`` from `start` (inclusive) to `end` (exclusive)."""
        from engine.api.dataframe import DataFrame

        self._check_active()
        if end is None:
            start, end = 0, start
        if step == 0:
            raise PySparkTypeError("[ILLEGAL_ARGUMENT] range step must not be 0.")
        parts = numPartitions or self.default_parallelism
        attr = n.Attribute("id", T.LongType(), False, n.new_id())
        return DataFrame(self, L.Range(int(start), int(end), int(step), int(parts), attr))

    def table(self, tableName: str) -> Any:  # noqa: N803
        from engine.api.dataframe import DataFrame

        return DataFrame(self, self.lookup_table(tableName))

    def lookup_table(self, name: str) -> L.LogicalPlan:
        key = _table_key(name)
        if key in self._views:
            return L.SubqueryAlias(self._views[key], key.split(".")[-1])
        from engine.api.catalog import warehouse_table

        plan = warehouse_table(self, name.lower().replace("`", "") if "." in name else key)  # default.t: not the current db's t
        if plan is not None:
            return plan
        from engine.api.catalog import table_not_found
        from engine.errors import suggest

        raise table_not_found(name, suggestions=suggest(key, sorted(self._views)))

    def register_view(self, name: str, plan: L.LogicalPlan, replace: bool = True) -> None:
        key = _table_key(name)
        if not replace and key in self._views:  # PySpark Classic raises a plain AnalysisException
            from engine.errors import AnalysisException

            raise AnalysisException(
                f"[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `{name}` because it "
                "already exists. Choose a different name, drop or replace the existing view.",
                "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
            )
        self._views[key] = plan

    def drop_view(self, name: str) -> bool:
        return self._views.pop(_table_key(name), None) is not None

    def sql(self, sqlQuery: str, args: dict[str, Any] | list[Any] | None = None, **kwargs: Any) -> Any:  # noqa: N803
        """Runs Spark SQL text; a query returns a lazy DataFrame, a command runs at once."""
        from engine.api.dataframe import DataFrame
        from engine.api.sql_formatter import SQLStringFormatter
        from engine.logical.nodes import remembered_outputs
        from sql import to_plan

        self._check_active()
        formatter = SQLStringFormatter(self)
        try:
            if kwargs:
                sqlQuery = formatter.format(sqlQuery, **kwargs)
            with remembered_outputs():  # analysis asks for the same nodes' columns over and over
                return DataFrame(self, to_plan(sqlQuery, self, args))
        finally:
            formatter.drop_views()  # as PySpark: the views live while the text is analysed

    # ------------------------------------------------------------------ execution
    def _check_active(self) -> None:
        if self._stopped:
            raise PySparkRuntimeError(
                "[SESSION_STOPPED] This session was stopped; create a new one with "
                "SparkSession.builder.getOrCreate().",
                "SESSION_STOPPED",
            )

    def execute(self, plan: L.LogicalPlan) -> pa.Table:
        """Runs `plan` and returns its rows as one Arrow table with the user's column names."""
        from engine.api.execution import execute_plan
        from engine.api.observation import collect_metrics

        self._check_active()
        L.check_batch_supported(plan)
        with self._action(), self._job_lock:
            table = execute_plan(self, plan)
        collect_metrics(self, plan)
        return table

    def execute_partitions(self, plan: L.LogicalPlan) -> list[pa.Table]:
        """Runs `plan` and returns the rows of each of its partitions, in partition order."""
        from engine.api.execution import execute_partitions
        from engine.api.observation import collect_metrics

        self._check_active()
        L.check_batch_supported(plan)
        with self._action(), self._job_lock:
            tables = execute_partitions(self, plan)
        collect_metrics(self, plan)
        return tables

    @contextmanager
    def _action(self) -> Iterator[Operation]:
        """Runs the block as an action another thread can interrupt (interruptAll,
        sparkContext.cancelAllJobs, ...): it then raises SPARK_JOB_CANCELLED."""
        from engine.api.interrupt import Interrupted, cancelled, marks

        op = None
        try:
            with self._operations.running(marks(self._thread_state)) as op:
                yield op
        except Interrupted:
            raise cancelled(op) from None


# What a session's first query and its web UI import: loaded on a thread while the backend
# starts (a local Ray takes seconds, mostly waiting on its processes), not after it.
_FIRST_QUERY_MODULES = ("engine.ui.app", "engine.ui.server", "engine.api.execution", "sql")


def _import_first_query_modules() -> None:
    import importlib

    for name in _FIRST_QUERY_MODULES:
        importlib.import_module(name)


def _connect_only(member: str) -> PySparkRuntimeError:
    """What PySpark Classic raises for a Spark Connect-only member (engine is not Connect)."""
    return PySparkRuntimeError(
        f"[ONLY_SUPPORTED_WITH_SPARK_CONNECT] SparkSession.{member} is only supported with Spark Connect; however, "
        "the current Spark session does not use Spark Connect.",
        "ONLY_SUPPORTED_WITH_SPARK_CONNECT",
        {"feature": f"SparkSession.{member}"},
    )


def _check_tag(tag: Any) -> str:
    """A job tag as Spark accepts it: a non-empty string without commas."""
    from engine.errors import IllegalArgumentException

    if not isinstance(tag, str):
        raise PySparkTypeError(f"[NOT_STR] Argument `tag` should be a str, got {type(tag).__name__}.", "NOT_STR")
    if "," in tag:
        raise IllegalArgumentException("Spark job tag cannot contain ','.")
    if not tag:
        raise IllegalArgumentException("Spark job tag cannot be an empty string.")
    return tag


def _table_key(name: str) -> str:
    parts = [p.strip("`") for p in re.split(r"\.(?=(?:[^`]*`[^`]*`)*[^`]*$)", name)]
    if len(parts) > 1 and parts[0].lower() in ("spark_catalog", "default") and len(parts) >= 2:  # global_temp.v stays
        parts = parts[1:] if parts[0].lower() != "spark_catalog" else parts[2:] if len(parts) > 2 else parts[1:]
    return ".".join(parts).lower()


def default_master() -> str | None:
    return os.environ.get("ENGINE_MASTER") or None


SparkSession = Session  # PySpark's name, for `from engine.sql.session import SparkSession`


def _with_collations(plan: L.InMemory, schema: Any) -> L.InMemory:
    """`plan` with the collations the user's schema gives its string columns (Arrow keeps
    none): ``createDataFrame(rows, "s string collate UTF8_LCASE")``."""
    import dataclasses

    if isinstance(schema, str) and "collate" in schema.lower():
        try:
            schema = T.DataType.fromDDL(schema)
        except Exception:  # noqa: BLE001 - to_arrow_table has already accepted the schema
            return plan
    if not isinstance(schema, T.StructType) or len(schema.fields) != len(plan.attrs):
        return plan
    attrs = tuple(
        dataclasses.replace(a, dtype=f.dataType)
        if isinstance(f.dataType, T.StringType) and isinstance(a.dtype, T.StringType)
        else a
        for a, f in zip(plan.attrs, schema.fields)
    )
    return plan if attrs == plan.attrs else dataclasses.replace(plan, attrs=attrs)
