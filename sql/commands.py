"""Statements other than queries: views, tables, INSERT, SHOW, DESCRIBE, EXPLAIN, SET, CACHE.

Each runs when ``spark.sql`` is called (as in Spark) and returns its result rows as a plan.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
from sqlglot import exp

from engine import types as T
from engine.api import catalog as C
from engine.api import databases as D
from engine.errors import AnalysisException, ParseException
from engine.expr import nodes as n
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output
from sql import variables as V
from sql.expressions import unsupported


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
        return _alter(stmt, session, q)
    if isinstance(stmt, exp.TruncateTable):
        for table in stmt.expressions:
            name = _table_not_view(session, _name(table), "TRUNCATE TABLE")
            spec = stmt.args.get("partition")
            if isinstance(spec, exp.Partition) and not C.partition_fields(session, name):
                raise AnalysisException(
                    "Operation not allowed: TRUNCATE TABLE ... PARTITION is not supported for tables that are not "
                    f"partitioned: {'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))}.",
                    "_LEGACY_ERROR_TEMP_1267",
                )
            if isinstance(spec, exp.Partition):  # only the rows of the partition named go
                _drop_partition(session, name, _static_partitions(session, name, spec, q))
            else:
                C.truncate_table(session, name)
        return rows(session)
    if isinstance(stmt, exp.Drop):
        return _drop(stmt, session)
    if isinstance(stmt, exp.Analyze):  # statistics are not kept: the table is checked, nothing computed
        for table in stmt.args.get("tables") or []:
            name = _name(table)
            if name.lower() in session._views:
                raise AnalysisException(
                    f"[EXPECT_PERMANENT_VIEW_NOT_TEMP] 'ANALYZE TABLE' expects a permanent view but `{name}` is a temp "
                    "view. SQLSTATE: 42809",
                    "EXPECT_PERMANENT_VIEW_NOT_TEMP",
                )
            session.lookup_table(name)
        return rows(session)
    if isinstance(stmt, exp.Describe) and str(stmt.args.get("kind") or "").upper() in _DATABASE_KINDS:
        info = D.describe_database(C.warehouse_dir(session), _name(stmt.this), str(stmt.args.get("style") or "").upper() == "EXTENDED")
        return rows(session, {"info_name": [k for k, _ in info], "info_value": [v for _, v in info]}, nullable=frozenset({"info_value"}))
    if isinstance(stmt, exp.Describe):
        return describe(session, q, stmt.this)
    if isinstance(stmt, exp.Set) and stmt.expressions and stmt.expressions[0].args.get("kind") == "VARIABLE":
        return V.set_variables(stmt, session, q)
    if isinstance(stmt, exp.Set):
        return _set(stmt, session)
    if isinstance(stmt, exp.Declare):
        return V.declare(stmt, session, q)
    if isinstance(stmt, exp.Use):
        C.Catalog(session).setCurrentDatabase(stmt.this.name)
        return rows(session)
    if isinstance(stmt, exp.Cache):
        name = _name(stmt.this)
        if stmt.expression is not None:
            session.register_view(name, q.query(stmt.expression), replace=True)
        C.Catalog(session).cacheTable(name)
        return rows(session)
    if isinstance(stmt, exp.Uncache):
        name = _name(stmt.this)
        if not stmt.args.get("exists"):
            session.lookup_table(name)
        C.Catalog(session).uncacheTable(name)
        return rows(session)
    raise unsupported(f"the statement {type(stmt).__name__.upper()}")


_DATABASE_KINDS = frozenset({"DATABASE", "SCHEMA", "NAMESPACE"})


def _name(table: exp.Expr) -> str:
    if isinstance(table, exp.Schema):
        table = table.this
    assert isinstance(table, exp.Table)
    return ".".join(p for p in (table.catalog, table.db, table.name) if p)


def _create(stmt: exp.Create, session: Any, q: Any, text: str) -> LogicalPlan:
    kind = str(stmt.args.get("kind") or "").upper()
    properties = stmt.args.get("properties")
    props = [type(p).__name__ for p in (properties.expressions if properties is not None else [])]
    target = stmt.this
    name = _name(target)
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
    fmt = next((p.this.name.lower() for p in prop_nodes if isinstance(p, exp.FileFormatProperty)), "parquet")
    if fmt not in ("parquet", "delta"):
        raise unsupported(f"CREATE TABLE ... USING {fmt} (warehouse tables are Parquet)")
    like = next((p for p in prop_nodes if isinstance(p, exp.LikeProperty)), None)
    if like is not None:  # ``CREATE TABLE t LIKE s``: an empty table with s's columns
        source = output(session.lookup_table(_name(like.this)))
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
        C.create_table(session, name, schema, bool(stmt.args.get("exists")), partition_by)
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
    writer = DataFrame(session, q.query(stmt.expression)).write.mode("overwrite")
    partitioned = next((p for p in prop_nodes if isinstance(p, exp.PartitionedByProperty)), None)
    if partitioned is not None:
        writer = writer.partitionBy(*[c.name for c in partitioned.this.expressions])
    C.save_as_table(writer, name)
    return rows(session)


# the query of ``CREATE VIEW v [(cols)] [COMMENT ..] AS query``: the first AS a query follows
_VIEW_QUERY = re.compile(r"\bAS\s+(\(?\s*(?:SELECT|WITH|FROM|VALUES|TABLE)\b.*?)\s*;?\s*$", re.I | re.S)


def _create_persistent_view(stmt: exp.Create, session: Any, q: Any, text: str) -> LogicalPlan:
    """``CREATE [OR REPLACE] VIEW [IF NOT EXISTS] v [(cols)] AS query``: the query's text kept in
    the warehouse, translated again whenever the view is read. A temp view is refused in it, as
    Spark refuses it (the view would outlive the session)."""
    from engine.api import persistent_views as PV

    name = _name(stmt.this)
    if C.table_exists(session, name):
        if stmt.args.get("exists"):
            return rows(session)
        if not stmt.args.get("replace") or not C.is_persistent_view(session, name):
            raise C.already_exists(name)
    ctes = {c.alias.lower() for c in stmt.expression.find_all(exp.CTE)}
    for table in stmt.expression.find_all(exp.Table):
        used = _name(table).lower() if table.name else ""
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
    path = C.table_path(session, name)
    if C.table_exists(session, name):
        C.drop_table(session, name)
    PV.create_view(path, found.group(1), [c.name for c in columns])
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


def _insert(stmt: exp.Insert, session: Any, q: Any) -> LogicalPlan:
    from engine.api.dataframe import DataFrame

    target = stmt.this
    name = _table_not_view(session, _name(target), "INSERT")
    if stmt.args.get("where") is not None:  # Spark's file-source tables refuse it too
        raise AnalysisException(
            f"[UNSUPPORTED_FEATURE.TABLE_OPERATION] The feature is not supported: Table "
            f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))} does not support INSERT INTO ... REPLACE "
            "WHERE. Please check the current catalog and namespace to make sure the qualified table name is "
            "expected, and also check the catalog implementation which is configured by \"spark.sql.catalog\". "
            "SQLSTATE: 0A000",
            "UNSUPPORTED_FEATURE.TABLE_OPERATION",
        )
    plan = q.query(stmt.expression)
    if isinstance(target, exp.Schema):
        plan = _by_column_list(plan, session.lookup_table(_name(target)), [c.name for c in target.expressions], q.cs)
    elif stmt.args.get("by_name"):  # ``INSERT INTO t BY NAME SELECT ...``: the query's names are the column list
        plan = _by_column_list(plan, session.lookup_table(name), [a.name for a in output(plan)], q.cs)
    overwrite = bool(stmt.args.get("overwrite"))
    spec = target.args.get("partition") if isinstance(target, exp.Table) else None
    static = _static_partitions(session, name, spec, q) if spec is not None else {}
    if static:
        table = session.lookup_table(name)
        plan = _with_static_values(plan, table, static, name)
        if overwrite:  # only the partition named is replaced; the table's other rows are kept
            kept_rows = _rows_outside(session, name, static)
            C.insert_into(DataFrame(session, plan).write, name, True)
            C.insert_into(DataFrame(session, kept_rows).write, name, False)
            return rows(session)
    C.insert_into(DataFrame(session, plan).write, name, overwrite)
    return rows(session)


def _static_partitions(session: Any, name: str, spec: exp.Partition, q: Any) -> dict[str, n.Expr]:
    """``PARTITION (p = 'v', d)``: the partition columns given a value (lower-cased name -> value),
    each checked to be one of the table's partition columns as Spark checks them."""
    declared = {f.name.lower() for f in C.partition_fields(session, name)}
    static: dict[str, n.Expr] = {}
    for item in spec.expressions:
        column = item.this if isinstance(item, exp.EQ) else item
        if column.name.lower() not in declared:
            raise AnalysisException(
                f"[PARTITIONS_NOT_FOUND] The partition(s) `{column.name}` cannot be found in table "
                f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))}.\nVerify the partition specification and "
                "table name.\nTo tolerate the error on drop use ALTER TABLE … DROP IF EXISTS PARTITION. SQLSTATE: 428FT",
                "PARTITIONS_NOT_FOUND",
            )
        if isinstance(item, exp.EQ):
            static[column.name.lower()] = q.expr(item.expression)
    return static


def _in_partition(table: LogicalPlan, static: dict[str, n.Expr]) -> n.Expr:
    """True for the rows of `table` in the partition `static` names (NULL values match NULL)."""
    return _conjunction([
        n.UnresolvedFunction("<=>", (a, n.Cast(static[a.name.lower()], a.dtype)))
        for a in output(table) if a.name.lower() in static
    ])  # fmt: skip


def _rows_outside(session: Any, name: str, static: dict[str, n.Expr]) -> LogicalPlan:
    """The table's rows outside the partition `static` names, read now (they are written back)."""
    table = session.lookup_table(name)
    outside = B.filter_(table, n.UnresolvedFunction("not", (_in_partition(table, static),)))
    plan: LogicalPlan = session.in_memory(session.execute(outside))
    return plan


def _partition_has_rows(session: Any, name: str, static: dict[str, n.Expr]) -> bool:
    table = session.lookup_table(name)
    return bool(session.execute(L.Limit(B.filter_(table, _in_partition(table, static)), 1)).num_rows)


def _drop_partition(session: Any, name: str, static: dict[str, n.Expr]) -> None:
    """``TRUNCATE TABLE t PARTITION (...)`` / ``ALTER TABLE t DROP PARTITION (...)``: the rows of
    that partition go, the others stay."""
    from engine.api.dataframe import DataFrame

    C.insert_into(DataFrame(session, _rows_outside(session, name, static)).write, name, True)


def _with_static_values(plan: LogicalPlan, table: LogicalPlan, static: dict[str, n.Expr], name: str) -> LogicalPlan:
    """The query's rows with the static partition values put in their columns: the query gives
    the table's other columns, in order."""
    given = iter(output(plan))
    rest = [a for a in output(table) if a.name.lower() not in static]
    if len(output(plan)) != len(rest):
        reason = "too many" if len(output(plan)) > len(rest) else "not enough"
        raise AnalysisException(
            f"[INSERT_PARTITION_COLUMN_ARITY_MISMATCH] Cannot write to "
            f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.'))}, the reason is {reason} data columns:\n"
            f"Table columns: {', '.join(f'`{a.name}`' for a in rest)}.\n"
            f"Partition columns with static values: {', '.join(f'`{k}`' for k in static)}.\n"
            f"Data columns: {', '.join(f'`{a.name}`' for a in output(plan))}. SQLSTATE: 21S01",
            "INSERT_PARTITION_COLUMN_ARITY_MISMATCH",
        )
    return B.project(plan, [
        n.Alias(static[a.name.lower()], a.name) if a.name.lower() in static else next(given) for a in output(table)
    ])  # fmt: skip


def _conjunction(terms: list[n.Expr]) -> n.Expr:
    out = terms[0]
    for t in terms[1:]:
        out = n.UnresolvedFunction("and", (out, t))
    return out


def _table_not_view(session: Any, name: str, statement: str) -> str:
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


def _alter(stmt: exp.Alter, session: Any, q: Any) -> LogicalPlan:
    """ALTER TABLE/VIEW: RENAME TO, ADD COLUMNS, SET/UNSET TBLPROPERTIES, DROP PARTITION."""
    name = _name(stmt.this)
    for action in stmt.args.get("actions") or []:
        if isinstance(action, exp.AlterRename):
            new = _name(action.this)
            if name.lower() in session._views:
                session.register_view(new, session._views[name.lower()], replace=False)
                session.drop_view(name)
            else:
                C.rename_table(session, _table_not_view(session, name, "ALTER TABLE ... RENAME TO"), new)
        elif isinstance(action, exp.ColumnDef) or (
            isinstance(action, exp.Schema) and all(isinstance(c, exp.ColumnDef) for c in action.expressions)
        ):  # ``ADD COLUMNS (a INT, b STRING)`` / ``ADD COLUMN a INT``
            from sql.literals import data_type

            table = _table_not_view(session, name, "ALTER TABLE ... ADD COLUMNS")
            added = [action] if isinstance(action, exp.ColumnDef) else action.expressions
            C.add_columns(session, table, [(c.name, data_type(c.args["kind"])) for c in added])
        elif isinstance(action, exp.AlterSet) and action.args.get("expressions"):
            table = _table_not_view(session, name, "ALTER TABLE ... SET TBLPROPERTIES")
            props = [p for e in action.expressions for p in (e.expressions if isinstance(e, exp.Properties) else [e])]
            C.set_properties(session, table, {_prop_text(p.this): _prop_text(p.args.get("value")) for p in props})
        elif isinstance(action, exp.AlterSet) and action.args.get("unset"):
            table = _table_not_view(session, name, "ALTER TABLE ... UNSET TBLPROPERTIES")
            C.set_properties(session, table, {_prop_text(p): None for p in action.args["unset"]})
        elif isinstance(action, exp.AlterColumn) and _only_comment(action):
            table = _table_not_view(session, name, "ALTER TABLE ... ALTER COLUMN")
            column = action.this.name
            if column.lower() not in {a.name.lower() for a in output(session.lookup_table(table))}:
                from engine.expr.resolve import unresolved_column_error

                raise unresolved_column_error(column, [a.name for a in output(session.lookup_table(table))])
            C.set_column_comments(session, table, {column: action.args["comment"].name})
        elif isinstance(action, exp.DropPartition):
            table = _table_not_view(session, name, "ALTER TABLE ... DROP PARTITION")
            for spec in action.expressions:
                static = _static_partitions(session, table, spec, q)
                whole = len(static) == len(C.partition_fields(session, table))  # Spark drops by a full spec only
                if not (whole and _partition_has_rows(session, table, static)) and not action.args.get("exists"):
                    shown = ", ".join(f"`{k}` = {item.expression.name}" for k, item in zip(static, spec.expressions))
                    raise AnalysisException(
                        f"[PARTITIONS_NOT_FOUND] The partition(s) PARTITION ({shown}) cannot be found in table "
                        f"{'.'.join(f'`{p}`' for p in C.qualified(name).split('.')[1:])}.\nVerify the partition "
                        "specification and table name.\nTo tolerate the error on drop use ALTER TABLE … DROP IF "
                        "EXISTS PARTITION. SQLSTATE: 428FT",
                        "PARTITIONS_NOT_FOUND",
                    )
                if whole:
                    _drop_partition(session, table, static)
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


def _only_comment(action: exp.AlterColumn) -> bool:
    """``ALTER COLUMN c COMMENT 'text'`` with no other change."""
    others = (v for k, v in action.args.items() if k not in ("this", "comment"))
    return action.args.get("comment") is not None and all(v in (None, False) for v in others)


def _prop_text(e: Any) -> str:
    """A table property's key or value as written (``'k1'`` / ``k1``), without quotes."""
    return str(e.name if isinstance(e, (exp.Literal, exp.Identifier, exp.Column, exp.Var)) else e)


def _by_column_list(plan: LogicalPlan, table: LogicalPlan, names: list[str], cs: bool) -> LogicalPlan:
    """``INSERT INTO t (b, a) SELECT ...``: the query's columns by the listed names, in the table's
    column order; columns not listed are NULL."""
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
        n.Alias(by_name[key(c.name)] if key(c.name) in by_name else n.Literal(None, c.dtype), c.name) for c in columns
    )
    return L.Project(plan, exprs)


def _drop(stmt: exp.Drop, session: Any) -> LogicalPlan:
    kind = str(stmt.args.get("kind") or "").upper()
    if kind in _DATABASE_KINDS:
        for table in stmt.args.get("tables") or [stmt.this]:
            name = _name(table).split(".")[-1]
            D.drop_database(session, C.warehouse_dir(session), name, bool(stmt.args.get("exists")), bool(stmt.args.get("cascade")))
        return rows(session)
    for table in stmt.args.get("tables") or [stmt.this]:
        name = _name(table)
        if kind == "VIEW":
            dropped = session.drop_view(name) or (C.is_persistent_view(session, name) and C.drop_table(session, name))
            if not dropped and C.table_exists(session, name):
                raise AnalysisException(
                    f"[WRONG_COMMAND_FOR_OBJECT_TYPE] The operation DROP VIEW requires a VIEW or METRIC_VIEW. But "
                    f"{C.qualified(name)} is a MANAGED. Use DROP TABLE instead. SQLSTATE: 42809",
                    "WRONG_COMMAND_FOR_OBJECT_TYPE",
                )
        elif kind == "TABLE":
            dropped = C.drop_table(session, name) or session.drop_view(name)
        else:
            raise unsupported(f"DROP {kind}")
        if not dropped and not stmt.args.get("exists"):
            # Spark 4 says TABLE_OR_VIEW_NOT_FOUND for DROP VIEW too
            raise C.table_not_found(name, qualified=True)
    return rows(session)


def describe(session: Any, q: Any, target: exp.Expr) -> LogicalPlan:
    """``DESCRIBE t``: one row per column (col_name, data_type, comment), then for a partitioned
    table Spark's ``# Partition Information`` block naming the partition columns again."""
    plan = session.lookup_table(_name(target)) if isinstance(target, exp.Table) else q.query(target)
    name = _name(target) if isinstance(target, exp.Table) else ""
    table = bool(name) and name.lower() not in session._views and C.table_exists(session, name)
    comments = C.column_comments(session, name) if table else {}
    described = [(a.name, a.dtype.simpleString(), comments.get(a.name.lower())) for a in output(plan)]
    parts = C.partition_fields(session, name) if name and name.lower() not in session._views else []
    if parts:
        described += [("# Partition Information", "", ""), ("# col_name", "data_type", "comment")]
        described += [(f.name, f.dataType.simpleString(), None) for f in parts]
    return rows(
        session,
        {"col_name": [r[0] for r in described], "data_type": [r[1] for r in described], "comment": [r[2] for r in described]},
        nullable=frozenset({"comment"}),
    )


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


# characters Hive escapes (as %XX) in a partition directory's name, so in SHOW PARTITIONS;
# "%" first, since its escape brings in "%"s that must stay
_PATH_ESCAPED = "%" + "".join(chr(c) for c in range(1, 32)) + '"#\'*/:=?\\\x7f{[]^'


def _show_partitions(session: Any, name: str) -> LogicalPlan:
    """``SHOW PARTITIONS t``: one row per partition, ``p1=v1/p2=v2`` as Hive names its directory."""
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
    table = session.lookup_table(name)
    columns = [a for a in output(table) if a.name.lower() in {f.name.lower() for f in parts}]
    values = session.execute(L.Project(table, tuple(n.Alias(n.Cast(a, T.StringType()), a.name) for a in columns)))
    values = values.group_by(values.column_names, use_threads=False).aggregate([])
    pieces = []
    for a in columns:
        text = values.column(a.name)
        for ch in _PATH_ESCAPED:
            text = pc.replace_substring(text, ch, f"%{ord(ch):02X}")
        pieces.append(pc.binary_join_element_wise(f"{a.name}=", pc.fill_null(text, "__HIVE_DEFAULT_PARTITION__"), ""))
    specs = pc.binary_join_element_wise(*pieces, "/") if pieces else pa.array([], pa.string())
    return rows(session, {"partition": pc.take(specs, pc.array_sort_indices(specs)).to_pylist()})


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
_SHOW_PARTITIONS = re.compile(r"^\s*show\s+partitions\s+(\S+)\s*;?\s*$", re.I)
_RESET = re.compile(r"^\s*reset(?:\s+([\w.`-]+))?\s*;?\s*$", re.I)


def run_text_command(text: str, session: Any) -> LogicalPlan | None:
    """Statements sqlglot has no grammar for, recognised by their text: EXPLAIN, SHOW ...,
    REFRESH TABLE, CLEAR CACHE; None for anything else."""
    if m := _EXPLAIN.match(text):
        return _explain(session, m.group(1), m.group(2))
    if (dropped := V.drop_variable(text, session)) is not None:
        return dropped
    cat = C.Catalog(session)
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
        return _show_partitions(session, m.group(1).strip("`"))
    if m := _RESET.match(text):
        session.conf.reset(m.group(1).replace("`", "") if m.group(1) else None)
        return rows(session)
    return None


def _tblproperties(session: Any, m: re.Match[str]) -> LogicalPlan:
    """``SHOW TBLPROPERTIES t [('k')]`` (rows key, value) / ``ALTER TABLE t UNSET TBLPROPERTIES ('k', ...)``."""
    keys = [k.strip().strip("'\"`") for k in (m.group(4) or "").split(",") if k.strip()]
    if m.group(2):
        C.set_properties(session, _table_not_view(session, m.group(2).strip("`"), "ALTER TABLE ... UNSET TBLPROPERTIES"), dict.fromkeys(keys))
        return rows(session)
    name = (m.group(3) or "").strip("`")
    props = C.user_properties(C.table_properties(session, _table_not_view(session, name, "SHOW TBLPROPERTIES")))
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

    text = f"CREATE TABLE {C.qualified(name)} (\n" + ",\n".join(f"  {a.name} {sql_type(a.dtype)}" for a in attrs) + ")\nUSING parquet\n"
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
