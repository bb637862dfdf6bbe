"""Statements that report: SHOW ..., DESCRIBE ..., EXPLAIN, REFRESH, CLEAR CACHE, RESET.

Most have no grammar in sqlglot and are recognised by their text (`run_text_command`); each
returns its rows as a plan, with Spark's column names and nullability."""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
from sqlglot import exp

from engine import types as T
from engine.api import catalog as C
from engine.api.catalog_api import Catalog
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output
from sql import variables as V
from sql.commands import name_of, rows, table_not_view
from sql.partition_specs import NULL_PARTITION, PATH_ESCAPED


def describe(session: Any, q: Any, target: exp.Expr, extended: bool = False) -> LogicalPlan:
    """``DESCRIBE [EXTENDED] t``: one row per column (col_name, data_type, comment), then for a
    partitioned table Spark's ``# Partition Information`` block naming the partition columns
    again; EXTENDED adds a warehouse table's or view's ``# Detailed Table Information``."""
    plan = session.lookup_table(name_of(target)) if isinstance(target, exp.Table) else q.query(target)
    name = name_of(target) if isinstance(target, exp.Table) else ""
    table = bool(name) and name.lower() not in session._views and C.table_exists(session, name)
    comments = C.column_comments(session, name) if table else {}
    described = [(a.name, a.dtype.simpleString(), comments.get(a.name.lower())) for a in output(plan)]
    parts = C.partition_fields(session, name) if name and name.lower() not in session._views else []
    if parts:
        described += [("# Partition Information", "", ""), ("# col_name", "data_type", "comment")]
        described += [(f.name, f.dataType.simpleString(), None) for f in parts]
    if table:
        from sql.column_defaults import describe_rows

        described += describe_rows(session, name)
    if table and extended:
        described += _detailed_information(session, name)
    return rows(
        session,
        {"col_name": [r[0] for r in described], "data_type": [r[1] for r in described], "comment": [r[2] for r in described]},
        nullable=frozenset({"comment"}),
    )


def _detailed_information(session: Any, name: str) -> list[tuple[str, str, str]]:
    """DESCRIBE EXTENDED's ``# Detailed Table Information`` rows, in Spark's order."""
    import os
    import time

    from engine.api import persistent_views as PV
    from engine.compute.kernels.session_info import SPARK_VERSION

    path = C.table_path(session, name)
    _, database, table = C.qualified(name).split(".")
    created = time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(os.stat(path).st_mtime))
    info = [
        ("Catalog", C.CATALOG), ("Database", database), ("Table", table), ("Created Time", created),
        ("Last Access", "UNKNOWN"), ("Created By", f"Spark {SPARK_VERSION}"),
    ]  # fmt: skip
    if PV.is_view(path):
        text = PV.view_text(path)
        columns = ", ".join(f"`{a.name}`" for a in output(session.lookup_table(name)))
        info += [
            ("Type", "VIEW"), ("View Text", text), ("View Original Text", text), ("View Schema Mode", "COMPENSATION"),
            ("View Catalog and Namespace", f"{C.CATALOG}.{database}"), ("View Query Output Columns", f"[{columns}]"),
        ]  # fmt: skip
    else:
        props = C.table_properties(session, name)
        info += [("Type", "MANAGED"), ("Provider", C.table_format(session, name))]
        if C.TABLE_COMMENT_KEY in props:
            info.append(("Comment", props[C.TABLE_COMMENT_KEY]))
        shown = C.user_properties(props)
        if shown:
            info.append(("Table Properties", "[" + ", ".join(f"{k}={v}" for k, v in sorted(shown.items())) + "]"))
        info.append(("Location", "file:" + path))
        if C.partition_fields(session, name):
            info.append(("Partition Provider", "Catalog"))
    return [("", "", ""), ("# Detailed Table Information", "", "")] + [(k, v, "") for k, v in info]


_COLUMN_STATISTICS = ("min", "max", "num_nulls", "distinct_count", "avg_col_len", "max_col_len", "histogram")


def _describe_column(session: Any, table: str, column: str, extended: bool) -> LogicalPlan:
    """``DESCRIBE [EXTENDED] t col``: (info_name, info_value) rows, ``NULL`` spelled out where
    nothing is known; EXTENDED adds the column statistics rows (none computed here)."""
    found = [a for a in output(session.lookup_table(table)) if a.name.lower() == column.lower()]
    if not found:
        raise AnalysisException(
            f"[COLUMN_NOT_FOUND] The column `{column}` cannot be found. Verify the spelling and correctness of the "
            'column name according to the SQL config "spark.sql.caseSensitive". SQLSTATE: 42703',
            "COLUMN_NOT_FOUND",
            {"colName": f"`{column}`", "caseSensitiveConfig": '"spark.sql.caseSensitive"'},
        )
    is_table = table.lower() not in session._views and C.table_exists(session, table)
    comment = C.column_comments(session, table).get(column.lower()) if is_table else None
    info = [("col_name", column), ("data_type", found[0].dtype.simpleString()), ("comment", comment or "NULL")]
    info += [(k, "NULL") for k in _COLUMN_STATISTICS] if extended else []
    return rows(session, {"info_name": [k for k, _ in info], "info_value": [v for _, v in info]})




def _show_partitions(session: Any, name: str, spec_text: str | None) -> LogicalPlan:
    """``SHOW PARTITIONS t [PARTITION (p = 'v')]``: one row per partition (those the spec names),
    ``p1=v1/p2=v2`` as Hive names its directory."""
    import pyarrow.compute as pc

    if name.lower() in session._views or not C.table_exists(session, name):
        raise C.table_not_found(name)
    parts = C.partition_fields(session, name)
    if not parts:
        raise AnalysisException(
            f"[INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY] The partition command is invalid. Table "
            f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))} is not partitioned. SQLSTATE: 42601",
            "INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY",
        )
    from sql.partition_specs import in_partition, listed_partitions, spec_pieces, static_partitions

    table = session.lookup_table(name)
    listed = listed_partitions(session, name)  # an added partition may have no rows yet
    if spec_text is not None:
        from sql.parse import parse_statement
        from sql.to_logical import QueryTranslator

        spec = parse_statement(f"INSERT INTO t PARTITION ({spec_text}) SELECT 1").this.args["partition"]
        static = static_partitions(session, name, spec, QueryTranslator(session))
        table = B.filter_(table, in_partition(table, static))
        listed = [d for d in listed if set(spec_pieces(session, name, static)) <= set(d.split("/"))]
    columns = [a for a in output(table) if a.name.lower() in {f.name.lower() for f in parts}]
    values = session.execute(L.Project(table, tuple(n.Alias(n.Cast(a, T.StringType()), a.name) for a in columns)))
    values = values.group_by(values.column_names, use_threads=False).aggregate([])
    pieces = []
    for a in columns:
        text = values.column(a.name)
        for ch in PATH_ESCAPED:
            text = pc.replace_substring(text, ch, f"%{ord(ch):02X}")
        pieces.append(pc.binary_join_element_wise(f"{a.name}=", pc.fill_null(text, NULL_PARTITION), ""))
    specs = pc.binary_join_element_wise(*pieces, "/") if pieces else pa.array([], pa.string())
    return rows(session, {"partition": sorted({*specs.to_pylist(), *listed})})


_EXPLAIN = re.compile(r"^\s*explain\s+(?:(extended|formatted|cost|codegen)\s+)?(.*)$", re.I | re.S)
_SHOW_TABLES = re.compile(r"^\s*show\s+tables(?:\s+(?:in|from)\s+(\S+))?(?:\s+(?:like\s+)?'([^']*)')?\s*;?\s*$", re.I)
_SHOW_DATABASES = re.compile(r"^\s*show\s+(?:databases|schemas|namespaces)(?:\s+(?:like\s+)?'([^']*)')?\s*;?\s*$", re.I)
_SHOW_COLUMNS = re.compile(r"^\s*show\s+columns\s+(?:in|from)\s+(\S+)(?:\s+(?:in|from)\s+(\S+))?\s*;?\s*$", re.I)
_SHOW_VIEWS = re.compile(r"^\s*show\s+views(?:\s+(?:in|from)\s+(\S+))?(?:\s+(?:like\s+)?'([^']*)')?\s*;?\s*$", re.I)
_SHOW_FUNCTIONS = re.compile(r"^\s*show\s+(?:(user|system|all)\s+)?functions(?:\s+(?:like\s+)?'([^']*)')?\s*;?\s*$", re.I)
_SHOW_CATALOGS = re.compile(r"^\s*show\s+catalogs(?:\s+(?:like\s+)?'([^']*)')?\s*;?\s*$", re.I)
_SHOW_NAMESPACE = re.compile(r"^\s*show\s+current\s+(?:namespace|schema|database)\s*;?\s*$", re.I)
_TBLPROPERTIES = re.compile(r"^\s*(show|alter\s+table\s+(\S+)\s+unset)\s+tblproperties\s+([^\s(]+)?\s*(?:\((.*)\))?\s*;?\s*$", re.I | re.S)
_DESCRIBE_COLUMN = re.compile(
    r"^\s*desc(?:ribe)?\s+(?:table\s+)?(?:(extended|formatted)\s+)?"
    r"(?!(?:query|function|database|schema|namespace|table|extended|formatted)\b)([\w.`]+)\s+([\w`]+)\s*;?\s*$",
    re.I,
)
_DESCRIBE_QUERY = re.compile(r"^\s*desc(?:ribe)?\s+query\s+(.*)$", re.I | re.S)
_SHOW_CREATE = re.compile(r"^\s*show\s+create\s+table\s+(\S+)\s*;?\s*$", re.I)
_REFRESH = re.compile(r"^\s*refresh\s+table\s+(\S+)\s*;?\s*$", re.I)
_CLEAR_CACHE = re.compile(r"^\s*clear\s+cache\s*;?\s*$", re.I)
_SHOW_PARTITIONS = re.compile(r"^\s*show\s+partitions\s+([^\s(]+)(?:\s+partition\s*\((.*)\))?\s*;?\s*$", re.I | re.S)
_RESET = re.compile(r"^\s*reset(?:\s+([\w.`-]+))?\s*;?\s*$", re.I)


def run_text_command(text: str, session: Any) -> LogicalPlan | None:
    """Statements sqlglot has no grammar for, recognised by their text: EXPLAIN, SHOW ...,
    REFRESH TABLE, CLEAR CACHE; None for anything else."""
    if m := _EXPLAIN.match(text):
        return _explain(session, m.group(1), m.group(2))
    if (dropped := V.drop_variable(text, session)) is not None:
        return dropped
    cat = Catalog(session)
    if m := _SHOW_TABLES.match(text):
        tables = cat.listTables(m.group(1), m.group(2))
        return rows(
            session,
            {"namespace": [t.namespace[0] if t.namespace else "" for t in tables], "tableName": [t.name for t in tables],
             "isTemporary": [t.isTemporary for t in tables]},
            {"isTemporary": pa.bool_()},
        )  # fmt: skip
    if m := _SHOW_VIEWS.match(text):
        views = [t for t in cat.listTables(m.group(1), m.group(2)) if t.isTemporary or t.tableType == "VIEW"]
        return rows(
            session,
            {"namespace": [t.namespace[0] if t.namespace else "" for t in views], "viewName": [t.name for t in views],
             "isTemporary": [t.isTemporary for t in views]},
            {"isTemporary": pa.bool_()},
        )  # fmt: skip
    if m := _SHOW_FUNCTIONS.match(text):
        return rows(session, {"function": _function_names((m.group(1) or "all").lower(), m.group(2))})
    if m := _SHOW_CATALOGS.match(text):
        return rows(session, {"catalog": [c.name for c in cat.listCatalogs(m.group(1))]})
    if _SHOW_NAMESPACE.match(text):
        return rows(session, {"catalog": [cat.currentCatalog()], "namespace": [cat.currentDatabase()]})
    if m := _SHOW_DATABASES.match(text):
        return rows(session, {"namespace": [d.name for d in cat.listDatabases(m.group(1))]})
    if m := _SHOW_COLUMNS.match(text):
        database = m.group(2).strip("`") if m.group(2) else None
        return rows(session, {"col_name": [c.name for c in cat.listColumns(m.group(1).strip("`"), database)]})
    if m := _DESCRIBE_COLUMN.match(text):
        return _describe_column(session, m.group(2).strip("`"), m.group(3).strip("`"), m.group(1) is not None)
    if m := _DESCRIBE_QUERY.match(text):  # ``DESCRIBE QUERY q`` is ``DESCRIBE q``
        from sql import to_plan

        return to_plan(f"DESCRIBE {m.group(1)}", session)
    if m := _TBLPROPERTIES.match(text):
        return _tblproperties(session, m)
    if m := _SHOW_CREATE.match(text):
        return _show_create(session, m.group(1).strip("`"))
    if m := _REFRESH.match(text):
        cat.refreshTable(m.group(1).strip("`"))
        return rows(session)
    if _CLEAR_CACHE.match(text):
        cat.clearCache()
        return rows(session)
    if m := _SHOW_PARTITIONS.match(text):
        return _show_partitions(session, m.group(1).strip("`"), m.group(2))
    if m := _RESET.match(text):
        session.conf.reset(m.group(1).replace("`", "") if m.group(1) else None)
        return rows(session)
    return None


def _tblproperties(session: Any, m: re.Match[str]) -> LogicalPlan:
    """``SHOW TBLPROPERTIES t [('k')]`` (rows key, value) / ``ALTER TABLE t UNSET TBLPROPERTIES ('k', ...)``."""
    keys = [k.strip().strip("'\"`") for k in (m.group(4) or "").split(",") if k.strip()]
    if m.group(2):
        C.set_properties(session, table_not_view(session, m.group(2).strip("`"), "ALTER TABLE ... UNSET TBLPROPERTIES"), dict.fromkeys(keys))
        return rows(session)
    name = (m.group(3) or "").strip("`")
    props = C.user_properties(C.table_properties(session, table_not_view(session, name, "SHOW TBLPROPERTIES")))
    shown = sorted(props.items()) if not keys else [(k, props.get(k, f"Table {C.qualified(name)} does not have property: {k}")) for k in keys]
    return rows(session, {"key": [k for k, _ in shown], "value": [v for _, v in shown]})


def _show_create(session: Any, name: str) -> LogicalPlan:
    """``SHOW CREATE TABLE t``: Spark's DDL text (column types in SQL spelling, strings with
    their collation), one row, column ``createtab_stmt``. Temp views have none."""
    if name.lower() in session._views:
        raise AnalysisException(
            f"[EXPECT_PERMANENT_VIEW_NOT_TEMP] 'SHOW CREATE TABLE' expects a permanent view but `{name}` is a temp view. SQLSTATE: 42809",
            "EXPECT_PERMANENT_VIEW_NOT_TEMP",
        )
    attrs = output(session.lookup_table(name))

    def sql_type(t: T.DataType) -> str:
        return "STRING COLLATE UTF8_BINARY" if isinstance(t, T.StringType) else t.simpleString().upper()

    comments = C.column_comments(session, name)

    def column(a: Any) -> str:
        said = comments.get(a.name.lower())
        return f"  {a.name} {sql_type(a.dtype)}" + (f" COMMENT '{said}'" if said is not None else "")

    text = f"CREATE TABLE {C.qualified(name)} (\n" + ",\n".join(column(a) for a in attrs) + f")\nUSING {C.table_format(session, name)}\n"
    parts = C.partition_fields(session, name)
    if parts:
        text += f"PARTITIONED BY ({', '.join(f.name for f in parts)})\n"
    table_comment = C.table_properties(session, name).get(C.TABLE_COMMENT_KEY)
    if table_comment is not None:
        text += f"COMMENT '{table_comment}'\n"
    props = C.user_properties(C.table_properties(session, name))
    if props:
        text += "TBLPROPERTIES (\n" + ",\n".join(f"  '{k}' = '{v}'" for k, v in sorted(props.items())) + ")\n"
    return rows(session, {"createtab_stmt": [text]})


def _function_names(kind: str, pattern: str | None) -> list[str]:
    """``SHOW [USER|SYSTEM|ALL] FUNCTIONS [LIKE 'pat*|other']``: the built-in function names and
    the UDFs registered by ``spark.udf.register``, sorted; Spark's pattern has ``*`` for any
    characters and ``|`` between alternatives."""
    from engine.expr.registry import all_functions
    from engine.expr.resolve import SESSION_UDFS

    system = [name for name in all_functions() if re.fullmatch(r"[a-z_][a-z0-9_]*", name) and not name.startswith("__")]
    names = sorted({*(system if kind != "user" else []), *(SESSION_UDFS if kind != "system" else [])})
    if pattern is None:
        return names
    alternatives = "|".join(".*".join(re.escape(part) for part in alt.strip().split("*")) for alt in pattern.split("|"))
    return [name for name in names if re.fullmatch(alternatives, name, re.I)]


def _explain(session: Any, mode: str | None, query: str) -> LogicalPlan:
    """``EXPLAIN [EXTENDED|FORMATTED|COST|CODEGEN] query``: one row, column ``plan``, as in Spark."""
    from engine.api.dataframe import DataFrame
    from engine.api.explain import explain_string
    from sql import to_plan

    df = DataFrame(session, to_plan(query, session))
    return rows(session, {"plan": [explain_string(df, None, (mode or "simple").lower())]}, nullable=frozenset({"plan"}))
