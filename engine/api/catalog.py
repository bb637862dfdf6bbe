"""The warehouse: tables (and persistent views) under a directory, as ``spark.catalog``
(`catalog_api`) and the SQL commands keep them.

A table ``t`` saved with ``saveAsTable`` or ``CREATE TABLE`` lives in
``<spark.sql.warehouse.dir>/t`` (default ``./spark-warehouse/t``) as Parquet (or CSV/JSON)
files, a table of another database ``d`` in ``<warehouse>/d.db/t`` (see `databases`), in one
catalog, ``spark_catalog``, as in a plain local Spark.
"""

from __future__ import annotations

import json
import os
import shutil
from typing import Any

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
    cached = cached_tables(session).get(key.split(".")[-1])
    if cached is not None:
        return L.SubqueryAlias(cached, key.split(".")[-1])
    if not table_exists(session, key):
        return None
    from engine.api.readwriter import file_scan, session_read_options

    path = table_path(session, key)
    if PV.is_view(path):
        return L.SubqueryAlias(PV.view_plan(session, path), os.path.basename(path))
    props = table_properties(session, key)
    fmt = props.get(_FORMAT_KEY, "parquet")
    schema = T.StructType.fromJson(json.loads(props[_SCHEMA_KEY])) if _SCHEMA_KEY in props else None
    plan: LogicalPlan = file_scan(fmt, path, session_read_options(session, {}), schema)
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
    cached_tables(session).pop(os.path.basename(path), None)
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
    cached_tables(session).pop(os.path.basename(path), None)


def rename_table(session: Any, name: str, new_name: str) -> None:
    """``ALTER TABLE t RENAME TO u``: the table's files move to `u`'s place."""
    target = table_path(session, new_name)
    if os.path.isdir(target) or new_name.lower() in session._views:
        raise already_exists(new_name)
    os.rename(table_path(session, name), target)
    cached_tables(session).pop(os.path.basename(table_path(session, name)), None)


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
    cached_tables(session).pop(os.path.basename(path), None)


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
    if exists and writer._mode == "overwrite" and _reads_files_under(plan, path):
        raise overwrite_of_source(name)
    if exists and writer._mode == "append":
        plan = _aligned(session, name, _by_name(session, name, plan))
    cached_tables(session).pop(os.path.basename(path), None)
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
    cached_tables(session).pop(os.path.basename(path), None)
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


def _reads_files_under(plan: LogicalPlan, path: str) -> bool:
    """Whether `plan` scans files at or below `path`: a table about to be overwritten from itself."""
    root = os.path.abspath(path)
    stack = [plan]
    while stack:
        node = stack.pop()
        if isinstance(node, L.FileScan):
            scanned = [os.path.abspath(p) for p in node.source.paths]
            if any(p == root or p.startswith(root + os.sep) for p in scanned):
                return True
        else:
            stack.extend(L.children(node))
    return False


def overwrite_of_source(name: str) -> AnalysisException:
    """Spark's error for ``saveAsTable`` in overwrite mode of a DataFrame that reads that table."""
    target = ".".join(f"`{p}`" for p in qualified(name).split("."))
    return AnalysisException(
        f"[UNSUPPORTED_OVERWRITE.TABLE] Can't overwrite the target that is also being read from. The target "
        f"table is {target}.",
        "UNSUPPORTED_OVERWRITE.TABLE",
        {"table": target},
    )


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


def cached_tables(session: Any) -> dict[str, LogicalPlan]:
    """Warehouse tables pinned by ``CACHE TABLE`` / ``cacheTable``, by name."""
    if not hasattr(session, "cached_tables"):
        session.cached_tables = {}
    return session.cached_tables  # type: ignore[no-any-return]


def warehouse_names(session: Any, database: str) -> list[str]:
    """The tables of `database` (its directory's entries that are neither hidden nor databases)."""
    root = D.database_dir(warehouse_dir(session), database)
    if not os.path.isdir(root):
        return []
    return sorted(
        d for d in os.listdir(root)
        if os.path.isdir(os.path.join(root, d)) and not d.startswith((".", "_")) and not D.is_database_dir(d)
    )  # fmt: skip
