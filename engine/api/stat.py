"""``describe``/``summary`` and ``df.stat`` (corr, cov, crosstab, freqItems, approxQuantile, sampleBy).

Statistics are computed as one distributed aggregate; the small result is shaped on the
driver, as Spark does.
"""

from __future__ import annotations

import math
import random
import re
from typing import Any

import pyarrow as pa

from engine import types as T
from engine.api.column import Column, ColumnOrName
from engine.errors import IllegalArgumentException, PySparkTypeError, PySparkValueError
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.expr.resolve import resolve
from engine.logical import builder as B
from engine.logical.nodes import output

DESCRIBE_STATS = ["count", "mean", "stddev", "min", "max"]
SUMMARY_STATS = ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"]
_PERCENT = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*%\s*$")
_ACCURACY = 10000  # Spark's default percentile accuracy
_ACCURACY_MAX = 2**31 - 1  # effectively exact


def describe(df: Any, cols: list[Any]) -> Any:
    """``df.describe(*cols)``: count, mean, stddev, min and max of numeric and string columns."""
    return _summarize(df, DESCRIBE_STATS, cols or None)


def summary(df: Any, stats: list[str]) -> Any:
    """``df.summary(*stats)``: describe's statistics plus percentiles (default 25%, 50%, 75%)."""
    return _summarize(df, stats or SUMMARY_STATS, None)


def _summarize(df: Any, stats: list[str], cols: list[Any] | None) -> Any:
    for s in stats:
        _stat_expr(s, n.Attribute("_", T.LongType(), True, 0))  # validates the name first
    attrs = output(df._plan)
    if cols is not None:
        attrs = tuple(_attr(df, c) for c in cols)
    attrs = tuple(a for a in attrs if T.is_numeric(a.dtype) or isinstance(a.dtype, T.StringType))
    values: dict[str, list[str | None]] = {a.name: [] for a in attrs}
    if attrs:
        exprs = [
            n.Alias(n.Cast(_stat_expr(s, a), T.StringType()), f"_{i}_{j}")
            for i, s in enumerate(stats)
            for j, a in enumerate(attrs)
        ]
        row = df._session.execute(B.aggregate(df._plan, [], exprs, None, df._cs())).to_pylist()[0]
        for i in range(len(stats)):
            for j, a in enumerate(attrs):
                values[a.name].append(row[f"_{i}_{j}"])
    table = pa.table({"summary": pa.array(stats, pa.string()), **{k: pa.array(v, pa.string()) for k, v in values.items()}})
    return df._session.createDataFrame(table)


def _attr(df: Any, c: ColumnOrName) -> n.Attribute:
    e = resolve(n.UnresolvedColumn(c) if isinstance(c, str) else c.expr, df._scope())
    if not isinstance(e, n.Attribute):
        raise PySparkTypeError(f"[NOT_COLUMN_OR_STR] expected a column name, got {c!r}.", "NOT_COLUMN_OR_STR")
    return e


def _stat_expr(stat: str, a: n.Attribute) -> n.Expr:
    """The aggregate behind one statistic; strings are read as doubles for mean, stddev and percentiles.

    Percentiles of decimals are doubles too: Spark's summary shows ``1.5`` for the 25% of a
    ``decimal(10,2)`` column whose min shows ``1.50``.
    """
    numeric: n.Expr = n.Cast(a, T.DoubleType(), safe=True) if isinstance(a.dtype, T.StringType) else a
    name = stat.lower()
    if name == "count":
        return n.UnresolvedFunction("count", (a,))
    if name == "count_distinct":
        return n.UnresolvedFunction("count", (a,), distinct=True)
    if name == "approx_count_distinct":
        return n.UnresolvedFunction("approx_count_distinct", (a,))
    if name == "mean":
        return n.UnresolvedFunction("avg", (numeric,))
    if name == "stddev":
        return n.UnresolvedFunction("stddev_samp", (numeric,))
    if name in ("min", "max"):
        return n.UnresolvedFunction(name, (a,))
    m = _PERCENT.match(stat)
    if m and 0.0 <= float(m.group(1)) <= 100.0:
        ranked = n.Cast(a, T.DoubleType()) if isinstance(a.dtype, T.DecimalType) else numeric
        return n.UnresolvedFunction("percentile_approx", (ranked, literal(float(m.group(1)) / 100), literal(_ACCURACY)))
    raise IllegalArgumentException(
        f"[UNRECOGNIZED_STATISTIC] The statistic '{stat}' is not recognized. Valid statistics include `count`, "
        "`count_distinct`, `approx_count_distinct`, `mean`, `stddev`, `min`, `max`, and percentile values. "
        "Percentile must be a numeric value followed by '%', within the range 0% to 100%.",
        "UNRECOGNIZED_STATISTIC",
    )


class DataFrameStatFunctions:
    """PySpark's ``DataFrameStatFunctions`` (``df.stat``)."""

    def __init__(self, df: Any) -> None:
        self._df = df

    def _agg_row(self, exprs: list[n.Expr]) -> list[Any]:
        named = [n.Alias(e, f"_{i}") for i, e in enumerate(exprs)]
        table = self._df._session.execute(B.aggregate(self._df._plan, [], named, None, self._df._cs()))
        return [table.column(i)[0].as_py() for i in range(table.num_columns)]

    def _numeric_pair(self, col1: str, col2: str, what: str) -> tuple[n.Expr, n.Expr]:
        """Both columns as doubles with nulls read as 0, as Spark's covariance counter does."""
        out = []
        for c in (col1, col2):
            if not isinstance(c, str):
                raise PySparkTypeError(f"[NOT_STR] Argument `col` should be a str, got {type(c).__name__}.", "NOT_STR")
            a = _attr(self._df, c)
            if not T.is_numeric(a.dtype):
                raise IllegalArgumentException(
                    f"requirement failed: Currently {what} calculation for columns with dataType "
                    f"{a.dtype.simpleString().lower()} not supported."
                )
            isnull = n.UnresolvedFunction("isnull", (a,))
            out.append(n.CaseWhen(((isnull, literal(0.0)),), n.Cast(a, T.DoubleType())))
        return out[0], out[1]

    def corr(self, col1: str, col2: str, method: str | None = None) -> float:
        """Pearson correlation of two numeric columns (nulls count as 0, as in Spark)."""
        if method not in (None, "pearson"):
            raise PySparkValueError(
                "[VALUE_NOT_ALLOWED] Value for `method` has to be amongst the following values: ['pearson'].",
                "VALUE_NOT_ALLOWED",
            )
        x, y = self._numeric_pair(col1, col2, "correlation")
        count, value = self._agg_row([n.UnresolvedFunction("count", (literal(1),)), n.UnresolvedFunction("corr", (x, y))])
        return float("nan") if count < 2 or value is None else float(value)

    def cov(self, col1: str, col2: str) -> float:
        """Sample covariance of two numeric columns (nulls count as 0; 0.0 for fewer than 2 rows)."""
        x, y = self._numeric_pair(col1, col2, "covariance")
        count, value = self._agg_row([n.UnresolvedFunction("count", (literal(1),)), n.UnresolvedFunction("covar_samp", (x, y))])
        return 0.0 if count < 2 or value is None else float(value)

    def crosstab(self, col1: str, col2: str) -> Any:
        """A contingency table: one row per value of `col1`, one count column per value of `col2`."""
        pairs = self._df.groupBy(col1, col2).count().collect()
        text = [(_clean(r[0]), _clean(r[1]), r[2]) for r in pairs]
        columns = sorted({b for _, b, _ in text})
        rows = sorted({a for a, _, _ in text}, key=lambda v: (v == "null", v))
        counts = {(a, b): c for a, b, c in text}
        data: dict[str, pa.Array] = {f"{col1}_{col2}": pa.array(rows, pa.string())}
        for b in columns:
            data[b] = pa.array([counts.get((a, b), 0) for a in rows], pa.int64())
        # the counts are never null (0 where a pair does not occur), so Spark types them non-null
        fields = [pa.field(k, v.type, nullable=i == 0) for i, (k, v) in enumerate(data.items())]
        return self._df._session.createDataFrame(pa.table(data, schema=pa.schema(fields)))

    def freqItems(self, cols: list[str] | tuple[str, ...], support: float | None = None) -> Any:  # noqa: N802
        """Items that occur in at least `support` (default 1%) of the rows, per column.

        Spark's one-pass sketch may return some false positives; engine returns exactly
        the items at or above the threshold, nulls included, most frequent first.
        """
        if isinstance(cols, str):
            cols = [cols]
        if not isinstance(cols, (list, tuple)):
            raise PySparkTypeError(
                f"[NOT_LIST_OR_TUPLE] Argument `cols` should be a list or tuple, got {type(cols).__name__}.",
                "NOT_LIST_OR_TUPLE",
            )
        support = 0.01 if support is None else support
        if support < 1e-4 or support > 1:
            raise IllegalArgumentException(f"requirement failed: Support ({support}) must be greater than 1e-4.")
        total = self._df.count()
        fields, arrays = [], []
        for c in cols:
            a = _attr(self._df, c)
            counts = self._df.groupBy(c).count().collect()
            frequent = sorted((r for r in counts if r[1] >= support * total), key=lambda r: -r[1])
            fields.append(T.StructField(f"{c}_freqItems", T.ArrayType(a.dtype, True), False))
            arrays.append([r[0] for r in frequent])
        return self._df._session.createDataFrame([tuple(arrays)], T.StructType(fields))

    def approxQuantile(self, col: Any, probabilities: Any, relativeError: float) -> list[Any]:  # noqa: N802, N803
        """Quantiles of numeric columns (nulls and NaN ignored); exact when `relativeError` is 0.

        A quantile p is the smallest value whose rank is at least ``ceil(p * n)``, as
        Spark's summaries answer; an empty column gives an empty list.
        """
        single = isinstance(col, str)
        cols = [col] if single else list(col) if isinstance(col, (list, tuple)) else None
        if cols is None:
            raise PySparkTypeError(
                f"[NOT_LIST_OR_STR_OR_TUPLE] Argument `col` should be a list, str or tuple, got {type(col).__name__}.",
                "NOT_LIST_OR_STR_OR_TUPLE",
            )
        probs = _probabilities(probabilities)
        if not isinstance(relativeError, (int, float)) or relativeError < 0:
            raise PySparkValueError(
                f"[NEGATIVE_VALUE] Value for `relativeError` must be greater than or equal to 0, got '{relativeError}'.",
                "NEGATIVE_VALUE",
            )
        accuracy = _ACCURACY_MAX if relativeError == 0 else max(1, min(_ACCURACY_MAX, int(1.0 / relativeError)))
        exprs: list[n.Expr] = []
        for c in cols:
            a = _attr(self._df, c)
            if not T.is_numeric(a.dtype):
                raise IllegalArgumentException(
                    f"requirement failed: Quantile calculation for column {c} with data type "
                    f"{type(a.dtype).__name__} is not supported."
                )
            x = n.Cast(a, T.DoubleType())
            # Spark's quantile summaries skip NaN as they skip nulls (percentile_approx would rank it last).
            x = n.CaseWhen(((n.UnresolvedFunction("isnan", (x,)), n.Cast(literal(None), T.DoubleType())),), x)
            exprs += [n.UnresolvedFunction("percentile_approx", (x, literal(p), literal(accuracy))) for p in probs]
        values = self._agg_row(exprs) if exprs else []
        out = []
        for i in range(len(cols)):
            chunk = values[i * len(probs) : (i + 1) * len(probs)]
            out.append([] if any(v is None for v in chunk) else [float(v) for v in chunk])
        return out[0] if single else out

    def sampleBy(self, col: ColumnOrName, fractions: dict[Any, float], seed: int | None = None) -> Any:  # noqa: N802
        """A stratified sample: rows whose `col` is k are kept with probability ``fractions[k]`` (0 if absent)."""
        if not isinstance(fractions, dict):
            raise PySparkTypeError(
                f"[NOT_DICT] Argument `fractions` should be a dict, got {type(fractions).__name__}.", "NOT_DICT"
            )
        for k, v in fractions.items():
            if not isinstance(k, (float, int, str)):
                raise PySparkTypeError(
                    f"[DISALLOWED_TYPE_FOR_CONTAINER] Argument `fractions` keys should be float, int or str, "
                    f"got {type(k).__name__}.",
                    "DISALLOWED_TYPE_FOR_CONTAINER",
                )
            if not 0.0 <= v <= 1.0:
                raise IllegalArgumentException(f"requirement failed: Fractions must be in [0, 1], but got {v}.")
        key = Column(n.UnresolvedColumn(col)) if isinstance(col, str) else col
        s = seed if seed is not None else random.randrange(1 << 31)
        # Spark's filter is ``rand(seed) < fractions.getOrElse(key, 0.0)``: one draw per row
        # whatever its stratum, so the rows kept match Spark's over the same partitions.
        rnd = n.UnresolvedFunction("rand", (literal(int(s)),))
        if not fractions:
            return self._df.filter(Column(literal(False)))
        branches = tuple(
            (n.UnresolvedFunction("=", (key.expr, literal(k))), literal(float(v))) for k, v in fractions.items()
        )
        threshold = n.CaseWhen(branches, literal(0.0))
        return self._df.filter(Column(n.UnresolvedFunction("<", (rnd, threshold))))



def _probabilities(probabilities: Any) -> list[float]:
    if isinstance(probabilities, tuple):
        probabilities = list(probabilities)
    ok = isinstance(probabilities, list) and all(
        isinstance(p, (float, int)) and not isinstance(p, bool) and 0 <= p <= 1 for p in probabilities
    )
    if not ok:
        raise PySparkTypeError(
            f"[NOT_EXPECTED_TYPE] Argument `probabilities` should be list[float, int], got "
            f"{type(probabilities).__name__ if not isinstance(probabilities, list) else 'float'}.",
            "NOT_EXPECTED_TYPE",
        )
    return [float(p) for p in probabilities]


def _clean(v: Any) -> str:
    """A crosstab label: the value as text, ``null`` for null (as Spark's cleanElement)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and math.isfinite(v):
        from engine.types.java_text import java_double

        return java_double(v)
    return str(v)
