"""The Catalog members PySpark 4 added over its SQL commands (createDatabase, dropTable,
listViews, truncateTable, getTableProperties, listPartitions, ...) and listFunctions /
getFunction: each runs the statement Spark documents it as, so the two cannot disagree."""

from __future__ import annotations

from typing import Any, NamedTuple

from engine.api.catalog import CATALOG
from engine.errors import AnalysisException


class Function(NamedTuple):
    """A function ``spark.catalog.listFunctions`` lists. Spark fills `description` and
    `className` from its JVM classes; engine has neither, so they are None."""

    name: str
    catalog: str | None
    namespace: list[str] | None
    description: str | None
    className: str | None
    isTemporary: bool


class TablePartition(NamedTuple):
    partition: str


def _rows(session: Any, statement: str) -> list[Any]:
    rows: list[Any] = session.sql(statement).collect()
    return rows


def _literal(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def strip_catalog(name: str) -> str:
    """`name` without a leading ``spark_catalog.`` (engine's only catalog): ``spark_catalog.db`` -> ``db``."""
    head, _, rest = name.partition(".")
    return rest if rest and head.strip("`").lower() == CATALOG else name


def create_database(session: Any, name: str, if_not_exists: bool, properties: dict[str, str] | None) -> None:
    """``CREATE DATABASE [IF NOT EXISTS] name [COMMENT c] [LOCATION l] [WITH DBPROPERTIES (...)]``,
    the ``comment`` and ``location`` keys of `properties` given as their clauses, as Spark does."""
    props = dict(properties or {})
    clauses = ["CREATE DATABASE", "IF NOT EXISTS" if if_not_exists else "", name]
    if "comment" in props:
        clauses.append("COMMENT " + _literal(props.pop("comment")))
    if "location" in props:
        clauses.append("LOCATION " + _literal(props.pop("location")))
    if props:
        pairs = ", ".join(f"{_literal(k)} = {_literal(v)}" for k, v in props.items())
        clauses.append(f"WITH DBPROPERTIES ({pairs})")
    _rows(session, " ".join(c for c in clauses if c))


def drop_database(session: Any, name: str, if_exists: bool, cascade: bool) -> None:
    _rows(session, f"DROP DATABASE {'IF EXISTS ' if if_exists else ''}{name}{' CASCADE' if cascade else ''}")


def drop_table(session: Any, name: str, if_exists: bool, purge: bool) -> None:
    _rows(session, f"DROP TABLE {'IF EXISTS ' if if_exists else ''}{name}{' PURGE' if purge else ''}")


def drop_view(session: Any, name: str, if_exists: bool) -> None:
    _rows(session, f"DROP VIEW {'IF EXISTS ' if if_exists else ''}{name}")


def truncate_table(session: Any, name: str) -> None:
    _rows(session, f"TRUNCATE TABLE {name}")


def analyze_table(session: Any, name: str, no_scan: bool) -> None:
    _rows(session, f"ANALYZE TABLE {name} COMPUTE STATISTICS{' NOSCAN' if no_scan else ''}")


def table_properties(session: Any, name: str) -> dict[str, str]:
    return {r[0]: r[1] for r in _rows(session, f"SHOW TBLPROPERTIES {name}")}


def create_table_string(session: Any, name: str, as_serde: bool) -> str:
    text: str = _rows(session, f"SHOW CREATE TABLE {name}{' AS SERDE' if as_serde else ''}")[0][0]
    return text


def list_partitions(session: Any, name: str) -> list[TablePartition]:
    return [TablePartition(r[0]) for r in _rows(session, f"SHOW PARTITIONS {name}")]


def list_views(session: Any, db_name: str | None, pattern: str | None) -> list[Any]:
    """The persistent views of `db_name` (the current database if None) and the session's temp
    views, as ``SHOW VIEWS [IN db] [LIKE pattern]`` lists them, in Catalog.listTables' shape."""
    from engine.api.catalog_api import Table

    statement = "SHOW VIEWS" + (f" IN {strip_catalog(db_name)}" if db_name else "")
    statement += f" LIKE {_literal(pattern)}" if pattern is not None else ""
    return [
        Table(r.viewName, None, [], None, "TEMPORARY", True) if r.isTemporary
        else Table(r.viewName, CATALOG, [r.namespace], None, "VIEW", False)
        for r in _rows(session, statement)
    ]  # fmt: skip


def list_functions(session: Any, pattern: str | None) -> list[Function]:
    """Built-in functions and the session's UDFs whose names match `pattern` (``*`` wildcards,
    ``|`` between alternatives), sorted by name as ``SHOW FUNCTIONS`` gives them."""
    statement = "SHOW FUNCTIONS" + (f" LIKE {_literal(pattern)}" if pattern is not None else "")
    return [Function(r[0], None, None, None, None, True) for r in _rows(session, statement)]


def get_function(session: Any, name: str) -> Function:
    """The function `name` resolves to (a built-in or a UDF of the session); Spark's
    UNRESOLVED_ROUTINE when there is none. A qualified name (``default.f``) names a persistent
    function, which engine has none of (CREATE FUNCTION is not supported)."""
    from engine.expr.registry import all_functions
    from engine.expr.resolve import SESSION_UDFS

    bare = name.strip("`").lower()
    if "." not in name and (bare in all_functions() or bare in SESSION_UDFS):
        return Function(bare, None, None, None, None, True)
    routine = ".".join(f"`{p.strip('`')}`" for p in name.split("."))
    msg = (
        f"[UNRESOLVED_ROUTINE] Cannot resolve routine {routine} on search path "
        f"[`system`.`builtin`, `system`.`session`, `{CATALOG}`.`default`]. SQLSTATE: 42883"
    )
    raise AnalysisException(msg, "UNRESOLVED_ROUTINE", {"routineName": routine})
