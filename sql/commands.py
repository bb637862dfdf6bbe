"""Statements other than queries: databases, tables, views, INSERT, ALTER, DROP, SET, CACHE
(SHOW, DESCRIBE and EXPLAIN are `sql.reports`).

Each runs when ``spark.sql`` is called (as in Spark) and returns its result rows as a plan.
"""

from __future__ import annotations

import os
import re
import shutil
from typing import Any

import pyarrow as pa
from sqlglot import exp

from engine import types as T
from engine.api import catalog as C
from engine.api import databases as D
from engine.api.catalog_api import Catalog
from engine.errors import AnalysisException, ParseException
from engine.expr import nodes as n
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output
from sql import column_defaults as CD
from sql import partition_specs as P
from sql import variables as V
from sql.expressions import unsupported
from sql.parse import parse_expression


def rows(
    session: Any,
    columns: dict[str, list[Any]] | None = None,
    types: dict[str, pa.DataType] | None = None,
    nullable: frozenset[str] = frozenset(),
) -> LogicalPlan:
    """A small result (``SHOW TABLES`` rows); no columns for statements that return nothing.

    Spark declares a command's output columns not null but for a few (`nullable`: DESCRIBE's
    ``comment``, EXPLAIN's ``plan``), and a result's schema shows that."""
    columns = columns or {}
    arrays = {k: pa.array(v, (types or {}).get(k, pa.string())) for k, v in columns.items()}
    schema = pa.schema([pa.field(k, a.type, nullable=k in nullable) for k, a in arrays.items()])
    return session.in_memory(pa.table(arrays, schema=schema) if arrays else pa.table({}), local=True)


def run_command(stmt: exp.Expr, session: Any, q: Any, text: str) -> LogicalPlan:
    arg = str(stmt.expression.name if isinstance(stmt.expression, exp.Expr) else stmt.expression or "").strip()
    if isinstance(stmt, exp.Command) and stmt.name.upper() == "SET" and re.fullmatch(r"[\w.`-]+", arg):
        # ``SET key`` (sqlglot leaves it a Command) shows the key's value, "<undefined>" if unset
        key = arg.replace("`", "")
        value = session.conf.get(key) if session.conf.contains(key) else "<undefined>"  # a default counts
        return rows(session, {"key": [key], "value": [str(value)]})
    if isinstance(stmt, exp.Command) and stmt.name.upper() == "EXECUTE" and re.match(r"immediate\b", arg, re.I):
        from sql.execute_immediate import execute_immediate

        return execute_immediate(arg[len("immediate") :], session, q)
    if isinstance(stmt, exp.Command):
        raise unsupported(f"the statement {text.strip().split()[0].upper()}")
    if isinstance(stmt, exp.Create):
        return _create(stmt, session, q, text)
    if isinstance(stmt, exp.Insert):
        return _insert(stmt, session, q)
    if isinstance(stmt, exp.Alter):
        return _alter(stmt, session, q, text)
    if isinstance(stmt, exp.TruncateTable):
        for table in stmt.expressions:
            name = table_not_view(session, name_of(table), "TRUNCATE TABLE")
            spec = stmt.args.get("partition")
            if isinstance(spec, exp.Partition) and not C.partition_fields(session, name):
                raise AnalysisException(
                    "Operation not allowed: TRUNCATE TABLE ... PARTITION is not supported for tables that are not "
                    f"partitioned: {'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))}.",
                    "_LEGACY_ERROR_TEMP_1267",
                )
            if isinstance(spec, exp.Partition):  # only the rows of the partition named go
                P.drop_partition(session, name, P.static_partitions(session, name, spec, q), keep=True)
            else:
                C.truncate_table(session, name)
        return rows(session)
    if isinstance(stmt, exp.Drop):
        return _drop(stmt, session)
    if isinstance(stmt, exp.Analyze):  # statistics are not kept: the table is checked, nothing computed
        for table in stmt.args.get("tables") or []:
            name = name_of(table)
            if name.lower() in session._views:
                raise AnalysisException(
                    f"[EXPECT_PERMANENT_VIEW_NOT_TEMP] 'ANALYZE TABLE' expects a permanent view but `{name}` is a temp "
                    "view. SQLSTATE: 42809",
                    "EXPECT_PERMANENT_VIEW_NOT_TEMP",
                )
            session.lookup_table(name)
        return rows(session)
    if isinstance(stmt, exp.Describe) and str(stmt.args.get("kind") or "").upper() in _DATABASE_KINDS:
        info = D.describe_database(C.warehouse_dir(session), name_of(stmt.this), str(stmt.args.get("style") or "").upper() == "EXTENDED")
        return rows(session, {"info_name": [k for k, _ in info], "info_value": [v for _, v in info]}, nullable=frozenset({"info_value"}))
    if isinstance(stmt, exp.Describe):
        from sql.reports import describe

        return describe(session, q, stmt.this, str(stmt.args.get("style") or "").upper() in ("EXTENDED", "FORMATTED"))
    if isinstance(stmt, exp.Set) and stmt.expressions and stmt.expressions[0].args.get("kind") == "VARIABLE":
        return V.set_variables(stmt, session, q)
    if isinstance(stmt, exp.Set):
        return _set(stmt, session)
    if isinstance(stmt, exp.Declare):
        return V.declare(stmt, session, q)
    if isinstance(stmt, exp.Use):
        Catalog(session).setCurrentDatabase(stmt.this.name)
        return rows(session)
    if isinstance(stmt, exp.Cache):
        name = name_of(stmt.this)
        if stmt.expression is not None:
            session.register_view(name, q.query(stmt.expression), replace=True)
        Catalog(session).cacheTable(name)
        return rows(session)
    if isinstance(stmt, exp.Uncache):
        name = name_of(stmt.this)
        if not stmt.args.get("exists"):
            session.lookup_table(name)
        Catalog(session).uncacheTable(name)
        return rows(session)
    raise unsupported(f"the statement {type(stmt).__name__.upper()}")


_DATABASE_KINDS = frozenset({"DATABASE", "SCHEMA", "NAMESPACE"})


def name_of(table: exp.Expr) -> str:
    if isinstance(table, exp.Schema):
        table = table.this
    assert isinstance(table, exp.Table)
    return ".".join(p for p in (table.catalog, table.db, table.name) if p)


def _create(stmt: exp.Create, session: Any, q: Any, text: str) -> LogicalPlan:
    kind = str(stmt.args.get("kind") or "").upper()
    properties = stmt.args.get("properties")
    props = [type(p).__name__ for p in (properties.expressions if properties is not None else [])]
    target = stmt.this
    name = name_of(target)
    if kind in _DATABASE_KINDS:
        comment = next((p.this.name for p in properties.expressions if isinstance(p, exp.SchemaCommentProperty)), None) if properties else None
        D.create_database(C.warehouse_dir(session), name.split(".")[-1], bool(stmt.args.get("exists")), comment)
        return rows(session)
    if kind == "VIEW":
        if "TemporaryProperty" not in props:
            return _create_persistent_view(stmt, session, q, text)
        if stmt.args.get("exists"):
            raise ParseException(
                "\nIt is not allowed to define a TEMPORARY view with IF NOT EXISTS.", "_LEGACY_ERROR_TEMP_0053"
            )
        plan = q.query(stmt.expression)
        if isinstance(target, exp.Schema):
            names = [c.name for c in target.expressions]
            plan = L.Project(plan, tuple(n.Alias(a, c) for a, c in zip(output(plan), names)))
        if "GlobalProperty" in props:
            name = f"global_temp.{name}"
        session.register_view(name, plan, replace=bool(stmt.args.get("replace")))
        return rows(session)
    if kind != "TABLE":
        raise unsupported(f"CREATE {kind}")
    prop_nodes = properties.expressions if properties is not None else []
    if any(isinstance(p, exp.FileFormatProperty) and p.args.get("hive_format") for p in prop_nodes):
        raise AnalysisException(
            "[NOT_SUPPORTED_COMMAND_WITHOUT_HIVE_SUPPORT] CREATE Hive TABLE (AS SELECT) is not supported, if you want to "
            'enable it, please set "spark.sql.catalogImplementation" to "hive". SQLSTATE: 0A000',
            "NOT_SUPPORTED_COMMAND_WITHOUT_HIVE_SUPPORT",
            {"cmd": "CREATE Hive TABLE (AS SELECT)"},
        )
    if stmt.expression is not None and isinstance(target, exp.Schema):
        raise ParseException(
            "\nOperation not allowed: Schema may not be specified in a Create Table As Select (CTAS) statement.",
            "_LEGACY_ERROR_TEMP_0035",
            {"message": "Schema may not be specified in a Create Table As Select (CTAS) statement"},
        )
    fmt = next((p.this.name.lower() for p in prop_nodes if isinstance(p, exp.FileFormatProperty)), "parquet")
    like = next((p for p in prop_nodes if isinstance(p, exp.LikeProperty)), None)
    if like is not None:  # ``CREATE TABLE t LIKE s``: an empty table with s's columns
        source = output(session.lookup_table(name_of(like.this)))
        schema = T.StructType([T.StructField(a.name, a.dtype, True) for a in source])
        C.create_table(session, name, schema, bool(stmt.args.get("exists")))
        return rows(session)
    if stmt.expression is None:
        if not isinstance(target, exp.Schema):
            raise AnalysisException("CREATE TABLE needs a column list or AS SELECT.")
        from sql.literals import data_type

        columns = list(target.expressions)
        partitioned = next((p for p in prop_nodes if isinstance(p, exp.PartitionedByProperty)), None)
        partition_by = tuple(c.name for c in partitioned.this.expressions) if partitioned is not None else ()
        if partitioned is not None:  # ``PARTITIONED BY (p STRING)`` declares a column of its own
            columns += [c for c in partitioned.this.expressions if isinstance(c, exp.ColumnDef)]
        schema = T.StructType([T.StructField(c.name, data_type(c.args["kind"]), True) for c in columns])
        existed = C.table_exists(session, name)
        C.create_table(session, name, schema, bool(stmt.args.get("exists")), partition_by, fmt)
        if not existed:
            _set_declared_metadata(session, name, prop_nodes, columns)
        return rows(session)
    from engine.api.dataframe import DataFrame

    if C.table_exists(session, name):
        if stmt.args.get("exists"):
            return rows(session)
        if not stmt.args.get("replace"):
            raise C.already_exists(name)
        raise AnalysisException(  # Spark's file-source tables cannot be replaced in place
            f"[UNSUPPORTED_FEATURE.TABLE_OPERATION] The feature is not supported: Table {C.qualified(name)} does not "
            "support REPLACE TABLE AS SELECT. SQLSTATE: 0A000",
            "UNSUPPORTED_FEATURE.TABLE_OPERATION",
        )
    writer = DataFrame(session, q.query(stmt.expression)).write.format(fmt).mode("overwrite")
    partitioned = next((p for p in prop_nodes if isinstance(p, exp.PartitionedByProperty)), None)
    if partitioned is not None:
        writer = writer.partitionBy(*[c.name for c in partitioned.this.expressions])
    C.save_as_table(writer, name)
    return rows(session)


# the query of ``CREATE VIEW v [(cols)] [COMMENT ..] AS query``: the first AS a query follows
_VIEW_QUERY = re.compile(r"\bAS\s+(\(?\s*(?:SELECT|WITH|FROM|VALUES|TABLE)\b.*?)\s*;?\s*$", re.I | re.S)


def _refuse_auto_named_columns(query: exp.Expr, plan: LogicalPlan, name: str) -> None:
    """A permanent view's query names each column it outputs: a select item that is neither a
    column nor aliased (``SELECT sum(n) FROM t``, also read through ``SELECT *`` of a subquery)
    carries the name Spark generates, which Spark refuses to persist even under a column list
    (CREATE_PERMANENT_VIEW_WITHOUT_ALIAS)."""
    select = query
    while isinstance(select, (exp.Subquery, exp.SetOperation)):
        select = select.this
    if not isinstance(select, exp.Select):
        return
    source = select.args.get("from_") or select.args.get("from")
    only_star = len(select.expressions) == 1 and isinstance(select.expressions[0], exp.Star)
    if only_star and source is not None and isinstance(source.this, exp.Subquery) and not select.args.get("joins"):
        _refuse_auto_named_columns(source.this.this, plan, name)
        return
    for item, attr in zip(select.expressions, output(plan)):
        if isinstance(item, (exp.Alias, exp.Column, exp.Star)) or _is_literal(item):
            continue
        shown = ".".join(f"`{p}`" for p in C.qualified(name).split("."))
        raise AnalysisException(
            f"[CREATE_PERMANENT_VIEW_WITHOUT_ALIAS] Not allowed to create the permanent view {shown} without "
            f'explicitly assigning an alias for the expression "{attr.name}". SQLSTATE: 0A000',
            "CREATE_PERMANENT_VIEW_WITHOUT_ALIAS",
            {"name": shown, "attr": f'"{attr.name}"'},
        )


def _is_literal(item: exp.Expr) -> bool:
    """A constant written as itself (``1``, ``-1``, ``'a'``, ``NULL``, ``true``): Spark names its
    column by its text and persists that name."""
    if isinstance(item, exp.Neg):
        item = item.this
    return isinstance(item, (exp.Literal, exp.Null, exp.Boolean))


def _create_persistent_view(stmt: exp.Create, session: Any, q: Any, text: str) -> LogicalPlan:
    """``CREATE [OR REPLACE] VIEW [IF NOT EXISTS] v [(cols)] AS query``: the query's text kept in
    the warehouse, translated again whenever the view is read. A temp view is refused in it, as
    Spark refuses it (the view would outlive the session)."""
    from engine.api import persistent_views as PV

    name = name_of(stmt.this)
    if C.table_exists(session, name):
        if stmt.args.get("exists"):
            return rows(session)
        if not stmt.args.get("replace") or not C.is_persistent_view(session, name):
            raise C.already_exists(name)
    ctes = {c.alias.lower() for c in stmt.expression.find_all(exp.CTE)}
    for table in stmt.expression.find_all(exp.Table):
        used = name_of(table).lower() if table.name else ""
        if used in session._views and used not in ctes:
            raise AnalysisException(
                f"[INVALID_TEMP_OBJ_REFERENCE] Cannot create the persistent object "
                f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))} of the type VIEW because it references "
                f"to the temporary object `{table.name}` of the type VIEW. Please make the temporary object "
                f"`{table.name}` persistent, or make the persistent object temporary. SQLSTATE: 42K0F",
                "INVALID_TEMP_OBJ_REFERENCE",
            )
    plan = q.query(stmt.expression)  # the query must be valid now
    found = _VIEW_QUERY.search(text)
    if found is None:
        raise unsupported("CREATE VIEW whose query does not follow its AS")
    columns = list(stmt.this.expressions) if isinstance(stmt.this, exp.Schema) else []
    if columns and len(columns) != len(output(plan)):
        raise AnalysisException(
            f"[CREATE_VIEW_COLUMN_ARITY_MISMATCH.{'NOT_ENOUGH' if len(columns) > len(output(plan)) else 'TOO_MANY'}"
            f"_DATA_COLUMNS] Cannot create view {C.qualified(name)}, the reason is "
            f"{'not enough' if len(columns) > len(output(plan)) else 'too many'} data columns. SQLSTATE: 21S01",
            "CREATE_VIEW_COLUMN_ARITY_MISMATCH",
        )
    _refuse_auto_named_columns(stmt.expression, plan, name)
    path = C.table_path(session, name)
    if C.table_exists(session, name):
        C.drop_table(session, name)
    PV.create_view(path, found.group(1), [c.name for c in columns], D.current_database(session))
    _set_declared_metadata(session, name, [], columns)
    return rows(session)


def _set_declared_metadata(session: Any, name: str, prop_nodes: list[exp.Expr], columns: list[exp.Expr]) -> None:
    """A new table's ``TBLPROPERTIES ('k' = 'v')`` and its columns' ``COMMENT 'c'``."""
    props = {_prop_text(p.this): _prop_text(p.args.get("value")) for p in prop_nodes if type(p) is exp.Property}
    comment = next((p.this.name for p in prop_nodes if isinstance(p, exp.SchemaCommentProperty)), None)
    if comment is not None:
        props[C.TABLE_COMMENT_KEY] = comment
    if props:
        C.set_properties(session, name, props)
    comments = {
        c.name: k.kind.this.name
        for c in columns if isinstance(c, exp.ColumnDef)
        for k in c.args.get("constraints") or [] if isinstance(k.kind, exp.CommentColumnConstraint)
    }  # fmt: skip
    if comments:
        C.set_column_comments(session, name, comments)
    CD.set_defaults(session, name, CD.declared(columns))


def _insert(stmt: exp.Insert, session: Any, q: Any) -> LogicalPlan:
    from engine.api.dataframe import DataFrame

    target = stmt.this
    name = table_not_view(session, name_of(target), "INSERT")
    if stmt.args.get("where") is not None:  # Spark's file-source tables refuse it too
        raise AnalysisException(
            f"[UNSUPPORTED_FEATURE.TABLE_OPERATION] The feature is not supported: Table "
            f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))} does not support INSERT INTO ... REPLACE "
            "WHERE. Please check the current catalog and namespace to make sure the qualified table name is "
            "expected, and also check the catalog implementation which is configured by \"spark.sql.catalog\". "
            "SQLSTATE: 0A000",
            "UNSUPPORTED_FEATURE.TABLE_OPERATION",
        )
    if stmt.args.get("with_") is not None and isinstance(stmt.expression, exp.Query):
        # ``WITH q AS (...) INSERT INTO t SELECT ... FROM q``: the CTEs belong to the query
        stmt.expression.set("with_", stmt.args["with_"].pop())
    if isinstance(stmt.expression, exp.Values):
        listed = [c.name for c in target.expressions] if isinstance(target, exp.Schema) else None
        CD.fill_keywords(stmt.expression, listed or [a.name for a in output(session.lookup_table(name))], session, name)
    plan = q.query(stmt.expression)
    missing = lambda column: CD.value_of(session, q, name, column)  # noqa: E731
    if isinstance(target, exp.Schema):
        plan = _by_column_list(plan, session.lookup_table(name), [c.name for c in target.expressions], q.cs, missing)
    elif stmt.args.get("by_name"):  # ``INSERT INTO t BY NAME SELECT ...``: the query's names are the column list
        plan = _by_column_list(plan, session.lookup_table(name), [a.name for a in output(plan)], q.cs, missing)
    overwrite = bool(stmt.args.get("overwrite"))
    spec = target.args.get("partition") if isinstance(target, exp.Table) else None
    static = P.static_partitions(session, name, spec, q) if spec is not None else {}
    if static:
        table = session.lookup_table(name)
        plan = P.with_static_values(plan, table, static, name)
        if overwrite:  # only the partition named is replaced; the table's other rows are kept
            kept_rows, listed = P.rows_outside(session, name, static), P.listed_partitions(session, name)
            C.insert_into(DataFrame(session, plan).write, name, True)
            C.insert_into(DataFrame(session, kept_rows).write, name, False)
            P.restore_partitions(session, name, listed)
            return rows(session)
    C.insert_into(DataFrame(session, plan).write, name, overwrite)
    return rows(session)


def table_not_view(session: Any, name: str, statement: str) -> str:
    """`name`, checked to be a warehouse table: Spark refuses a view for INSERT, TRUNCATE and
    ALTER TABLE's table-only actions (EXPECT_TABLE_NOT_VIEW), and a missing name is not found."""
    if name.lower() in session._views:
        raise AnalysisException(
            f"[EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE] '{statement}' expects a table but `{name}` is a view. SQLSTATE: 42809",
            "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE",
        )
    if C.is_persistent_view(session, name):
        raise AnalysisException(
            f"[EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE] '{statement}' expects a table but "
            f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))} is a view. SQLSTATE: 42809",
            "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE",
        )
    if not C.table_exists(session, name):
        session.lookup_table(name)  # raises TABLE_OR_VIEW_NOT_FOUND
    return name


def _alter(stmt: exp.Alter, session: Any, q: Any, text: str) -> LogicalPlan:
    """ALTER TABLE/VIEW: RENAME TO, ADD COLUMNS, SET/UNSET TBLPROPERTIES, DROP PARTITION."""
    name = name_of(stmt.this)
    for action in stmt.args.get("actions") or []:
        if isinstance(action, exp.Query):  # ``ALTER VIEW v AS query``: the view's query replaced
            _alter_view_query(session, q, name, action, text)
        elif isinstance(action, exp.AlterRename):
            new = name_of(action.this)
            if name.lower() in session._views:
                session.register_view(new, session._views[name.lower()], replace=False)
                session.drop_view(name)
            else:
                C.rename_table(session, table_not_view(session, name, "ALTER TABLE ... RENAME TO"), new)
        elif isinstance(action, exp.ColumnDef) or (
            isinstance(action, exp.Schema) and all(isinstance(c, exp.ColumnDef) for c in action.expressions)
        ):  # ``ADD COLUMNS (a INT, b STRING)`` / ``ADD COLUMN a INT``
            from sql.literals import data_type

            table = table_not_view(session, name, "ALTER TABLE ... ADD COLUMNS")
            added = [action] if isinstance(action, exp.ColumnDef) else action.expressions
            typed = [(c.name, data_type(c.args["kind"])) for c in added]
            given = CD.declared(added)
            fills = {c: V.evaluate(session, q, [parse_expression(given[c])], [t])[0].value for c, t in typed if c in given}
            C.add_columns(session, table, typed, fills)
            CD.set_defaults(session, table, given)
        elif isinstance(action, exp.AlterSet) and action.args.get("expressions"):
            table = table_not_view(session, name, "ALTER TABLE ... SET TBLPROPERTIES")
            props = [p for e in action.expressions for p in (e.expressions if isinstance(e, exp.Properties) else [e])]
            C.set_properties(session, table, {_prop_text(p.this): _prop_text(p.args.get("value")) for p in props})
        elif isinstance(action, exp.AlterSet) and action.args.get("unset"):
            table = table_not_view(session, name, "ALTER TABLE ... UNSET TBLPROPERTIES")
            C.set_properties(session, table, {_prop_text(p): None for p in action.args["unset"]})
        elif isinstance(action, exp.AlterColumn) and action.args.get("default") is not None:
            table = table_not_view(session, name, "ALTER TABLE ... ALTER COLUMN")
            CD.set_defaults(session, table, {action.this.name: action.args["default"].sql(dialect="spark")})
        elif isinstance(action, exp.AlterColumn) and _only_comment(action):
            table = table_not_view(session, name, "ALTER TABLE ... ALTER COLUMN")
            column = action.this.name
            if column.lower() not in {a.name.lower() for a in output(session.lookup_table(table))}:
                from engine.expr.resolve import unresolved_column_error

                raise unresolved_column_error(column, [a.name for a in output(session.lookup_table(table))])
            C.set_column_comments(session, table, {column: action.args["comment"].name})
        elif isinstance(action, exp.AddPartition) and isinstance(action.this, exp.Anonymous):
            table = table_not_view(session, name, "ALTER TABLE ... ADD PARTITION")
            static = P.static_partitions(session, table, exp.Partition(expressions=action.this.expressions), q)
            P.whole_spec(session, table, static)
            where = os.path.join(C.table_path(session, table), P.partition_dir(session, table, static))
            if os.path.isdir(where) or P.partition_has_rows(session, table, static):
                if action.args.get("exists"):
                    continue
                shown = ", ".join(f"`{k}` = {e.expression.name}" for k, e in zip(static, action.this.expressions))
                raise AnalysisException(
                    f"[PARTITIONS_ALREADY_EXIST] Cannot ADD or RENAME TO partition(s) PARTITION ({shown}) in table "
                    f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.')[1:])} because they already exist.\n"
                    "Choose a different name, drop the existing partition, or add the IF NOT EXISTS clause to "
                    "tolerate a pre-existing partition. SQLSTATE: 428FT",
                    "PARTITIONS_ALREADY_EXIST",
                )
            os.makedirs(where)
        elif isinstance(action, exp.DropPartition):
            table = table_not_view(session, name, "ALTER TABLE ... DROP PARTITION")
            for spec in action.expressions:
                static = P.static_partitions(session, table, spec, q)
                whole = len(static) == len(C.partition_fields(session, table))  # Spark drops by a full spec only
                where = os.path.join(C.table_path(session, table), P.partition_dir(session, table, static)) if whole else ""
                found = whole and (os.path.isdir(where) or P.partition_has_rows(session, table, static))
                if not found and not action.args.get("exists"):
                    shown = ", ".join(f"`{k}` = {item.expression.name}" for k, item in zip(static, spec.expressions))
                    raise AnalysisException(
                        f"[PARTITIONS_NOT_FOUND] The partition(s) PARTITION ({shown}) cannot be found in table "
                        f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.')[1:])}.\nVerify the partition "
                        "specification and table name.\nTo tolerate the error on drop use ALTER TABLE … DROP IF "
                        "EXISTS PARTITION. SQLSTATE: 428FT",
                        "PARTITIONS_NOT_FOUND",
                    )
                if found:
                    P.drop_partition(session, table, static)
                    shutil.rmtree(where, ignore_errors=True)  # an added partition without rows
        elif isinstance(action, (exp.RenameColumn, exp.Drop)):
            # Spark's file-source tables cannot rename or drop a column
            what = "RENAME COLUMN" if isinstance(action, exp.RenameColumn) else "DROP COLUMN"
            raise AnalysisException(
                f"[UNSUPPORTED_FEATURE.TABLE_OPERATION] The feature is not supported: Table {C.qualified(name)} "
                f"does not support {what}. SQLSTATE: 0A000",
                "UNSUPPORTED_FEATURE.TABLE_OPERATION",
            )
        else:
            raise unsupported(f"ALTER {stmt.args.get('kind')} ... {action.sql(dialect='spark').split(' ')[0]}")
    return rows(session)


def _alter_view_query(session: Any, q: Any, name: str, query: exp.Expr, text: str) -> None:
    """``ALTER VIEW v AS query`` for a temp view or a persistent one (its kept text replaced)."""
    from engine.api import persistent_views as PV

    plan = q.query(query)
    if name.lower() in session._views:
        session.register_view(name, plan, replace=True)
        return
    if not C.is_persistent_view(session, name):
        session.lookup_table(name)  # raises TABLE_OR_VIEW_NOT_FOUND
        raise AnalysisException(
            f"[EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE] The table {'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))} "
            "does not support ALTER VIEW ... AS. "
            "SQLSTATE: 42809",
            "EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE",
        )
    found = _VIEW_QUERY.search(text)
    if found is None:
        raise unsupported("ALTER VIEW whose query does not follow its AS")
    PV.create_view(C.table_path(session, name), found.group(1), [], D.current_database(session))


def _only_comment(action: exp.AlterColumn) -> bool:
    """``ALTER COLUMN c COMMENT 'text'`` with no other change."""
    others = (v for k, v in action.args.items() if k not in ("this", "comment"))
    return action.args.get("comment") is not None and all(v in (None, False) for v in others)


def _prop_text(e: Any) -> str:
    """A table property's key or value as written (``'k1'`` / ``k1``), without quotes."""
    return str(e.name if isinstance(e, (exp.Literal, exp.Identifier, exp.Column, exp.Var)) else e)


def _by_column_list(plan: LogicalPlan, table: LogicalPlan, names: list[str], cs: bool, missing: Any) -> LogicalPlan:
    """``INSERT INTO t (b, a) SELECT ...``: the query's columns by the listed names, in the table's
    column order; a column not listed gets ``missing(column)`` (its default, else NULL)."""
    given = output(plan)
    if len(given) != len(names):
        raise AnalysisException(
            f"[INSERT_COLUMN_ARITY_MISMATCH.{'TOO_MANY' if len(given) > len(names) else 'NOT_ENOUGH'}_DATA_COLUMNS] "
            f"Cannot write to the table: the column list has {len(names)} columns but the query produces "
            f"{len(given)}. SQLSTATE: 21S01",
            f"INSERT_COLUMN_ARITY_MISMATCH.{'TOO_MANY' if len(given) > len(names) else 'NOT_ENOUGH'}_DATA_COLUMNS",
        )
    key = (lambda s: s) if cs else str.lower
    by_name = {key(name): attr for name, attr in zip(names, given)}
    columns = output(table)
    unknown = [name for name in names if key(name) not in {key(c.name) for c in columns}]
    if unknown:
        from engine.expr.resolve import unresolved_column_error

        raise unresolved_column_error(unknown[0], [c.name for c in columns])
    exprs = tuple(
        n.Alias(by_name[key(c.name)] if key(c.name) in by_name else missing(c), c.name) for c in columns
    )
    return B.project(plan, exprs, cs)  # resolves the defaults


def _drop(stmt: exp.Drop, session: Any) -> LogicalPlan:
    kind = str(stmt.args.get("kind") or "").upper()
    if kind in _DATABASE_KINDS:
        for table in stmt.args.get("tables") or [stmt.this]:
            name = name_of(table).split(".")[-1]
            D.drop_database(session, C.warehouse_dir(session), name, bool(stmt.args.get("exists")), bool(stmt.args.get("cascade")))
        return rows(session)
    for table in stmt.args.get("tables") or [stmt.this]:
        name = name_of(table)
        if kind == "VIEW":
            dropped = session.drop_view(name) or (C.is_persistent_view(session, name) and C.drop_table(session, name))
            if not dropped and C.table_exists(session, name):
                raise AnalysisException(
                    f"[WRONG_COMMAND_FOR_OBJECT_TYPE] The operation DROP VIEW requires a VIEW or METRIC_VIEW. But "
                    f"{C.qualified(name)} is a MANAGED. Use DROP TABLE instead. SQLSTATE: 42809",
                    "WRONG_COMMAND_FOR_OBJECT_TYPE",
                )
        elif kind == "TABLE":
            # an unqualified name is a temp view's first, as Spark resolves it
            first_view = "." not in name and session.drop_view(name)
            dropped = first_view or C.drop_table(session, name) or session.drop_view(name)
        else:
            raise unsupported(f"DROP {kind}")
        if not dropped and not stmt.args.get("exists"):
            # Spark 4 says TABLE_OR_VIEW_NOT_FOUND for DROP VIEW too
            raise C.table_not_found(name, qualified=True)
    return rows(session)


def _set(stmt: exp.Set, session: Any) -> LogicalPlan:
    items = stmt.expressions
    if not items:
        conf = session.conf.getAll() if hasattr(session.conf, "getAll") else {}
        pairs = sorted(dict(conf).items())
        return rows(session, {"key": [k for k, _ in pairs], "value": [str(v) for _, v in pairs]})
    keys, vals = [], []
    for item in items:
        eq = item.this
        key = eq.this.sql(dialect="spark").replace("`", "") if isinstance(eq, exp.EQ) else eq.sql(dialect="spark")
        if isinstance(eq, exp.EQ):
            value = eq.expression.name if isinstance(eq.expression, (exp.Literal, exp.Identifier, exp.Column, exp.Boolean)) else eq.expression.sql()
            if isinstance(eq.expression, exp.Boolean):
                value = "true" if eq.expression.this else "false"
            session.conf.set(key, value)
        else:
            value = str(session.conf.get(key)) if session.conf.contains(key) else "<undefined>"
        keys.append(key)
        vals.append(value)
    return rows(session, {"key": keys, "value": vals})


