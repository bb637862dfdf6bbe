"""``df.writeTo(table)``: PySpark's DataFrameWriterV2 over engine's warehouse tables.

engine's tables (Parquet directories under the warehouse) behave as a V2 catalog's tables:
``create`` / ``replace`` / ``createOrReplace`` define the table from the DataFrame,
``append`` adds rows matched to the table's columns by name, ``overwrite(condition)``
replaces the rows where the condition holds, and ``overwritePartitions`` replaces the
partitions the DataFrame has rows for. Every write commits atomically (staging directory,
then rename): a failure leaves the table as it was. Spark's built-in session catalog is a
V1 catalog that refuses append/replace through this API; engine performs them instead.
"""

from __future__ import annotations

import os
from typing import Any

from engine import types as T
from engine.api.column import Column
from engine.errors import AnalysisException, PySparkTypeError
from engine.expr import nodes as n
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.nodes import output


class DataFrameWriterV2:
    """``df.writeTo("t").partitionedBy("k").create()`` and friends."""

    def __init__(self, df: Any, table: str) -> None:
        self._df = df
        self._table = table
        self._provider = "parquet"
        self._options: dict[str, str] = {}
        self._partitions: list[str] = []

    # ------------------------------------------------------------------ settings
    def using(self, provider: str) -> DataFrameWriterV2:
        """The table's format; engine's warehouse tables are Parquet."""
        if provider.lower() != "parquet":
            raise AnalysisException(
                f"[UNSUPPORTED_FEATURE] The feature is not supported: tables stored as {provider}; "
                "engine's warehouse tables are Parquet (write files with df.write.format(...) instead).",
                "UNSUPPORTED_FEATURE",
            )
        self._provider = provider.lower()
        return self

    def option(self, key: str, value: Any) -> DataFrameWriterV2:
        from engine.api.readwriter import _opt

        self._options[key.lower()] = _opt(value)
        return self

    def options(self, **options: Any) -> DataFrameWriterV2:
        for k, v in options.items():
            self.option(k, v)
        return self

    def tableProperty(self, property: str, value: str) -> DataFrameWriterV2:  # noqa: A002, N802
        """Accepted for compatibility; engine's tables keep no properties besides their files."""
        return self

    def partitionedBy(self, col: Any, *cols: Any) -> DataFrameWriterV2:  # noqa: N802
        """Identity partitioning by columns (names or ``F.col``); ``F.bucket(n, col)`` is accepted
        (its column checked) and written unbucketed, as ``bucketBy`` is; Spark's error for the
        other transforms (``years``, ``months``, ``days``, ``hours``), as its session catalog."""
        from engine.expr.display import sql_name

        names = []
        for c in (col, *cols):
            expr = c.expr if isinstance(c, Column) else n.UnresolvedColumn(c) if isinstance(c, str) else None
            if isinstance(expr, n.UnresolvedColumn):
                names.append(expr.parts[-1])
                continue
            if _bucket_column(expr) is not None:  # F.bucket(n, col): bucketing, which engine's files do not keep
                from engine.api.write_checks import check_columns

                check_columns(self._df, "parquet", [], [_bucket_column(expr)])
                continue
            shown = sql_name(expr) if expr is not None else repr(c)
            from engine.errors import UnsupportedOperationException

            raise UnsupportedOperationException(
                f"[UNSUPPORTED_PARTITION_TRANSFORM] Unsupported partition transform: `{shown}`. The supported "
                "transforms are `identity`, `bucket`, and `clusterBy`. Ensure your transform expression uses one of "
                "these.",
                "UNSUPPORTED_PARTITION_TRANSFORM",
            )
        self._partitions = names
        return self

    def clusterBy(self, col: str, *cols: str) -> DataFrameWriterV2:  # noqa: N802
        """Clustering columns: checked to exist; engine writes the files unclustered."""
        from engine.api.write_checks import check_columns

        check_columns(self._df, "parquet", [], [col, *cols])
        return self

    # ------------------------------------------------------------------ writes
    def create(self) -> None:
        """A new table with the DataFrame's rows; TABLE_OR_VIEW_ALREADY_EXISTS if there is one."""
        from engine.api.catalog import already_exists, table_exists

        self._check_not_view()
        if table_exists(self._df._session, self._table):
            raise already_exists(self._table)
        self._write(self._df._plan, "errorifexists", self._partitions)

    def replace(self) -> None:
        """The table redefined by the DataFrame (schema, partitioning, rows); it must exist."""
        from engine.api.catalog import table_exists

        self._check_not_view()
        if not table_exists(self._df._session, self._table):
            raise AnalysisException(
                f"[CANNOT_REPLACE_MISSING_TABLE] Table or view `{self._table}` cannot be replaced as it does not "
                "exist. Use CREATE OR REPLACE TABLE to create the table.",
                "CANNOT_REPLACE_MISSING_TABLE",
                {"tableName": f"`{self._table}`"},
            )
        self._write(self._materialized(self._df._plan), "overwrite", self._partitions)

    def createOrReplace(self) -> None:  # noqa: N802
        self._check_not_view()
        self._write(self._materialized(self._df._plan), "overwrite", self._partitions)

    def append(self) -> None:
        """The DataFrame's rows added to the table, columns matched by name."""
        table, parts = self._existing()
        self._write(_by_name(self._df, table, self._table), "append", parts)

    def overwrite(self, condition: Column) -> None:
        """The table's rows where `condition` holds replaced by the DataFrame's rows."""
        if not isinstance(condition, Column):
            raise PySparkTypeError(
                f"[NOT_COLUMN] Argument `condition` should be a Column, got {type(condition).__name__}.", "NOT_COLUMN"
            )
        table, parts = self._existing()
        drop = n.UnresolvedFunction("coalesce", (condition.expr, n.Literal(False, T.BooleanType())))
        kept = B.filter_(table, n.UnresolvedFunction("not", (drop,)), self._df._cs())
        self._replace_rows(kept, table, parts)

    def overwritePartitions(self) -> None:  # noqa: N802
        """The table's partitions that the DataFrame has rows for replaced by those rows (the whole
        table when it is not partitioned)."""
        table, parts = self._existing()
        if not parts:
            self._replace_rows(None, table, parts)
            return
        new = _by_name(self._df, table, self._table)
        keys = [next(a for a in output(new) if a.name.lower() == p.lower()) for p in parts]
        new_keys = L.Distinct(L.Project(new, tuple(keys)))
        new_keys = B.deduplicate_right(table, new_keys)
        cond: n.Expr | None = None
        old_attrs = output(table)
        for k, nk in zip(keys, output(new_keys)):
            old = next(a for a in old_attrs if a.name.lower() == k.name.lower())
            eq = n.UnresolvedFunction("<=>", (old, nk))
            cond = eq if cond is None else n.UnresolvedFunction("and", (cond, eq))
        kept = B.join(table, new_keys, "left_anti", cond, self._df._cs())
        self._replace_rows(kept, table, parts)

    # ------------------------------------------------------------------ helpers
    def _replace_rows(self, kept: L.LogicalPlan | None, table: L.LogicalPlan, parts: list[str]) -> None:
        new = _by_name(self._df, table, self._table)
        plan = new if kept is None else B.union([kept, new])
        self._write(self._materialized(plan), "overwrite", parts)

    def _materialized(self, plan: L.LogicalPlan) -> L.LogicalPlan:
        """`plan`'s rows computed now: the query may read the table it is about to replace."""
        session = self._df._session
        return session.in_memory(session.execute(plan))

    def _existing(self) -> tuple[L.LogicalPlan, list[str]]:
        """The table's plan and partition columns; TABLE_OR_VIEW_NOT_FOUND when there is none."""
        from engine.api.catalog import table_exists, warehouse_table
        from engine.api.session import _table_key
        from engine.io.source import partition_columns

        self._check_not_view()
        session = self._df._session
        if not table_exists(session, self._table):
            session.lookup_table(self._table)  # raises Spark's TABLE_OR_VIEW_NOT_FOUND
        plan = warehouse_table(session, _table_key(self._table))
        assert plan is not None
        scan = plan.input if isinstance(plan, L.SubqueryAlias) else plan
        parts = partition_columns(scan.source) if isinstance(scan, L.FileScan) else []
        return plan, parts

    def _check_not_view(self) -> None:
        from engine.api.session import _table_key

        if _table_key(self._table) in self._df._session._views:
            raise AnalysisException(
                f"[VIEW_WRITE_NOT_ALLOWED] Cannot write into view {self._table}, please write into a table instead.",
                "VIEW_WRITE_NOT_ALLOWED",
            )

    def _write(self, plan: L.LogicalPlan, mode: str, partitions: list[str]) -> None:
        from engine.api.catalog import cached_tables, table_path
        from engine.api.execution import write_plan
        from engine.api.write_checks import check_columns

        session = self._df._session
        session._check_active()
        check_columns(self._df._new(plan), "parquet", partitions)
        path = table_path(session, self._table)
        cached_tables(session).pop(os.path.basename(path), None)
        write_plan(session, plan, path, "parquet", mode, partitions, self._options)


def _bucket_column(expr: n.Expr | None) -> str | None:
    """The column of a ``bucket(n, col)`` partition transform, else None."""
    if isinstance(expr, n.UnresolvedFunction) and expr.name == "bucket" and len(expr.args) == 2:
        column = expr.args[1]
        if isinstance(column, n.UnresolvedColumn):
            return column.parts[-1]
    return None


def _by_name(df: Any, table: L.LogicalPlan, name: str) -> L.LogicalPlan:
    """`df`'s columns matched to `table`'s by name, in the table's order and types (Spark's
    by-name V2 write: a missing or extra column, or an unsafe cast, is an error)."""
    from engine.api.schema_match import store_assignable
    from engine.expr.display import type_sql

    source = output(df._plan)
    target = output(table)
    qualified = f"`spark_catalog`.`default`.`{name.split('.')[-1].strip('`').lower()}`"
    names = {t.name.lower() for t in target}
    extra = [s.name for s in source if s.name.lower() not in names]
    if extra:
        raise AnalysisException(
            f"[INCOMPATIBLE_DATA_FOR_TABLE.EXTRA_COLUMNS] Cannot write incompatible data for the table {qualified}: "
            f"Cannot write extra columns {', '.join(f'`{c}`' for c in extra)}.",
            "INCOMPATIBLE_DATA_FOR_TABLE.EXTRA_COLUMNS",
        )
    exprs: list[n.Expr] = []
    for t in target:
        s = next((a for a in source if a.name.lower() == t.name.lower()), None)
        if s is None:
            raise AnalysisException(
                f"[INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_FIND_DATA] Cannot write incompatible data for the table "
                f"{qualified}: Cannot find data for the output column `{t.name}`.",
                "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_FIND_DATA",
            )
        if s.dtype != t.dtype and not store_assignable(s.dtype, t.dtype):
            raise AnalysisException(
                f"[INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST] Cannot write incompatible data for the table "
                f'{qualified}: Cannot safely cast `{t.name}` "{type_sql(s.dtype)}" to "{type_sql(t.dtype)}".',
                "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST",
            )
        exprs.append(n.Alias(s if s.dtype == t.dtype else n.Cast(s, t.dtype), t.name))
    return L.Project(df._plan, tuple(exprs))
