"""``spark.catalog``: the session's temp views and the warehouse's databases, tables and views
(kept by `engine.api.catalog`), as PySpark's Catalog API lists and changes them."""

from __future__ import annotations

import os
from typing import Any, NamedTuple

from engine import types as T
from engine.api import catalog as W
from engine.api import catalog_ddl as DDL
from engine.api import databases as D
from engine.api import persistent_views as PV
from engine.api.catalog import (
    CATALOG,
    GLOBAL_TEMP,
    TABLE_COMMENT_KEY,
    column_comments,
    create_table,
    partition_fields,
    set_properties,
    table_exists,
    table_properties,
    warehouse_dir,
)
from engine.errors import AnalysisException
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output


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
        return D.database_exists(warehouse_dir(self._session), DDL.strip_catalog(dbName))

    def createDatabase(self, dbName: str, ifNotExists: bool = False, properties: dict[str, str] | None = None) -> None:  # noqa: N802, N803
        DDL.create_database(self._session, dbName, ifNotExists, properties)

    def dropDatabase(self, dbName: str, ifExists: bool = False, cascade: bool = False) -> None:  # noqa: N802, N803
        DDL.drop_database(self._session, dbName, ifExists, cascade)

    def dropTable(self, tableName: str, ifExists: bool = False, purge: bool = False) -> None:  # noqa: N802, N803
        DDL.drop_table(self._session, tableName, ifExists, purge)

    def dropView(self, viewName: str, ifExists: bool = False) -> None:  # noqa: N802, N803
        DDL.drop_view(self._session, viewName, ifExists)

    def listViews(self, dbName: str | None = None, pattern: str | None = None) -> list[Table]:  # noqa: N802, N803
        return DDL.list_views(self._session, dbName, pattern)  # type: ignore[no-any-return]

    def truncateTable(self, tableName: str) -> None:  # noqa: N802, N803
        DDL.truncate_table(self._session, tableName)

    def analyzeTable(self, tableName: str, noScan: bool = False) -> None:  # noqa: N802, N803
        DDL.analyze_table(self._session, tableName, noScan)

    def getTableProperties(self, tableName: str) -> dict[str, str]:  # noqa: N802, N803
        return DDL.table_properties(self._session, tableName)

    def getCreateTableString(self, tableName: str, asSerde: bool = False) -> str:  # noqa: N802, N803
        return DDL.create_table_string(self._session, tableName, asSerde)

    def listPartitions(self, tableName: str) -> list[DDL.TablePartition]:  # noqa: N802, N803
        return DDL.list_partitions(self._session, tableName)

    def listFunctions(self, dbName: str | None = None, pattern: str | None = None) -> list[DDL.Function]:  # noqa: N802, N803
        if dbName is not None:
            D.check_exists(warehouse_dir(self._session), DDL.strip_catalog(dbName))
        return DDL.list_functions(self._session, pattern)

    def getFunction(self, functionName: str) -> DDL.Function:  # noqa: N802, N803
        return DDL.get_function(self._session, functionName)

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
            for t in W.warehouse_names(self._session, database)
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
        dbName = DDL.strip_catalog(dbName)  # noqa: N806
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
        return isinstance(view, L.Cached) or key.split(".")[-1] in W.cached_tables(self._session)

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
            W.cached_tables(self._session)[key.split(".")[-1]] = cached

    def uncacheTable(self, tableName: str) -> None:  # noqa: N802, N803
        self._session.lookup_table(tableName)  # raises TABLE_OR_VIEW_NOT_FOUND, as Spark
        key = tableName.lower()
        view = self._session._views.get(key)
        if isinstance(view, L.Cached):
            self._session._views[key] = _release(self._session, view)
        cached = W.cached_tables(self._session).pop(key.split(".")[-1], None)
        if isinstance(cached, L.Cached):
            _release(self._session, cached)

    def clearCache(self) -> None:  # noqa: N802
        for key, view in list(self._session._views.items()):
            if isinstance(view, L.Cached):
                self._session._views[key] = _release(self._session, view)
        for cached in W.cached_tables(self._session).values():
            if isinstance(cached, L.Cached):
                _release(self._session, cached)
        W.cached_tables(self._session).clear()

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
