"""`GroupedData`: what ``groupBy``/``rollup``/``cube`` return; ``agg`` makes a DataFrame."""

from __future__ import annotations

from typing import Any

from engine.api.column import Column, to_expr
from engine.api.time_windows import expand_session_window, expand_time_windows
from engine.errors import AnalysisException, PySparkTypeError
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.expr.resolve import resolve
from engine.expr.traverse import walk
from engine.logical import builder as B
from engine.logical.nodes import output


class GroupedData:
    """Grouping keys waiting for aggregates (``df.groupBy("k").agg(F.sum("v"))``)."""

    def __init__(
        self,
        df: Any,
        keys: list[Any],
        grouping_sets: tuple[tuple[int, ...], ...] | None,
        shown: int | None = None,
        kind: str = "GroupBy",
    ) -> None:
        self._df = df
        self._kind = kind  # GroupBy, Rollup, Cube, GroupingSets or Pivot, as Spark's repr names it
        self._keys = [to_expr(k) for k in keys]
        self._sets = grouping_sets
        self._shown = len(self._keys) if shown is None else shown  # keys past this group but are not output
        self._pivot: tuple[n.Expr, list[Any]] | None = None

    def __repr__(self) -> str:
        """Spark's ``GroupedData[grouping expressions: [...], value: [...], type: GroupBy]``: a key
        resolved to a column shows its type (``name: string``), a key by name just the name."""
        from engine.expr.display import sql_name

        keys = ", ".join(
            f"{k.name}: {k.dtype.simpleString()}" if isinstance(k, n.Attribute) else sql_name(k) for k in self._keys
        )
        value = repr(self._df)[len("DataFrame[") : -1]
        return f"GroupedData[grouping expressions: [{keys}], value: [{value}], type: {self._kind}]"

    def agg(self, *exprs: Any) -> Any:
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            from engine.api.java_order import in_hashmap_order
            from engine.functions._build import agg as agg_call

            items = in_hashmap_order(exprs[0])  # PySpark passes the dict to the JVM as a HashMap
            aggs = [agg_call(_agg_name(str(fn)), "*" if col == "*" else str(col)).expr for col, fn in items]
        else:
            if not exprs:
                raise AnalysisException("[AGGREGATE_FUNCTION_WITHOUT_ARGUMENTS] agg() needs at least one aggregate expression.")
            for e in exprs:
                if not isinstance(e, Column):
                    raise PySparkTypeError(f"[NOT_COLUMN] agg() takes Columns or a dict, got {type(e).__name__}.", "NOT_COLUMN")
            aggs = [e.expr for e in exprs]
        if self._pivot is not None:
            return self._pivot_agg(aggs)
        plan, keys = expand_session_window(self._df._plan, self._keys, self._df._cs())
        plan, exprs = expand_time_windows(plan, [*keys, *aggs], self._df._cs())
        keys, aggs = exprs[: len(self._keys)], exprs[len(self._keys) :]
        outputs = [*keys[: self._shown], *aggs]
        return self._df._new(B.aggregate(plan, keys, outputs, self._sets, self._df._cs()))

    def _numeric_cols(self, cols: tuple[str, ...]) -> list[str]:
        from engine import types as T

        attrs = output(self._df._plan)
        if cols:
            for c in cols:
                a = resolve(n.UnresolvedColumn(c), self._df._scope())
                if not T.is_numeric(a.dtype):  # type: ignore[union-attr]
                    raise AnalysisException(  # a legacy class: Spark prints the text with no [CLASS]
                        f'"{c}" is not a numeric column. Aggregation function can only be applied on a numeric column.',
                        "_LEGACY_ERROR_TEMP_1323",
                    )
            return list(cols)
        key_names = {k.parts[-1].lower() for k in self._keys if isinstance(k, n.UnresolvedColumn)}
        return [a.name for a in attrs if T.is_numeric(a.dtype) and a.name.lower() not in key_names]

    def _simple(self, fn: str, cols: tuple[str, ...]) -> Any:
        from engine.functions._build import agg as agg_call

        return self.agg(*[agg_call(fn, c) for c in self._numeric_cols(cols)])

    def count(self) -> Any:
        """Rows per group, as Spark's ``count(1)`` (a pivot takes it, where it rejects ``count("*")``)."""
        return self.agg(Column(n.UnresolvedFunction("count", (literal(1),))).alias("count"))

    def sum(self, *cols: str) -> Any:
        return self._simple("sum", cols)

    def avg(self, *cols: str) -> Any:
        return self._simple("avg", cols)

    mean = avg

    def min(self, *cols: str) -> Any:
        return self._simple("min", cols)

    def max(self, *cols: str) -> Any:
        return self._simple("max", cols)

    def pivot(self, pivot_col: str, values: list[Any] | None = None) -> GroupedData:
        col = to_expr(pivot_col)
        if values is None:
            distinct = self._df.select(Column(col)).distinct().collect()
            values = sorted((r[0] for r in distinct), key=lambda v: (v is not None, v))  # nulls first, as Spark
        g = GroupedData(self._df, [], self._sets, kind="Pivot")
        g._keys = self._keys
        g._pivot = (col, list(values))
        return g

    def _pivot_agg(self, aggs: list[n.Expr]) -> Any:
        """One aggregate column per (pivot value, aggregate), built as SQL's PIVOT builds it."""
        from engine.logical.reshape import pivot

        assert self._pivot is not None
        if any(isinstance(x, n.UnresolvedStar) for a in aggs for x in walk(a)):
            raise AnalysisException(
                "[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in Pivot.", "INVALID_USAGE_OF_STAR_OR_REGEX"
            )
        col, values = self._pivot
        entries = [([literal(v)], None) for v in values]
        plan = pivot(self._df._plan, self._keys, aggs, [col], entries, self._sets, self._df._cs())
        return self._df._new(plan)

    def apply(self, udf: Any) -> Any:
        """``applyInPandas`` for a GROUPED_MAP ``pandas_udf`` (its schema is the UDF's returnType);
        PySpark's older spelling, with its deprecation warning."""
        import warnings

        from engine.functions.udf import PythonEvalType, UserDefinedFunction

        if not isinstance(udf, UserDefinedFunction) or udf.evalType != PythonEvalType.SQL_GROUPED_MAP_PANDAS_UDF:
            raise PySparkTypeError(
                "[INVALID_UDF_EVAL_TYPE] Eval type for UDF must be SQL_GROUPED_MAP_PANDAS_UDF.", "INVALID_UDF_EVAL_TYPE"
            )
        warnings.warn(
            "It is preferred to use 'applyInPandas' over this API. This API will be deprecated in the future "
            "releases. See SPARK-28264 for more details.",
            UserWarning,
            stacklevel=2,
        )
        return self.applyInPandas(udf.func, schema=udf.returnType)

    def applyInPandas(self, func: Any, schema: Any) -> Any:  # noqa: N802
        from engine.api.pandas_apply import apply_in_pandas

        return apply_in_pandas(self._df, self._keys, func, schema)

    def applyInArrow(self, func: Any, schema: Any) -> Any:  # noqa: N802
        """``func(table)`` (or ``func(key, table)``, or over an iterator of record batches when so
        annotated) on each group as a pyarrow Table; the tables it returns become the rows."""
        from engine.api.pandas_apply import apply_in_pandas

        return apply_in_pandas(self._df, self._keys, func, schema, "grouped_map_arrow")

    def cogroup(self, other: GroupedData) -> Any:
        """This grouping and `other`'s, to run a function on both sides' rows of each key."""
        from engine.api.cogroup import PandasCogroupedOps

        if not isinstance(other, GroupedData):
            raise PySparkTypeError(
                f"[NOT_EXPECTED_TYPE] Argument `other` should be GroupedData, got {type(other).__name__}.",
                "NOT_EXPECTED_TYPE",
            )
        return PandasCogroupedOps(self, other)


def _agg_name(fn: str) -> str:
    return {"mean": "avg"}.get(fn.lower(), fn.lower())
