"""`DataFrame`: a lazy, immutable query; transformations build plans, actions run them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from engine import types as T
from engine.api.column import Column, ColumnOrName, to_expr
from engine.api.time_windows import expand_time_windows, filter_time_window
from engine.errors import (
    AnalysisException,
    IllegalArgumentException,
    PySparkAttributeError,
    PySparkTypeError,
    PySparkValueError,
)
from engine.expr import nodes as n
from engine.expr.resolve import Scope, resolve
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.collated_grouping import deduplicate as collated_deduplicate
from engine.logical.collated_grouping import distinct as collated_distinct
from engine.logical.correlated import is_correlated
from engine.logical.hidden import is_hidden, visible
from engine.logical.map_checks import (
    refuse_map_columns,
    refuse_map_order_keys,
    refuse_map_ordering,
    refuse_variant_partitioning,
)
from engine.logical.nodes import output
from engine.row import Row

_cache_ids = itertools.count(1)


class DataFrame:
    """A distributed collection of rows with named columns (PySpark's DataFrame)."""

    def __init__(self, session: Any, plan: L.LogicalPlan) -> None:
        self._session = session
        self._plan = plan

    # ------------------------------------------------------------------ helpers
    @property
    def sparkSession(self) -> Any:  # noqa: N802
        return self._session

    def _cs(self) -> bool:
        return self._session.conf.get_bool("spark.sql.caseSensitive", False)

    def _new(self, plan: L.LogicalPlan) -> DataFrame:
        return DataFrame(self._session, plan)

    def _scope(self) -> Scope:
        return Scope(output(self._plan), self._cs())

    # ------------------------------------------------------------------ schema
    @property
    def schema(self) -> T.StructType:
        from engine.api.schema_match import schema_metadata

        attrs = output(self._plan)
        metadata = schema_metadata(self._session, self._plan)
        return T.StructType([T.StructField(a.name, a.dtype, a.nullable, m) for a, m in zip(attrs, metadata, strict=True)])

    @property
    def columns(self) -> list[str]:
        return [a.name for a in output(self._plan)]

    @property
    def dtypes(self) -> list[tuple[str, str]]:
        return [(a.name, a.dtype.simpleString()) for a in output(self._plan)]

    def printSchema(self, level: int | None = None) -> None:  # noqa: N802
        print(self.schema.treeString(level) if level is not None else self.schema.treeString())

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, str) and item == "*":  # this frame's columns, even after a join brings in the other's
            return Column(n.UnresolvedStar(columns=tuple(a for a in output(self._plan) if not a.hidden)))
        if isinstance(item, str):
            resolved = resolve(n.UnresolvedColumn(item), self._scope())
            if isinstance(resolved, n.Alias):  # Spark resolves df["s.v"] to `s.v AS v` now, named so inside others
                return Column(n.Alias(resolved, resolved.name, shown=True))
            return Column(resolved)
        if isinstance(item, int):
            attrs = output(self._plan)
            if not -len(attrs) <= item < len(attrs):
                from engine.errors import PySparkIndexError

                raise PySparkIndexError(f"[COLUMN_INDEX_OUT_OF_RANGE] Column index must be < {len(attrs)}, got {item}.")
            return Column(attrs[item])
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        raise PySparkTypeError(f"[NOT_COLUMN_OR_INT_OR_LIST_OR_STR_OR_TUPLE] Unexpected item type: {type(item).__name__}.")

    def __getattr__(self, name: str) -> Column:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in [a.name for a in output(self._plan)]:  # PySpark: df.ID of a column Id is refused
            raise PySparkAttributeError(
                f"[ATTRIBUTE_NOT_SUPPORTED] Attribute `{name}` is not supported.", "ATTRIBUTE_NOT_SUPPORTED"
            )
        return self[name]

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {c for c in self.columns if c.isidentifier()})

    def __repr__(self) -> str:
        return "DataFrame[" + ", ".join(f"{a.name}: {a.dtype.simpleString()}" for a in output(self._plan)) + "]"

    # ------------------------------------------------------------------ projections
    def colRegex(self, colName: str) -> Column:  # noqa: N802, N803
        """The columns whose names match a backquoted regular expression (``"`(k|v)`"``,
        ``"t.`v.*`"``); an unquoted name is the one column of that name."""
        import re

        if not isinstance(colName, str):
            raise PySparkTypeError(
                f"[NOT_EXPECTED_TYPE] Argument `colName` should be str, got {type(colName).__name__}.",
                "NOT_EXPECTED_TYPE",
            )
        m = re.fullmatch(r"`(.+)`", colName, re.DOTALL)
        if m:
            return Column(n.UnresolvedStar(None, m.group(1)))
        m = re.fullmatch(r"(.+)\.`(.+)`", colName, re.DOTALL)
        if m:
            return Column(n.UnresolvedStar(m.group(1).split(".")[-1], m.group(2)))
        return Column(resolve(n.UnresolvedColumn(colName), self._scope()))  # resolved now, as Spark does

    def select(self, *cols: Any) -> DataFrame:
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        plan, exprs = expand_time_windows(self._plan, [to_expr(_column_arg(c)) for c in cols], self._cs())
        if awaits_outer(plan):  # resolved by the lateral join that gives the outer columns
            return self._new(L.Project(plan, tuple(exprs)))
        return self._new(B.project(plan, exprs, self._cs()))

    def selectExpr(self, *expr: str) -> DataFrame:  # noqa: N802
        from sql import to_expr as sql_expr

        if len(expr) == 1 and isinstance(expr[0], (list, tuple)):
            expr = tuple(expr[0])
        return self._new(B.project(self._plan, [sql_expr(e) for e in expr], self._cs()))

    def withColumn(self, colName: str, col: Column) -> DataFrame:  # noqa: N802, N803
        if not isinstance(col, Column):
            msg = f"[NOT_EXPECTED_TYPE] Argument `col` should be Column, got {type(col).__name__}."
            raise PySparkTypeError(msg, "NOT_EXPECTED_TYPE")
        return self.withColumns({colName: col})

    def withColumns(self, *colsMap: dict[str, Column]) -> DataFrame:  # noqa: N802, N803
        mapping = colsMap[0] if colsMap else {}
        if not isinstance(mapping, dict):
            raise PySparkTypeError(
                f"[NOT_EXPECTED_TYPE] Argument `colsMap` should be dict, got {type(mapping).__name__}.",
                "NOT_EXPECTED_TYPE",
            )
        for value in mapping.values():
            if not isinstance(value, (Column, str)):
                raise PySparkTypeError(
                    f"[NOT_EXPECTED_TYPE] Argument `col` should be Column or str, got {type(value).__name__}.",
                    "NOT_EXPECTED_TYPE",
                )
        from engine.api.schema_match import named_as

        attrs = output(self._plan)
        exprs: list[n.Expr] = []
        replaced: set[str] = set()
        same = (lambda a, b: a == b) if self._cs() else (lambda a, b: a.lower() == b.lower())
        for a in attrs:
            match = next((k for k in mapping if same(k, a.name)), None)
            if match is not None:
                exprs.append(named_as(to_expr(mapping[match]), match))
                replaced.add(match)
            else:
                exprs.append(a)
        for k, c in mapping.items():
            if k not in replaced:
                exprs.append(named_as(to_expr(c), k))
        plan, exprs = expand_time_windows(self._plan, exprs, self._cs())
        return self._new(B.project(plan, exprs, self._cs()))

    def withColumnRenamed(self, existing: str, new: str) -> DataFrame:  # noqa: N802
        return self.withColumnsRenamed({existing: new})

    def withColumnsRenamed(self, colsMap: dict[str, str]) -> DataFrame:  # noqa: N802, N803
        same = (lambda a, b: a == b) if self._cs() else (lambda a, b: a.lower() == b.lower())
        exprs: list[n.Expr] = []
        for a in output(self._plan):
            new = next((v for k, v in colsMap.items() if same(k, a.name)), None)
            exprs.append(n.Alias(a, new) if new is not None else a)
        return self._new(L.Project(self._plan, tuple(exprs)))

    def toDF(self, *cols: str) -> DataFrame:  # noqa: N802
        attrs = output(self._plan)
        if len(cols) != len(attrs):
            raise AnalysisException(
                "[ASSIGNMENT_ARITY_MISMATCH] The number of columns or variables assigned or aliased: "
                f"{len(attrs)} does not match the number of source expressions: {len(cols)}.",
                "ASSIGNMENT_ARITY_MISMATCH",
            )
        return self._new(L.Project(self._plan, tuple(n.Alias(a, c) for a, c in zip(attrs, cols))))

    def drop(self, *cols: ColumnOrName) -> DataFrame:
        drop_ids: set[int] = set()
        scope = self._scope()
        for c in cols:
            if isinstance(c, str):
                drop_ids |= {a.id for a in scope.attrs if scope.same(a.name, c)}
            else:
                e = to_expr(_column_arg(c))
                if is_hidden(e, self._plan):  # ``drop(r.id)`` of a key a USING join merged away
                    continue
                e = _resolved_or_none(e, scope)
                if isinstance(e, n.Attribute):
                    drop_ids.add(e.id)
        kept = tuple(a for a in output(self._plan) if a.id not in drop_ids)
        return self._new(L.Project(self._plan, kept))

    def alias(self, alias: str) -> DataFrame:
        return self._new(L.SubqueryAlias(self._plan, alias))

    # ------------------------------------------------------------------ rows
    def filter(self, condition: ColumnOrName) -> DataFrame:
        if isinstance(condition, str):
            from sql import to_expr as sql_expr

            cond = sql_expr(condition)
        elif isinstance(condition, Column):
            cond = condition.expr
        else:
            raise PySparkTypeError(
                f"[NOT_EXPECTED_TYPE] Argument `condition` should be Column or str, got {type(condition).__name__}.",
                "NOT_EXPECTED_TYPE",
            )
        windowed = filter_time_window(self._plan, cond, self._cs())
        if windowed is not None:
            return self._new(windowed)
        return self._new(B.filter_(self._plan, cond, self._cs()))

    where = filter

    def limit(self, num: int) -> DataFrame:
        return self._new(L.Limit(self._plan, _non_negative("limit", int(num))))

    def offset(self, num: int) -> DataFrame:
        return self._new(L.Limit(self._plan, None, _non_negative("offset", int(num))))

    def distinct(self) -> DataFrame:
        refuse_map_columns(a for a in output(self._plan) if not a.hidden)
        return self._new(collated_distinct(self._plan))

    def dropDuplicates(self, subset: list[str] | None = None) -> DataFrame:  # noqa: N802
        if subset is None:
            return self.distinct()
        keys = self._dedup_keys(subset)
        refuse_map_columns(keys)
        return self._new(collated_deduplicate(self._plan, keys))

    def _dedup_keys(self, subset: Any) -> tuple[n.Attribute, ...]:
        """The columns `subset` names, as Spark's dropDuplicates finds them: a list or tuple of
        top-level column names (every column of a repeated name), no nested paths."""
        if not isinstance(subset, (list, tuple)):
            raise PySparkTypeError(
                f"[NOT_EXPECTED_TYPE] Argument `subset` should be list or tuple, got {type(subset).__name__}.",
                "NOT_EXPECTED_TYPE",
            )
        scope = self._scope()
        visible = [a for a in scope.attrs if not a.hidden]
        keys: list[n.Attribute] = []
        for name in subset:
            found = [a for a in visible if scope.same(a.name, name)]
            if not found:
                raise AnalysisException(
                    f'[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name "{name}" among '
                    f"({', '.join(a.name for a in visible)}).",
                    "UNRESOLVED_COLUMN_AMONG_FIELD_NAMES",
                )
            keys.extend(a for a in found if all(a.id != k.id for k in keys))
        return tuple(keys)

    drop_duplicates = dropDuplicates

    def dropDuplicatesWithinWatermark(self, subset: list[str] | None = None) -> DataFrame:  # noqa: N802
        """Deduplicates a stream within its watermark; on batch data (all engine has) the
        DataFrame is built, columns checked, and its first action fails as in Spark."""
        keys = self._dedup_keys(subset if subset is not None else self.columns)
        return self._new(L.DeduplicateWithinWatermark(self._plan, keys))

    def orderBy(self, *cols: Any, ascending: bool | list[bool] | None = None) -> DataFrame:  # noqa: N802
        plan = B.sort(self._plan, _sort_exprs(self._ordinals(cols), ascending), True, self._cs())
        return self._new(refuse_map_ordering(plan))

    sort = orderBy

    def sortWithinPartitions(self, *cols: Any, ascending: bool | list[bool] | None = None) -> DataFrame:  # noqa: N802
        plan = B.sort(self._plan, _sort_exprs(self._ordinals(cols), ascending), False, self._cs())
        return self._new(refuse_map_ordering(plan))

    def _ordinals(self, cols: tuple[Any, ...]) -> list[Any]:
        """Sort columns with PySpark 4's ordinals read: ``1`` is the first column, ``-1`` the first
        descending; ``0`` is ZERO_INDEX, one past the columns an IndexError."""
        from engine.errors import PySparkIndexError

        out: list[Any] = []
        for c in _flatten(cols):
            if isinstance(c, int) and not isinstance(c, bool):
                if c == 0:
                    raise PySparkIndexError("[ZERO_INDEX] Index must be non-zero.", "ZERO_INDEX")
                c = self[c - 1] if c > 0 else self[-c - 1].desc()
            out.append(c)
        return out

    def sample(self, withReplacement: Any = None, fraction: Any = None, seed: int | None = None) -> DataFrame:  # noqa: N803
        # PySpark's accepted spellings: sample(0.5[, seed]), sample(fraction=0.5[, seed=...]),
        # sample(True, 0.5[, seed]); the fraction must be a float (not an int, not None)
        set_ = type(withReplacement) is bool and isinstance(fraction, float)
        omitted_kwargs = withReplacement is None and isinstance(fraction, float)
        omitted_args = isinstance(withReplacement, float)
        if not (set_ or omitted_kwargs or omitted_args):
            got = ", ".join(type(a).__name__ for a in (withReplacement, fraction, seed))
            raise PySparkTypeError(
                "[NOT_EXPECTED_TYPE] Argument `withReplacement (optional), fraction (required) and seed (optional)` "
                f"should be bool, float or int, got {got}.",
                "NOT_EXPECTED_TYPE",
            )
        if omitted_args:
            if fraction is not None:
                seed = fraction
            withReplacement, fraction = None, withReplacement
        seed = int(seed) if seed is not None else None
        assert fraction is not None
        if withReplacement and fraction < 0:
            raise IllegalArgumentException(
                f"requirement failed: Sampling fraction ({float(fraction)}) must be nonnegative with replacement"
            )
        if not withReplacement and not 0 <= fraction <= 1:
            raise IllegalArgumentException(
                f"requirement failed: Sampling fraction ({float(fraction)}) must be on interval [0, 1] without "
                "replacement"
            )
        import random

        s = seed if seed is not None else random.randrange(1 << 62)
        return self._new(L.Sample(self._plan, float(fraction), bool(withReplacement), int(s)))

    def randomSplit(self, weights: list[float], seed: int | None = None) -> list[DataFrame]:  # noqa: N802
        from engine import functions as F

        for w in weights:
            if w < 0.0:
                raise PySparkValueError(
                    f"[VALUE_NOT_POSITIVE] Value for `weights` must be positive, got '{w}'.", "VALUE_NOT_POSITIVE"
                )
        total = float(sum(weights))
        if total <= 0:
            shown = ",".join(str(float(w)) for w in weights)
            raise IllegalArgumentException(f"requirement failed: Sum of weights must be positive, but got [{shown}]")
        bounds = list(itertools.accumulate(w / total for w in weights))
        # Spark sorts each partition by every orderable column before drawing, so a split does
        # not depend on the order rows arrive in; then each row draws one rand(seed) per split.
        from engine.expr.signatures.operators import has_map

        orderable = [self[i] for i, f in enumerate(self.schema.fields) if not has_map(f.dataType)]
        base = self.sortWithinPartitions(*orderable) if orderable else self
        r = F.rand(seed if seed is not None else 42)
        with_r = base.withColumn("__rand", r)
        out, lo = [], 0.0
        for hi in bounds:
            out.append(with_r.filter((F.col("__rand") >= lo) & (F.col("__rand") < hi)).drop("__rand"))
            lo = hi
        return out

    # ------------------------------------------------------------------ grouping
    def groupBy(self, *cols: Any) -> Any:  # noqa: N802
        from engine.api.grouped import GroupedData

        return GroupedData(self, self._group_ordinals(cols), None)

    groupby = groupBy

    def _group_ordinals(self, cols: tuple[Any, ...]) -> list[Any]:
        """Grouping columns with PySpark 4's ordinals read: ``1`` is the first column; below 1 is
        INDEX_NOT_POSITIVE."""
        from engine.errors import PySparkIndexError

        out: list[Any] = []
        for c in _flatten(cols):
            if isinstance(c, int) and not isinstance(c, bool):
                if c < 1:
                    raise PySparkIndexError(
                        f"[INDEX_NOT_POSITIVE] Index must be positive, got '{c}'.", "INDEX_NOT_POSITIVE"
                    )
                c = self[c - 1]
            out.append(c)
        return out

    def rollup(self, *cols: Any) -> Any:
        from engine.api.grouped import GroupedData

        keys = self._group_ordinals(cols)
        sets = tuple(tuple(range(i)) for i in range(len(keys), -1, -1))
        return GroupedData(self, keys, sets, kind="Rollup")

    def cube(self, *cols: Any) -> Any:
        from engine.api.grouped import GroupedData

        keys = self._group_ordinals(cols)
        k = len(keys)
        sets = tuple(
            tuple(i for i in range(k) if not (mask >> (k - 1 - i)) & 1) for mask in range(1 << k)
        )
        return GroupedData(self, keys, sets, kind="Cube")

    def groupingSets(self, groupingSets: Any, *cols: Any) -> Any:  # noqa: N802, N803
        """``GROUP BY GROUPING SETS``: the rows of each set's grouping, `cols` as the output keys
        (a set may group by an expression not in `cols`; it is then not output)."""
        from engine.api.grouped import GroupedData
        from engine.expr.display import sql_name

        keys = _flatten(cols)
        seen = [sql_name(to_expr(k)).lower() for k in keys]
        shown = len(keys)
        sets: list[tuple[int, ...]] = []
        for group in groupingSets:
            idx: list[int] = []
            for c in group:
                name = sql_name(to_expr(c)).lower()
                if name not in seen:
                    keys.append(c)
                    seen.append(name)
                idx.append(seen.index(name))
            sets.append(tuple(idx))
        return GroupedData(self, keys, tuple(sets), shown, kind="GroupingSets")

    def agg(self, *exprs: Any) -> DataFrame:
        return self.groupBy().agg(*exprs)

    def unpivot(
        self,
        ids: Any,
        values: Any,
        variableColumnName: str,  # noqa: N803
        valueColumnName: str,  # noqa: N803
    ) -> DataFrame:
        """Each row becomes one row per value column: the ids, the column's name, its value
        (all value columns cast to their common type); ``values=None`` takes every non-id column."""
        from engine.logical.reshape import unpivot

        assert ids is not None, "ids must not be None"
        id_exprs = [to_expr(c) for c in (ids if isinstance(ids, (list, tuple)) else [ids])]
        value_entries = None
        if values is not None:
            cols = values if isinstance(values, (list, tuple)) else [values]
            value_entries = [([to_expr(c)], None) for c in cols]
        plan = unpivot(self._plan, id_exprs, value_entries, variableColumnName, [valueColumnName], self._cs())
        return self._new(plan)

    melt = unpivot

    # ------------------------------------------------------------------ combining
    def join(self, other: DataFrame, on: Any = None, how: str | None = None) -> DataFrame:
        if isinstance(on, str):
            on = [on]
        if isinstance(on, (list, tuple)) and on and all(isinstance(c, Column) for c in on):
            cond = on[0]
            for c in on[1:]:
                cond = cond & c
            on = cond
        expr = on.expr if isinstance(on, Column) else on
        # a USING join keeps each side's keys hidden: ``l.id`` / ``r.id`` still read them
        joined = B.join(self._plan, other._plan, how, expr, self._cs(), hide_using_keys=True)
        return self._new(visible(joined))

    def crossJoin(self, other: DataFrame) -> DataFrame:  # noqa: N802
        return self._new(B.join(self._plan, other._plan, "cross", None, self._cs()))

    def union(self, other: DataFrame) -> DataFrame:
        return self._new(B.union([self._plan, other._plan]))

    unionAll = union

    def unionByName(self, other: DataFrame, allowMissingColumns: bool = False) -> DataFrame:  # noqa: N802, N803
        return self._new(B.union([self._plan, other._plan], by_name=True, allow_missing=allowMissingColumns))

    def _set_op(self, other: DataFrame, kind: str, all_: bool) -> DataFrame:
        widened = B.union([self._plan, other._plan])
        assert isinstance(widened, L.Union)
        left, right = widened.inputs
        right = B.deduplicate_right(left, right)
        refuse_map_columns(output(left))
        return self._new(L.SetOp(left, right, kind, all_))

    def intersect(self, other: DataFrame) -> DataFrame:
        return self._set_op(other, "intersect", False)

    def intersectAll(self, other: DataFrame) -> DataFrame:  # noqa: N802
        return self._set_op(other, "intersect", True)

    def subtract(self, other: DataFrame) -> DataFrame:
        return self._set_op(other, "except", False)

    def exceptAll(self, other: DataFrame) -> DataFrame:  # noqa: N802
        return self._set_op(other, "except", True)

    # ------------------------------------------------------------------ partitioning
    def repartition(self, numPartitions: Any = None, *cols: ColumnOrName) -> DataFrame:  # noqa: N803
        if isinstance(numPartitions, (str, Column)):
            cols = (numPartitions, *cols)
            numPartitions = None
        if numPartitions is not None and (not isinstance(numPartitions, int) or numPartitions <= 0):
            raise PySparkValueError("[VALUE_NOT_POSITIVE] numPartitions must be a positive integer.")
        if not cols:
            return self._new(L.Repartition(self._plan, numPartitions or self._session.default_parallelism, (), "round_robin"))
        keys = tuple(resolve(to_expr(c), self._scope()) for c in cols)
        refuse_variant_partitioning(keys)
        return self._new(L.Repartition(self._plan, numPartitions, keys, "hash"))

    def repartitionById(self, numPartitions: int, partitionIdCol: ColumnOrName) -> DataFrame:  # noqa: N802, N803
        """Rows sent to the partition their int `partitionIdCol` names, modulo `numPartitions`
        (null to partition 0), as PySpark 4.1's ``repartitionById``."""
        from engine.expr.signatures._common import unexpected_type
        from engine.expr.typing import dtype_of

        if not isinstance(numPartitions, int) or isinstance(numPartitions, bool):
            raise PySparkTypeError(
                f"[NOT_EXPECTED_TYPE] Argument `numPartitions` should be int, got {type(numPartitions).__name__}.",
                "NOT_EXPECTED_TYPE",
            )
        if numPartitions <= 0:
            raise PySparkValueError(
                f"[VALUE_NOT_POSITIVE] Value for `numPartitions` must be positive, got '{numPartitions}'.",
                "VALUE_NOT_POSITIVE",
            )
        key = resolve(to_expr(_column_arg(partitionIdCol)), self._scope())
        if not isinstance(dtype_of(key), T.IntegerType):
            raise unexpected_type("direct_shuffle_partition_id", [key], 0, '"INT"')
        return self._new(L.Repartition(self._plan, numPartitions, (key,), "direct"))

    def repartitionByRange(self, numPartitions: Any = None, *cols: Any) -> DataFrame:  # noqa: N802, N803
        if isinstance(numPartitions, (str, Column)):
            cols = (numPartitions, *cols)
            numPartitions = None
        keys = tuple(resolve(e, self._scope()) for e in _sort_exprs(cols, None))
        refuse_map_order_keys(k for k in keys if isinstance(k, n.SortOrder))  # a range needs an order
        return self._new(L.Repartition(self._plan, numPartitions, keys, "range"))

    def coalesce(self, numPartitions: int) -> DataFrame:  # noqa: N803
        return self._new(L.Repartition(self._plan, numPartitions, (), "coalesce"))

    def hint(self, name: str, *parameters: Any) -> DataFrame:
        """Join strategy hints; ``broadcast`` marks this side to be broadcast in joins."""
        return self._new(L.Hint(self._plan, name.lower()))

    # ------------------------------------------------------------------ caching
    def cache(self) -> DataFrame:
        return self.persist()

    def persist(self, storageLevel: Any = None) -> DataFrame:  # noqa: N803
        from engine.api.context import StorageLevel

        if not isinstance(self._plan, L.Cached):
            self._plan = L.Cached(self._plan, next(_cache_ids))
            self._storage_level = storageLevel or StorageLevel.MEMORY_AND_DISK_DESER  # PySpark's default
        return self

    def unpersist(self, blocking: bool = False) -> DataFrame:
        if isinstance(self._plan, L.Cached):
            entry = self._session._cache.pop(self._plan.cache_id, None)
            if entry is not None and entry.outputs:
                self._session._backend.release([b for blocks in entry.outputs.values() for b in blocks])
            self._plan = self._plan.input
        return self

    @property
    def is_cached(self) -> bool:
        return isinstance(self._plan, L.Cached)

    @property
    def storageLevel(self) -> Any:  # noqa: N802
        from engine.api.context import StorageLevel

        if not self.is_cached:
            return StorageLevel.NONE
        return getattr(self, "_storage_level", StorageLevel.MEMORY_AND_DISK_DESER)

    def checkpoint(self, eager: bool = True) -> DataFrame:
        from engine.api.checkpoint import checkpoint

        return checkpoint(self, eager, local=False)

    def localCheckpoint(self, eager: bool = True) -> DataFrame:  # noqa: N802
        from engine.api.checkpoint import checkpoint

        return checkpoint(self, eager, local=True)

    # ------------------------------------------------------------------ views
    def createOrReplaceTempView(self, name: str) -> None:  # noqa: N802
        self._session.register_view(name, self._plan, replace=True)

    def createTempView(self, name: str) -> None:  # noqa: N802
        self._session.register_view(name, self._plan, replace=False)

    def registerTempTable(self, name: str) -> None:  # noqa: N802
        """Deprecated since Spark 2.0: ``createOrReplaceTempView``."""
        import warnings

        warnings.warn("Deprecated in 2.0, use createOrReplaceTempView instead.", FutureWarning, stacklevel=2)
        self.createOrReplaceTempView(name)

    def createOrReplaceGlobalTempView(self, name: str) -> None:  # noqa: N802
        self._session.register_view(f"global_temp.{name}", self._plan, replace=True)

    def createGlobalTempView(self, name: str) -> None:  # noqa: N802
        self._session.register_view(f"global_temp.{name}", self._plan, replace=False)

    # ------------------------------------------------------------------ actions
    def toArrow(self) -> pa.Table:  # noqa: N802
        """The rows as an Arrow table whose chunks are Spark's record batches (per partition, at
        most ``spark.sql.execution.arrow.maxRecordsPerBatch`` rows each)."""
        from engine.api.arrow_batches import spark_batched

        max_rows = int(self._session.conf.get("spark.sql.execution.arrow.maxRecordsPerBatch", "10000"))
        nullable = [f.nullable for f in self.schema.fields]
        partitions = self._session.execute_partitions(self._plan)
        if not partitions:  # a plan of no partitions at all (an empty listing)
            partitions = [self._session.execute(self._plan)]
        return spark_batched(partitions, max_rows, nullable)

    def collect(self) -> list[Row]:
        from engine.api.convert import table_to_rows

        return table_to_rows(self._session.execute(self._plan))

    def toPandas(self) -> Any:  # noqa: N802
        from engine.api.pandas_out import to_pandas

        return to_pandas(self._session.execute(self._plan), self.schema, self._session.conf.get("spark.sql.session.timeZone"))

    def toLocalIterator(self, prefetchPartitions: bool = False) -> Iterator[Row]:  # noqa: N802, N803
        yield from self.collect()

    def count(self) -> int:
        from engine import functions as F

        table = self._session.execute(B.project(self._plan, [F.count("*").expr]))
        return int(table.column(0)[0].as_py())

    def take(self, num: int) -> list[Row]:
        return self.limit(num).collect()

    def head(self, n: int | None = None) -> Any:
        if n is None:
            rows = self.take(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self) -> Row | None:
        return self.head()

    def tail(self, num: int) -> list[Row]:
        rows = self.collect()
        return rows[-num:] if num else []

    def isLocal(self) -> bool:  # noqa: N802
        """Whether collect() needs no job: as Spark, true only of data handed over whole (pandas,
        Arrow) and of commands' results (SHOW TABLES), not of anything computed from them."""
        plan = self._plan.input if isinstance(self._plan, L.Cached) else self._plan
        return isinstance(plan, L.InMemory) and plan.local

    @property
    def isStreaming(self) -> bool:  # noqa: N802
        """Always False: engine reads no streaming sources."""
        return False

    def inputFiles(self) -> list[str]:  # noqa: N802
        """The files the DataFrame's scans read, as URIs (``file:///...``), each once."""
        import os

        from engine.io.source import list_source_files

        found: set[str] = set()
        stack: list[L.LogicalPlan] = [self._plan]
        while stack:
            p = stack.pop()
            if isinstance(p, L.FileScan):
                for f in list_source_files(p.source):
                    found.add(f.path if "://" in f.path else "file://" + os.path.abspath(f.path))
            stack.extend(L.children(p))
        return sorted(found)

    def scalar(self) -> Column:
        """This one-column, at-most-one-row DataFrame as a value: a scalar subquery, correlated
        when it filters on ``col(...).outer()`` columns of the DataFrame it is used in."""
        if is_correlated(self._plan):
            return Column(n.CorrelatedSubquery(self._plan, "scalar"))
        from engine.logical.subquery_joins import scalar_column

        return Column(n.ScalarSubquery(self._plan, scalar_column(self._plan).dtype))

    def exists(self) -> Column:
        """A boolean Column: whether this DataFrame has any row (an EXISTS subquery, correlated
        when it filters on ``col(...).outer()`` columns of the DataFrame it is used in)."""
        from engine.expr.literals import literal

        if is_correlated(self._plan):
            return Column(n.CorrelatedSubquery(self._plan, "exists"))

        counted = B.aggregate(L.Limit(self._plan, 1), [], [n.Alias(n.UnresolvedFunction("count", (literal(1),)), "n")])
        plan = B.project(counted, [n.Alias(n.UnresolvedFunction(">", (n.UnresolvedColumn("n"), literal(0))), "exists")])
        return Column(n.Alias(n.ScalarSubquery(plan, T.BooleanType()), "exists()"))

    def lateralJoin(self, other: DataFrame, on: Column | None = None, how: str | None = None) -> DataFrame:  # noqa: N802
        """Join each row with `other` evaluated for it: `other` may filter on this DataFrame's
        columns through ``col(...).outer()`` (a LATERAL subquery); `how` is inner, left or cross."""
        from engine.api.udtf import lateral_udtf_join
        from engine.logical.subquery_joins import lateral_join

        udtf_joined = lateral_udtf_join(self, other, on, how or "inner")
        if udtf_joined is not None:
            return udtf_joined
        cond = to_expr(on) if on is not None else None
        right, selects = other._plan, []
        while isinstance(right, L.Project) and awaits_outer(right.input):  # selects over a deferred TVF
            selects.append(right.exprs)
            right = right.input
        plan = lateral_join(self._plan, right, cond, how or "inner", self._cs())
        keep = len(output(self._plan))
        for exprs in reversed(selects):
            plan = B.project(plan, [*output(plan)[:keep], *exprs], self._cs())
        return self._new(plan)

    def nearestByJoin(  # noqa: N802
        self, other: DataFrame, rankingExpression: Column, numResults: int, mode: str, direction: str,  # noqa: N803
        *, joinType: str = "inner",  # noqa: N803
    ) -> DataFrame:
        """For each row, up to `numResults` rows of `other` ranked best by `rankingExpression`
        (smallest first for "distance", largest for "similarity"), as PySpark 4.2."""
        from engine.api.nearest_join import nearest_by_join

        return nearest_by_join(self, other, rankingExpression, numResults, mode, direction, joinType)  # type: ignore[no-any-return]

    def isEmpty(self) -> bool:  # noqa: N802
        return len(self.take(1)) == 0

    def foreach(self, f: Any) -> None:
        for r in self.collect():
            f(r)

    def foreachPartition(self, f: Any) -> None:  # noqa: N802
        """`f` called once per partition, empty ones too, with an iterator of its rows (as Spark
        calls it once per task); run on the driver here, one partition after another."""
        from engine.api.rdd import dataframe_partitions

        for rows in dataframe_partitions(self):
            f(iter(rows))

    def show(self, n: int = 20, truncate: bool | int = True, vertical: bool = False) -> None:
        print(self._show_string(n, truncate, vertical))

    def _show_string(self, n: int = 20, truncate: bool | int = True, vertical: bool = False) -> str:
        from engine.api.show import show_string

        if isinstance(truncate, bool):
            width = 20 if truncate else 0
        else:
            width = int(truncate)
        table = self.limit(max(0, n) + 1).toArrow() if n >= 0 else self.toArrow()
        tz = self._session.conf.get("spark.sql.session.timeZone")
        return show_string(table, self.schema, max(0, n), width, vertical, tz)

    def explain(self, extended: Any = None, mode: str | None = None) -> None:
        from engine.api.explain import explain_string

        print(explain_string(self, extended, mode))

    @property
    def write(self) -> Any:
        from engine.api.readwriter import DataFrameWriter

        return DataFrameWriter(self)

    def withWatermark(self, eventTime: str, delayThreshold: str) -> DataFrame:  # noqa: N802, N803
        """As on Spark's batch DataFrames: the arguments are checked and the DataFrame is unchanged."""
        from engine.api.watermark import with_watermark

        return with_watermark(self, eventTime, delayThreshold)

    def zip(self, other: DataFrame) -> DataFrame:
        """This DataFrame's columns and then `other`'s, row for row; both must be projections of
        the same plan (ZIP_PLANS_NOT_MERGEABLE otherwise)."""
        from engine.api.zip_frames import zip_frames

        return zip_frames(self, other)

    def writeTo(self, table: str) -> Any:  # noqa: N802
        """A DataFrameWriterV2 for warehouse table `table` (``create``, ``append``, ``overwrite``...)."""
        from engine.api.writer_v2 import DataFrameWriterV2

        return DataFrameWriterV2(self, table)

    @property
    def na(self) -> Any:
        from engine.api.na import DataFrameNaFunctions

        return DataFrameNaFunctions(self)

    @property
    def stat(self) -> Any:
        from engine.api.stat import DataFrameStatFunctions

        return DataFrameStatFunctions(self)

    def fillna(self, value: Any, subset: Any = None) -> DataFrame:
        return self.na.fill(value, subset)

    def dropna(self, how: str = "any", thresh: int | None = None, subset: Any = None) -> DataFrame:
        return self.na.drop(how, thresh, subset)

    def replace(self, to_replace: Any, value: Any = None, subset: Any = None) -> DataFrame:
        return self.na.replace(to_replace, value, subset)

    def describe(self, *cols: Any) -> DataFrame:
        from engine.api.stat import describe

        return describe(self, _flatten(cols))

    def summary(self, *statistics: str) -> DataFrame:
        from engine.api.stat import summary

        return summary(self, list(statistics))

    def corr(self, col1: str, col2: str, method: str | None = None) -> float:
        return self.stat.corr(col1, col2, method)

    def cov(self, col1: str, col2: str) -> float:
        return self.stat.cov(col1, col2)

    def crosstab(self, col1: str, col2: str) -> DataFrame:
        return self.stat.crosstab(col1, col2)

    def freqItems(self, cols: Any, support: float | None = None) -> DataFrame:  # noqa: N802
        return self.stat.freqItems(cols, support)

    def approxQuantile(self, col: Any, probabilities: Any, relativeError: float) -> Any:  # noqa: N802, N803
        return self.stat.approxQuantile(col, probabilities, relativeError)

    def sampleBy(self, col: Any, fractions: dict[Any, float], seed: int | None = None) -> DataFrame:  # noqa: N802
        return self.stat.sampleBy(col, fractions, seed)

    def mapInPandas(self, func: Any, schema: Any, barrier: bool = False) -> DataFrame:  # noqa: N802
        from engine.api.pandas_apply import map_in_batches

        return map_in_batches(self, func, schema, "map_pandas")

    def mapInArrow(self, func: Any, schema: Any, barrier: bool = False) -> DataFrame:  # noqa: N802
        from engine.api.pandas_apply import map_in_batches

        return map_in_batches(self, func, schema, "map_arrow")

    def transpose(self, indexColumn: ColumnOrName | None = None) -> DataFrame:  # noqa: N803
        """Columns as rows and index values (the first column by default) as columns."""
        from engine.api.transpose import transpose

        return transpose(self, None if indexColumn is None else to_expr(indexColumn))

    def asTable(self) -> Any:  # noqa: N802
        """This DataFrame as a UDTF's TABLE argument (``.partitionBy(...)``, ``.orderBy(...)``)."""
        from engine.api.udtf import TableArg

        return TableArg(self)

    def transform(self, func: Any, *args: Any, **kwargs: Any) -> DataFrame:
        return func(self, *args, **kwargs)

    @property
    def rdd(self) -> Any:
        from engine.api.rdd import dataframe_rdd

        return dataframe_rdd(self)

    # ------------------------------------------------------------------ schema, JSON, metrics
    def toJSON(self, use_unicode: bool = True) -> Any:  # noqa: N802
        """Each row as a JSON object string, in an RDD-like handle (``collect``, ``take``, ``first``)."""
        from engine.api.tojson import to_json_strings

        return to_json_strings(self)

    def to(self, schema: T.StructType) -> DataFrame:
        """The columns of `schema`, found by name, in its order, cast to its types where Spark allows."""
        from engine.api.schema_match import conform

        return conform(self, schema)

    def withMetadata(self, columnName: str, metadata: dict[str, Any]) -> DataFrame:  # noqa: N802, N803
        from engine.api.schema_match import with_metadata

        return with_metadata(self, columnName, metadata)

    def sameSemantics(self, other: DataFrame) -> bool:  # noqa: N802
        """Whether both compute the same rows (their optimized plans match up to ids and names)."""
        from engine.api.semantics import canonical

        if not isinstance(other, DataFrame):
            raise PySparkTypeError(
                f"[NOT_EXPECTED_TYPE] Argument `other` should be DataFrame, got {type(other).__name__}.",
                "NOT_EXPECTED_TYPE",
            )
        return canonical(self._session, self._plan) == canonical(self._session, other._plan)

    def semanticHash(self) -> int:  # noqa: N802
        from engine.api.semantics import semantic_hash

        return semantic_hash(self._session, self._plan)

    def observe(self, observation: Any, *exprs: Column) -> DataFrame:
        """This DataFrame, with aggregates `exprs` computed for `observation` when an action runs."""
        from engine.api.observation import observe

        return observe(self, observation, exprs)

    def zipWithIndex(self, indexColName: str = "index") -> DataFrame:  # noqa: N802, N803
        """The rows with a last column of consecutive 0-based indices in the rows' current order."""
        from engine import functions as F
        from engine.window import Window

        order = Window.orderBy(F.monotonically_increasing_id())
        position = (F.row_number().over(order) - 1).cast("bigint")
        # never null; coalesce makes the column non-nullable as Spark declares it (row_number is typed nullable)
        index = n.Alias(F.coalesce(position, F.lit(0).cast("bigint")).expr, indexColName)
        return self._new(B.project(self._plan, [*output(self._plan), index], self._cs()))

    @property
    def executionInfo(self) -> Any:  # noqa: N802
        """As in PySpark Classic: query execution info is a Spark Connect feature."""
        raise PySparkValueError(
            "[CLASSIC_OPERATION_NOT_SUPPORTED_ON_DF] Calling property or member 'queryExecution' is not supported "
            "in PySpark Classic, please use Spark Connect instead.",
            "CLASSIC_OPERATION_NOT_SUPPORTED_ON_DF",
        )

    def __iter__(self) -> Any:
        raise PySparkTypeError("[NOT_ITERABLE] DataFrame is not iterable; use collect() or toLocalIterator().")


def awaits_outer(plan: L.LogicalPlan) -> bool:
    """Whether `plan` selects from outer columns whose types only a lateral join can give
    (``spark.tvf.explode(col("items").outer())``, and selects over it): its columns are not
    known until then, so selects over it wait too, as in Spark's lazy analysis."""
    from engine.expr import traverse as tr

    if not isinstance(plan, L.Project):
        return False
    if awaits_outer(plan.input):
        return True
    unnamed = not all(isinstance(e, (n.Attribute, n.Alias)) for e in plan.exprs)
    return unnamed and any(tr.contains(e, n.OuterRef) for e in plan.exprs)


def _column_arg(c: Any) -> ColumnOrName:
    """`c` when it is a Column or a name; anything else fails as PySpark's select and drop do."""
    if isinstance(c, (Column, str)):
        return c
    raise PySparkTypeError(
        f"[NOT_EXPECTED_TYPE] Argument `col` should be Column or str, got {type(c).__name__}.", "NOT_EXPECTED_TYPE"
    )


def _resolved_or_none(e: n.Expr, scope: Scope) -> n.Expr | None:
    """`e` resolved in `scope`, or None for a column name that is not there: ``drop(col("x"))``
    of a missing column leaves the frame as it is, as ``drop("x")`` does."""
    try:
        return resolve(e, scope)
    except AnalysisException as err:  # an ambiguous name is still an error, as in Spark
        if isinstance(e, n.UnresolvedColumn) and str(err.getErrorClass()).startswith("UNRESOLVED_COLUMN"):
            return None
        raise


def _flatten(cols: tuple[Any, ...]) -> list[Any]:
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        return list(cols[0])
    return list(cols)


def _sort_exprs(cols: tuple[Any, ...] | list[Any], ascending: bool | list[bool] | None) -> list[n.Expr]:
    """Sort orders of `cols`; as PySpark, ``ascending=False`` (or a False flag) makes a column
    descending, while True leaves a column's own order (``desc("x")`` stays descending)."""
    items = _flatten(tuple(cols))
    if not items:
        raise PySparkValueError("[CANNOT_BE_EMPTY] At least one column must be specified to sort by.", "CANNOT_BE_EMPTY")
    exprs = []
    if isinstance(ascending, (list, tuple)):
        if len(ascending) != len(items):
            raise PySparkValueError("[LENGTH_SHOULD_BE_THE_SAME] sort columns and ascending flags differ in length.")
        flags: list[bool | None] = [bool(a) for a in ascending]
    else:
        flags = [None if ascending is None else bool(ascending)] * len(items)
    for c, asc in zip(items, flags):
        if not isinstance(c, (str, Column)):
            raise PySparkTypeError(
                f"[NOT_EXPECTED_TYPE] Argument `col` should be Column, int or str, got {type(c).__name__}.",
                "NOT_EXPECTED_TYPE",
            )
        e = to_expr(c)
        if isinstance(e, n.SortOrder):
            exprs.append(n.SortOrder(e.child, False, None) if asc is False else e)
        else:
            exprs.append(n.SortOrder(e, asc is not False, None))
    return exprs


def _non_negative(what: str, num: int) -> int:
    """`num` for ``limit``/``offset``, which Spark rejects when negative."""
    if num < 0:
        raise AnalysisException(
            f'[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit like expression "{num}" is invalid. '
            f"The {what} expression must be equal to or greater than 0, but got {num}.",
            "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
        )
    return num
