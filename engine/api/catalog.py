"""``spark.catalog`` and the warehouse: temp views plus Parquet tables under a directory.

A table ``t`` saved with ``saveAsTable`` or ``CREATE TABLE`` lives in
``<spark.sql.warehouse.dir>/t`` (default ``./spark-warehouse/t``) as Parquet files, a table of
another database ``d`` in ``<warehouse>/d.db/t`` (see `databases`), in one catalog,
``spark_catalog``, as in a plain local Spark.
"""

from __future__ import annotations

import json
import os
import shutil
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from engine import types as T
from engine.api import databases as D
from engine.api import persistent_views as PV
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output

CATALOG = "spark_catalog"
DATABASE = "default"
GLOBAL_TEMP = "global_temp"  # the database of global temp views (kept as ``global_temp.v``)
_EMPTY_FILE = "part-00000-empty.parquet"


class CatalogMetadata(NamedTuple):
    name: str
    description: str | None


class Database(NamedTuple):
    name: str
    catalog: str | None
    description: str | None
    locationUri: str


class Table(NamedTuple):
    name: str
    catalog: str | None
    namespace: list[str] | None
    description: str | None
    tableType: str
    isTemporary: bool

    @property
    def database(self) -> str | None:
        return self.namespace[0] if self.namespace and len(self.namespace) == 1 else None


class Column(NamedTuple):
    name: str
    description: str | None
    dataType: str
    nullable: bool
    isPartition: bool
    isBucket: bool
    isCluster: bool = False


# ---------------------------------------------------------------------------- warehouse


def warehouse_dir(session: Any) -> str:
    return os.path.abspath(str(session.conf.get("spark.sql.warehouse.dir", None) or "spark-warehouse"))


def table_path(session: Any, name: str) -> str:
    """Where table `name` (``t``, ``d.t``, ``spark_catalog.d.t``) keeps its files; an unqualified
    name is in the current database."""
    parts = [p.strip("`") for p in name.split(".")]
    if len(parts) > 2 and parts[0].lower() == CATALOG:
        parts = parts[1:]
    database = parts[0] if len(parts) > 1 else D.current_database(session)
    D.check_exists(warehouse_dir(session), database)
    return os.path.join(D.database_dir(warehouse_dir(session), database), parts[-1].lower())


def is_persistent_view(session: Any, name: str) -> bool:
    """Whether `name` is a view kept in the warehouse (``CREATE VIEW`` without TEMPORARY)."""
    return table_exists(session, name) and PV.is_view(table_path(session, name))


def table_exists(session: Any, name: str) -> bool:
    try:
        return os.path.isdir(table_path(session, name))
    except AnalysisException:
        return False


def warehouse_table(session: Any, key: str) -> LogicalPlan | None:
    """The plan reading warehouse table `key`, or None if there is no such table."""
    cached = _cached_tables(session).get(key.split(".")[-1])
    if cached is not None:
        return L.SubqueryAlias(cached, key.split(".")[-1])
    if not table_exists(session, key):
        return None
    from engine.api.readwriter import file_scan

    path = table_path(session, key)
    if PV.is_view(path):
        return L.SubqueryAlias(PV.view_plan(session, path), os.path.basename(path))
    props = table_properties(session, key)
    fmt = props.get(_FORMAT_KEY, "parquet")
    schema = T.StructType.fromJson(json.loads(props[_SCHEMA_KEY])) if _SCHEMA_KEY in props else None
    plan: LogicalPlan = file_scan(fmt, path, {}, schema)
    declared = {f.name: f.dataType for f in partition_fields(session, key)}
    if any(a.name in declared and a.dtype != declared[a.name] for a in output(plan)):
        # partition values read back from directory names are typed by inference ('2024-01-01'
        # a date); the table keeps the types it was declared with
        plan = L.Project(plan, tuple(
            n.Alias(n.Cast(a, declared[a.name]), a.name) if a.name in declared and a.dtype != declared[a.name] else a
            for a in output(plan)
        ))  # fmt: skip
    return L.SubqueryAlias(plan, os.path.basename(path))


# The file formats a warehouse table can be kept in (``USING csv``); a CSV or JSON table's files
# carry no schema, so its format and schema are kept among its properties.
FILE_FORMATS = ("parquet", "csv", "json")
_FORMAT_KEY = "engine.provider"
_SCHEMA_KEY = "engine.schema"


def table_format(session: Any, name: str) -> str:
    """The file format warehouse table `name` is kept in."""
    return table_properties(session, name).get(_FORMAT_KEY, "parquet")


def _record_format(session: Any, name: str, fmt: str, schema: T.StructType) -> None:
    if fmt != "parquet":
        set_properties(session, name, {_FORMAT_KEY: fmt, _SCHEMA_KEY: json.dumps(schema.jsonValue())})


def _check_format(fmt: str, partitioned: bool) -> str:
    fmt = "parquet" if fmt == "delta" else fmt
    if fmt not in FILE_FORMATS or (partitioned and fmt != "parquet"):
        raise AnalysisException(
            f"[UNSUPPORTED_FEATURE] The feature is not supported: {'partitioned ' if partitioned else ''}tables "
            f"stored as {fmt}; engine's warehouse tables are Parquet, CSV or JSON (partitioned: Parquet).",
            "UNSUPPORTED_FEATURE",
        )
    return fmt


def create_table(
    session: Any,
    name: str,
    schema: T.StructType,
    if_not_exists: bool = False,
    partition_by: tuple[str, ...] = (),
    fmt: str = "parquet",
) -> None:
    """``CREATE TABLE name (cols) USING fmt [PARTITIONED BY (p)]``: an empty table with
    `schema`, its partition columns moved last as Spark orders them."""
    fmt = _check_format(fmt, bool(partition_by))
    path = table_path(session, name)
    if os.path.isdir(path):
        if if_not_exists:
            return
        raise already_exists(name)
    by_name = {f.name.lower(): f for f in schema.fields}
    parts = [by_name[p.lower()] for p in partition_by]
    schema = T.StructType([f for f in schema.fields if f not in parts] + parts)
    os.makedirs(path)
    if fmt == "parquet":
        pq.write_table(pa.Table.from_batches([], T.to_arrow_schema(schema)), os.path.join(path, _EMPTY_FILE))
    _record_format(session, name, fmt, schema)
    _set_partitioning(path, parts)


_LAYOUT_FILE = "_partitioning.json"  # hidden: a PARTITIONED BY table's partition columns and types


def partition_fields(session: Any, name: str) -> list[T.StructField]:
    """Warehouse table `name`'s partition columns (PARTITIONED BY) with their types, in order."""
    file = os.path.join(table_path(session, name), _LAYOUT_FILE)
    if not os.path.exists(file):
        return []
    with open(file) as f:
        return list(T.StructType.fromJson(json.load(f)).fields)


def _set_partitioning(path: str, fields: list[T.StructField]) -> None:
    if fields:
        with open(os.path.join(path, _LAYOUT_FILE), "w") as f:
            json.dump(T.StructType(fields).jsonValue(), f)


def _partitioned_rows_written(path: str, fields: list[T.StructField]) -> None:
    """After rows were written in partition directories: the partitioning is recorded, and an
    empty table's file at the root (which would clash with the directories) goes."""
    _set_partitioning(path, fields)
    if fields and os.path.exists(os.path.join(path, _EMPTY_FILE)):
        os.remove(os.path.join(path, _EMPTY_FILE))


def drop_table(session: Any, name: str) -> bool:
    path = table_path(session, name)
    _cached_tables(session).pop(os.path.basename(path), None)
    if not os.path.isdir(path):
        return False
    shutil.rmtree(path)
    return True


_PROPERTIES_FILE = "_tblproperties.json"  # a hidden file: file listing skips names starting "_"


def truncate_table(session: Any, name: str) -> None:
    """``TRUNCATE TABLE``: no rows left; the schema (kept in an empty file) stays."""
    path = table_path(session, name)
    columns = output(warehouse_table(session, name.lower()))  # type: ignore[arg-type]
    schema = T.to_arrow_schema(T.StructType([T.StructField(a.name, a.dtype, True) for a in columns]))
    properties, parts = table_properties(session, name), partition_fields(session, name)
    shutil.rmtree(path)
    os.makedirs(path)
    if properties.get(_FORMAT_KEY, "parquet") == "parquet":
        pq.write_table(pa.Table.from_batches([], schema), os.path.join(path, _EMPTY_FILE))
    set_properties(session, name, properties)
    _set_partitioning(path, parts)
    _cached_tables(session).pop(os.path.basename(path), None)


def rename_table(session: Any, name: str, new_name: str) -> None:
    """``ALTER TABLE t RENAME TO u``: the table's files move to `u`'s place."""
    target = table_path(session, new_name)
    if os.path.isdir(target) or new_name.lower() in session._views:
        raise already_exists(new_name)
    os.rename(table_path(session, name), target)
    _cached_tables(session).pop(os.path.basename(table_path(session, name)), None)


def add_columns(session: Any, name: str, columns: list[tuple[str, T.DataType]], fills: dict[str, Any] | None = None) -> None:
    """``ALTER TABLE t ADD COLUMNS (c type [DEFAULT v], ...)``: every row gets the new columns as
    NULL, or as `fills[c]` (the column's DEFAULT value, as Spark fills existing rows).

    The files are rewritten with the wider schema, so every file of the table agrees on it."""
    existing = {a.name.lower() for a in output(warehouse_table(session, name.lower()))}  # type: ignore[arg-type]
    for col, _ in columns:
        if col.lower() in existing:
            raise AnalysisException(
                f"[COLUMN_ALREADY_EXISTS] The column `{col.lower()}` already exists. Choose another name or "
                "rename the existing column. SQLSTATE: 42711",
                "COLUMN_ALREADY_EXISTS",
            )
    path = table_path(session, name)
    table = session.execute(warehouse_table(session, name.lower()))
    for col, dtype in columns:
        value = (fills or {}).get(col)
        filled = (
            pa.nulls(table.num_rows, T.to_arrow(dtype)) if value is None
            else pa.array([value], T.to_arrow(dtype)).take(pa.array(np.zeros(table.num_rows, dtype=np.int64)))
        )  # fmt: skip
        table = table.append_column(pa.field(col, T.to_arrow(dtype)), filled)
    properties = table_properties(session, name)
    fmt = properties.get(_FORMAT_KEY, "parquet")
    if fmt == "parquet":
        shutil.rmtree(path)
        os.makedirs(path)
        pq.write_table(table, os.path.join(path, _EMPTY_FILE))
    else:
        from engine.api.execution import write_plan

        write_plan(session, session.in_memory(table), path, fmt, "overwrite", [], {})
    set_properties(session, name, properties)
    _record_format(session, name, fmt, T.from_arrow_schema(table.schema))
    _cached_tables(session).pop(os.path.basename(path), None)


def qualified(name: str) -> str:
    """``spark_catalog.default.t``: a warehouse table's full name, as Spark prints it."""
    parts = [p.strip("`") for p in name.split(".")]
    database = parts[-2].lower() if len(parts) > 1 else DATABASE
    return f"{CATALOG}.{database}.{os.path.basename(parts[-1]).lower()}"


def table_properties(session: Any, name: str) -> dict[str, str]:
    """The TBLPROPERTIES set on warehouse table `name`."""
    file = os.path.join(table_path(session, name), _PROPERTIES_FILE)
    if not os.path.exists(file):
        return {}
    with open(file) as f:
        loaded: dict[str, str] = json.load(f)
    return loaded


# Column comments (``a INT COMMENT 'c'``, ``ALTER COLUMN a COMMENT 'c'``) and the table's own
# (``COMMENT 'c'``, createTable's description) are kept among the table's properties under
# engine's prefix, so every rewrite that keeps the properties keeps them.
_OWN_KEY = "engine."
_COMMENT_KEY = "engine.column.comment."
TABLE_COMMENT_KEY = "engine.table.comment"


def user_properties(properties: dict[str, str]) -> dict[str, str]:
    """The TBLPROPERTIES a user set (SHOW TBLPROPERTIES), without engine's own entries."""
    return {k: v for k, v in properties.items() if not k.startswith(_OWN_KEY)}


def column_comments(session: Any, name: str) -> dict[str, str]:
    """Warehouse table `name`'s column comments, by lower-cased column name."""
    props = table_properties(session, name)
    return {k[len(_COMMENT_KEY) :]: v for k, v in props.items() if k.startswith(_COMMENT_KEY)}


def set_column_comments(session: Any, name: str, comments: dict[str, str]) -> None:
    set_properties(session, name, {_COMMENT_KEY + c.lower(): text for c, text in comments.items()})


def set_properties(session: Any, name: str, changes: dict[str, str | None]) -> None:
    """``ALTER TABLE t SET TBLPROPERTIES`` (a value) / ``UNSET TBLPROPERTIES`` (None)."""
    properties = {**table_properties(session, name), **changes}
    with open(os.path.join(table_path(session, name), _PROPERTIES_FILE), "w") as f:
        json.dump({k: v for k, v in properties.items() if v is not None}, f)


def save_as_table(writer: Any, name: str) -> None:
    """``df.write.saveAsTable(name)`` with the writer's mode (error / ignore / overwrite / append)."""
    from engine.api.execution import write_plan

    df = writer._df
    session = df._session
    fmt = _check_format(writer._format, bool(writer._partition_by))
    path = table_path(session, name)
    exists = os.path.isdir(path)
    if exists and writer._mode == "errorifexists":
        raise already_exists(name)
    if exists and writer._mode == "ignore":
        return
    plan = df._plan
    if exists and writer._mode == "append":
        plan = _aligned(session, name, _by_name(session, name, plan))
    _cached_tables(session).pop(os.path.basename(path), None)
    declared = partition_fields(session, name) if exists and writer._mode == "append" else []
    partition_by = writer._partition_by or [f.name for f in declared]
    properties = table_properties(session, name) if exists and writer._mode == "append" else {}
    fmt = properties.get(_FORMAT_KEY, fmt)
    write_plan(session, plan, path, fmt, writer._mode, partition_by, writer._options)
    if properties:
        set_properties(session, name, properties)
    elif fmt != "parquet":
        _record_format(session, name, fmt, T.StructType([T.StructField(a.name, a.dtype, True) for a in output(plan)]))
    attrs = {a.name: a for a in output(plan)}
    _partitioned_rows_written(path, [T.StructField(p, attrs[p].dtype, True) for p in partition_by if p in attrs])


def insert_into(writer: Any, name: str, overwrite: bool) -> None:
    """``INSERT INTO`` / ``insertInto``: rows of the writer's DataFrame, matched to the table's
    columns by position and cast to their types, appended (or replacing the rows)."""
    from engine.api.execution import write_plan

    session = writer._df._session
    if not table_exists(session, name):
        raise table_not_found(name)
    plan = _aligned(session, name, writer._df._plan)
    if overwrite:  # read the rows first: the query may read the table it replaces
        plan = session.in_memory(session.execute(plan))
    path = table_path(session, name)
    _cached_tables(session).pop(os.path.basename(path), None)
    parts = partition_fields(session, name)
    properties = table_properties(session, name)
    fmt = properties.get(_FORMAT_KEY, "parquet")
    write_plan(session, plan, path, fmt, "overwrite" if overwrite else "append", [f.name for f in parts], writer._options)
    if parts or overwrite:  # an overwrite replaced the directory with its hidden files
        _partitioned_rows_written(path, parts)
        set_properties(session, name, properties)


def _by_name(session: Any, name: str, plan: LogicalPlan) -> LogicalPlan:
    """`plan`'s columns in the table's order, found by name (ignoring case): unlike insertInto,
    saveAsTable's append matches columns by name, as Spark's does; a different column count is
    Spark's legacy error naming both schemas."""
    target = output(warehouse_table(session, name.lower()))  # type: ignore[arg-type]
    source = output(plan)
    if len(source) != len(target):
        def shown(attrs: Any) -> str:
            return T.StructType([T.StructField(a.name, a.dtype, a.nullable) for a in attrs]).simpleString()

        raise AnalysisException(
            f"The column number of the existing table {CATALOG}.{DATABASE}.{name.lower()} ({shown(target)}) "
            f"doesn't match the data schema ({shown(source)}).",
            "_LEGACY_ERROR_TEMP_1161",
        )
    by_lower = {a.name.lower(): a for a in source}
    if [a.name.lower() for a in source] == [t.name.lower() for t in target] or any(
        t.name.lower() not in by_lower for t in target
    ):
        return plan
    return L.Project(plan, tuple(by_lower[t.name.lower()] for t in target))


def _aligned(session: Any, name: str, plan: LogicalPlan) -> LogicalPlan:
    target = output(warehouse_table(session, name.lower()))  # type: ignore[arg-type]
    source = output(plan)
    if len(source) != len(target):
        raise AnalysisException(
            f"[INSERT_COLUMN_ARITY_MISMATCH.{'TOO_MANY' if len(source) > len(target) else 'NOT_ENOUGH'}_DATA_COLUMNS] "
            f"Cannot write to `{CATALOG}`.`{DATABASE}`.`{name}`: the table has {len(target)} columns but the data "
            f"to insert has {len(source)}.",
            f"INSERT_COLUMN_ARITY_MISMATCH.{'TOO_MANY' if len(source) > len(target) else 'NOT_ENOUGH'}_DATA_COLUMNS",
        )
    for s, t in zip(source, target):
        if not _store_assignable(s.dtype, t.dtype):
            raise AnalysisException(
                f"[INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST] Cannot write incompatible data for the table "
                f"`{CATALOG}`.`{DATABASE}`.`{name}`: Cannot safely cast `{t.name}` \"{s.dtype.simpleString().upper()}\" "
                f"to \"{t.dtype.simpleString().upper()}\". SQLSTATE: KD000",
                "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST",
            )
    exprs = tuple(
        n.Alias(s if s.dtype == t.dtype else n.Cast(s, t.dtype, insert_column=t.name), t.name)
        for s, t in zip(source, target)
    )
    return L.Project(plan, exprs)


_DATETIMES = (T.DateType, T.TimestampType, T.TimestampNTZType)


def _store_assignable(source: T.DataType, target: T.DataType) -> bool:
    """Whether INSERT may cast `source` to the column's `target` (Spark's ANSI store assignment):
    numbers into numbers, anything into a string, dates and timestamps into each other; text
    into a number or date is refused rather than parsed. Nested types are left to the cast."""
    if source == target or isinstance(source, T.NullType) or isinstance(target, T.StringType):
        return True
    if T.is_numeric(source) and T.is_numeric(target):
        return True
    if isinstance(source, _DATETIMES) and isinstance(target, _DATETIMES):
        return True
    nested = (T.ArrayType, T.MapType, T.StructType)
    return isinstance(source, nested) and isinstance(target, nested)


def already_exists(name: str) -> AnalysisException:
    """Spark's error for creating table `name` over an existing one."""
    qualified = f"`{CATALOG}`.`{DATABASE}`.`{os.path.basename(name.split('.')[-1].strip('`')).lower()}`"
    return AnalysisException(
        f"[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view {qualified} because it already exists.\n"
        "Choose a different name, drop or replace the existing object, or add the IF NOT EXISTS clause to "
        "tolerate pre-existing objects.",
        "TABLE_OR_VIEW_ALREADY_EXISTS",
        {"relationName": qualified},
    )


def table_not_found(name: str, *, qualified: bool = False, suggestions: list[str] | None = None) -> AnalysisException:
    """Spark's TABLE_OR_VIEW_NOT_FOUND for `name`, with its search path. `qualified` is how DROP
    reports it (the name with catalog and database, searched there only). Nearby names go in a
    note, shown with the traceback, since Spark's message has none.

    >>> str(table_not_found("t")).splitlines()[1]
    'Search path: [`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`].'
    """
    parts = [p.strip("`") for p in name.split(".")]
    if qualified:
        parts = [CATALOG, DATABASE, *parts][-3:] if len(parts) < 3 else parts
    relation = ".".join(f"`{p}`" for p in parts)
    home = f"`{CATALOG}`.`{DATABASE}`"
    path = f"[{home}]" if qualified else f"[`system`.`builtin`, `system`.`session`, {home}]"
    err = AnalysisException(
        f"[TABLE_OR_VIEW_NOT_FOUND] The table or view {relation} cannot be found. Verify the spelling and "
        f"correctness of the schema and catalog.\nSearch path: {path}.\nIf you did not qualify the name with a "
        "schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\n"
        "To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.",
        "TABLE_OR_VIEW_NOT_FOUND",
        {"relationName": relation, "searchPath": path},
    )
    if suggestions:
        err.add_note(f"Did you mean one of: {', '.join(suggestions)}?")
    return err


def _cached_tables(session: Any) -> dict[str, LogicalPlan]:
    """Warehouse tables pinned by ``CACHE TABLE`` / ``cacheTable``, by name."""
    if not hasattr(session, "_cached_tables"):
        session._cached_tables = {}
    return session._cached_tables  # type: ignore[no-any-return]


def _warehouse_names(session: Any, database: str) -> list[str]:
    """The tables of `database` (its directory's entries that are neither hidden nor databases)."""
    root = D.database_dir(warehouse_dir(session), database)
    if not os.path.isdir(root):
        return []
    return sorted(
        d for d in os.listdir(root)
        if os.path.isdir(os.path.join(root, d)) and not d.startswith((".", "_")) and not D.is_database_dir(d)
    )  # fmt: skip


# ---------------------------------------------------------------------------- spark.catalog


class Catalog:
    """``spark.catalog``: the session's temp views and the warehouse's tables."""

    def __init__(self, session: Any) -> None:
        self._session = session

    def currentCatalog(self) -> str:  # noqa: N802
        return CATALOG

    def setCurrentCatalog(self, catalogName: str) -> None:  # noqa: N802, N803
        if catalogName.lower() != CATALOG:
            raise AnalysisException(f"[CATALOG_NOT_FOUND] The catalog `{catalogName}` not found.", "CATALOG_NOT_FOUND")

    def listCatalogs(self, pattern: str | None = None) -> list[CatalogMetadata]:  # noqa: N802
        return [c for c in [CatalogMetadata(CATALOG, None)] if pattern is None or _like(c.name, pattern)]

    def currentDatabase(self) -> str:  # noqa: N802
        return D.current_database(self._session)

    def setCurrentDatabase(self, dbName: str) -> None:  # noqa: N802, N803
        D.set_current_database(self._session, warehouse_dir(self._session), dbName)

    def listDatabases(self, pattern: str | None = None) -> list[Database]:  # noqa: N802
        root = warehouse_dir(self._session)
        return [
            Database(d, CATALOG, dict(D.describe_database(root, d, False))["Comment"], "file:" + D.database_dir(root, d))
            for d in D.database_names(root) if pattern is None or _like(d, pattern)
        ]  # fmt: skip

    def databaseExists(self, dbName: str) -> bool:  # noqa: N802, N803
        return D.database_exists(warehouse_dir(self._session), dbName)

    def listTables(self, dbName: str | None = None, pattern: str | None = None) -> list[Table]:  # noqa: N802, N803
        """Warehouse tables, then temp views (Spark's order), each filtered by `pattern` (``*`` wildcards)."""
        database = dbName or D.current_database(self._session)
        local = [Table(v, None, [], None, "TEMPORARY", True) for v in sorted(self._session._views) if "." not in v]
        if database.lower() == GLOBAL_TEMP:  # the global temp views, then the session's own
            shared = [
                Table(v.split(".")[1], None, [GLOBAL_TEMP], None, "TEMPORARY", True)
                for v in sorted(self._session._views) if v.startswith(GLOBAL_TEMP + ".")
            ]  # fmt: skip
            return [t for t in shared + local if pattern is None or _like(t.name, pattern)]
        D.check_exists(warehouse_dir(self._session), database)
        root = D.database_dir(warehouse_dir(self._session), database)
        tables = [
            Table(
                t, CATALOG, [database.lower()], table_properties(self._session, f"{database}.{t}").get(TABLE_COMMENT_KEY),
                "VIEW" if PV.is_view(os.path.join(root, t)) else "MANAGED", False,
            )
            for t in _warehouse_names(self._session, database)
        ]  # fmt: skip
        return [t for t in tables + local if pattern is None or _like(t.name, pattern)]

    def createTable(  # noqa: N802
        self,
        tableName: str,  # noqa: N803
        path: str | None = None,
        source: str | None = None,
        schema: T.StructType | None = None,
        description: str | None = None,
        **options: str,
    ) -> Any:
        """An empty warehouse table with `schema` (Parquet), returned as a DataFrame; a table over
        files at `path` (an external table) is not kept by engine's warehouse."""
        if path is not None or options.get("path"):
            raise AnalysisException(
                "[UNSUPPORTED_FEATURE] The feature is not supported: tables over files at a path (external tables); "
                "read the files with spark.read and save them with saveAsTable.",
                "UNSUPPORTED_FEATURE",
            )
        if (source or "parquet").lower() not in ("parquet", "delta"):
            raise AnalysisException(
                f"[UNSUPPORTED_FEATURE] The feature is not supported: tables stored as {source}; engine's warehouse "
                "tables are Parquet.",
                "UNSUPPORTED_FEATURE",
            )
        if schema is None:
            raise AnalysisException(
                "[UNSUPPORTED_FEATURE] The feature is not supported: createTable without a schema or a path.",
                "UNSUPPORTED_FEATURE",
            )
        create_table(self._session, tableName, schema)
        if description is not None:
            set_properties(self._session, tableName, {TABLE_COMMENT_KEY: description})
        return self._session.table(tableName)

    createExternalTable = createTable  # noqa: N815 - PySpark's deprecated name

    def getDatabase(self, dbName: str) -> Database:  # noqa: N802, N803
        for d in self.listDatabases():
            if d.name == dbName.lower():
                return d
        raise D.schema_not_found(dbName)

    def functionExists(self, functionName: str, dbName: str | None = None) -> bool:  # noqa: N802, N803
        """Whether a built-in function or a UDF registered in the session has this name."""
        from engine.expr.registry import all_functions
        from engine.expr.resolve import SESSION_UDFS

        name = functionName.lower()
        return name in all_functions() or name in SESSION_UDFS

    def recoverPartitions(self, tableName: str) -> None:  # noqa: N802, N803
        """Partitions are found by listing the table's directories at each query: nothing to recover."""
        if not partition_fields(self._session, tableName):
            self._session.lookup_table(tableName)
            raise AnalysisException(
                f"[NOT_A_PARTITIONED_TABLE] Operation `recoverPartitions()` is not allowed on `{tableName}` as it is "
                "not a partitioned table. SQLSTATE: 42809",
                "NOT_A_PARTITIONED_TABLE",
            )

    def getTable(self, tableName: str) -> Table:  # noqa: N802, N803
        name = tableName.lower().split(".")[-1]
        for t in self.listTables():
            if t.name == name:
                return t
        self._session.lookup_table(tableName)  # raises TABLE_OR_VIEW_NOT_FOUND if it is nowhere
        return Table(name, None, [], None, "TEMPORARY", True)

    def tableExists(self, tableName: str, dbName: str | None = None) -> bool:  # noqa: N802, N803
        name = f"{dbName}.{tableName}" if dbName else tableName
        return name.lower() in self._session._views or table_exists(self._session, name)

    def listColumns(self, tableName: str, dbName: str | None = None) -> list[Column]:  # noqa: N802, N803
        name = f"{dbName}.{tableName}" if dbName else tableName
        plan = self._session.lookup_table(name)
        stored = name.lower() not in self._session._views and table_exists(self._session, name)
        comments = column_comments(self._session, name) if stored else {}
        parts = {f.name.lower() for f in partition_fields(self._session, name)} if stored else set()
        return [
            Column(a.name, comments.get(a.name.lower()), a.dtype.simpleString(), a.nullable, a.name.lower() in parts, False)
            for a in output(plan)
        ]

    def dropTempView(self, viewName: str) -> bool:  # noqa: N802, N803
        return bool(self._session.drop_view(viewName))

    def dropGlobalTempView(self, viewName: str) -> bool:  # noqa: N802, N803
        return bool(self._session.drop_view(f"global_temp.{viewName}"))

    def isCached(self, tableName: str) -> bool:  # noqa: N802, N803
        self._session.lookup_table(tableName)  # raises TABLE_OR_VIEW_NOT_FOUND, as Spark
        key = tableName.lower()
        view = self._session._views.get(key)
        return isinstance(view, L.Cached) or key.split(".")[-1] in _cached_tables(self._session)

    def cacheTable(self, tableName: str, storageLevel: Any = None) -> None:  # noqa: N802, N803
        """Keeps the table's rows after the first query that reads them, for later queries."""
        from engine.api.dataframe import DataFrame

        key = tableName.lower()
        if self.isCached(key):
            return
        plan = self._session.lookup_table(tableName)
        cached = DataFrame(self._session, plan.input if isinstance(plan, L.SubqueryAlias) else plan).cache()._plan
        if key in self._session._views:
            self._session._views[key] = cached
        else:
            _cached_tables(self._session)[key.split(".")[-1]] = cached

    def uncacheTable(self, tableName: str) -> None:  # noqa: N802, N803
        key = tableName.lower()
        view = self._session._views.get(key)
        if isinstance(view, L.Cached):
            self._session._views[key] = _release(self._session, view)
        cached = _cached_tables(self._session).pop(key.split(".")[-1], None)
        if isinstance(cached, L.Cached):
            _release(self._session, cached)

    def clearCache(self) -> None:  # noqa: N802
        for key, view in list(self._session._views.items()):
            if isinstance(view, L.Cached):
                self._session._views[key] = _release(self._session, view)
        for cached in _cached_tables(self._session).values():
            if isinstance(cached, L.Cached):
                _release(self._session, cached)
        _cached_tables(self._session).clear()

    def refreshTable(self, tableName: str) -> None:  # noqa: N802, N803
        """Files are listed when a query is planned, so there is nothing stale to drop."""
        self._session.lookup_table(tableName)

    def refreshByPath(self, path: str) -> None:  # noqa: N802
        return None


def _release(session: Any, plan: L.Cached) -> LogicalPlan:
    entry = session._cache.pop(plan.cache_id, None)
    if entry is not None and getattr(entry, "outputs", None):
        session._backend.release([b for blocks in entry.outputs.values() for b in blocks])
    return plan.input


def _like(name: str, pattern: str) -> bool:
    import fnmatch

    return any(fnmatch.fnmatch(name.lower(), p.strip().lower()) for p in pattern.split("|"))
