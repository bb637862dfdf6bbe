"""Aggregate functions of ``F``: count, sum, avg, min/max, statistics, percentiles, collections."""

from __future__ import annotations

from typing import Any

from engine.api.column import Column, ColumnOrName, to_expr
from engine.expr import nodes as n
from engine.expr.literals import literal
from engine.functions._build import agg

__all__ = [
    "count", "count_distinct", "countDistinct", "sum", "sum_distinct", "sumDistinct", "avg", "mean",
    "min", "max", "first", "last", "any_value", "collect_list", "collect_set", "array_agg",
    "approx_count_distinct", "approxCountDistinct", "stddev", "stddev_samp", "std", "stddev_pop",
    "variance", "var_samp", "var_pop", "corr", "covar_pop", "covar_samp", "skewness", "kurtosis",
    "bool_and", "every", "bool_or", "some", "count_if", "max_by", "min_by", "product", "median",
    "percentile_approx", "approx_percentile", "percentile", "mode", "try_sum", "try_avg", "histogram_numeric",
]  # fmt: skip


def _one(name: str) -> Any:
    def builder(col: ColumnOrName) -> Column:
        return agg(name, col)

    builder.__name__ = name
    builder.__doc__ = f"The ``{name}`` aggregate of col."
    return builder


sum = _one("sum")  # noqa: A001 - PySpark's name
avg = mean = _one("avg")  # PySpark names F.mean(x) "avg(x)"
min, max = _one("min"), _one("max")  # noqa: A001 - PySpark's names
collect_list, collect_set, array_agg = _one("collect_list"), _one("collect_set"), _one("array_agg")
stddev, stddev_samp, std, stddev_pop = _one("stddev"), _one("stddev_samp"), _one("std"), _one("stddev_pop")
variance, var_samp, var_pop = _one("variance"), _one("var_samp"), _one("var_pop")
skewness, kurtosis, product, median = _one("skewness"), _one("kurtosis"), _one("product"), _one("median")
bool_and, every, bool_or, some = _one("bool_and"), _one("every"), _one("bool_or"), _one("some")
count_if, try_sum, try_avg = _one("count_if"), _one("try_sum"), _one("try_avg")


def count(col: ColumnOrName) -> Column:
    """Rows where col is not null; ``count("*")`` counts every row (named ``count(1)``)."""
    return agg("count", col)


def count_distinct(col: ColumnOrName, *cols: ColumnOrName) -> Column:
    """Distinct combinations of the columns among rows where all of them are non-null."""
    return agg("count", col, *cols, distinct=True)


countDistinct = count_distinct  # noqa: N816 - PySpark's name


def sum_distinct(col: ColumnOrName) -> Column:
    """The sum of the distinct values of col."""
    return agg("sum", col, distinct=True)


sumDistinct = sum_distinct  # noqa: N816 - PySpark's name


def first(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    """The first value of each group (the first non-null one with `ignorenulls`)."""
    return agg("first", col, ignore_nulls=ignorenulls)


def last(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    """The last value of each group (the last non-null one with `ignorenulls`)."""
    return agg("last", col, ignore_nulls=ignorenulls)


def any_value(col: ColumnOrName, ignoreNulls: bool | Column | None = None) -> Column:  # noqa: N803
    """Some value of each group."""
    return agg("any_value", col, ignore_nulls=bool(ignoreNulls) if isinstance(ignoreNulls, bool) else False)


def approx_count_distinct(col: ColumnOrName, rsd: float | None = None) -> Column:
    """The number of distinct values (computed exactly here)."""
    return agg("approx_count_distinct", col)


approxCountDistinct = approx_count_distinct  # noqa: N816 - PySpark's name


def _two(name: str, col1: ColumnOrName, col2: ColumnOrName) -> Column:
    return agg(name, col1, col2)


def corr(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Pearson correlation of the two columns."""
    return _two("corr", col1, col2)


def covar_pop(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    return _two("covar_pop", col1, col2)


def covar_samp(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    return _two("covar_samp", col1, col2)


def max_by(col: ColumnOrName, ord: ColumnOrName, k: int | None = None) -> Column:  # noqa: A002 - PySpark's name
    """col at the row where `ord` is largest; with `k`, an array of col at the k largest ords."""
    return _two("max_by", col, ord) if k is None else agg("max_by", col, ord, Column(literal(k)))


def min_by(col: ColumnOrName, ord: ColumnOrName, k: int | None = None) -> Column:  # noqa: A002 - PySpark's name
    """col at the row where `ord` is smallest; with `k`, an array of col at the k smallest ords."""
    return _two("min_by", col, ord) if k is None else agg("min_by", col, ord, Column(literal(k)))


def _with_literals(name: str, col: ColumnOrName, *values: Any) -> Column:
    args = (to_expr(col), *(v.expr if isinstance(v, Column) else literal(v) for v in values))
    return Column(n.UnresolvedFunction(name, args))


def histogram_numeric(col: ColumnOrName, nBins: Column) -> Column:  # noqa: N803 - PySpark's name
    """`nBins` approximate histogram bins of col, as ``array<struct<x, y: double>>`` (centre, height)."""
    return _with_literals("histogram_numeric", col, nBins)


def percentile_approx(col: ColumnOrName, percentage: Any, accuracy: int | Column = 10000) -> Column:
    """An actual value of col at each percentage (a float or a list of floats)."""
    return _with_literals("percentile_approx", col, _percentage(percentage), accuracy)


def approx_percentile(col: ColumnOrName, percentage: Any, accuracy: int | Column = 10000) -> Column:
    return _with_literals("approx_percentile", col, _percentage(percentage), accuracy)


def percentile(col: ColumnOrName, percentage: Any, frequency: int | Column = 1) -> Column:
    """The exact percentile of col, interpolating linearly between values."""
    return _with_literals("percentile", col, _percentage(percentage), frequency)


def _percentage(p: Any) -> Any:
    return [float(x) for x in p] if isinstance(p, (list, tuple)) else p


def mode(col: ColumnOrName, deterministic: bool = False) -> Column:
    """The most frequent value of col; with `deterministic` a tie goes to the smallest value
    (Spark names it ``mode() WITHIN GROUP (ORDER BY col DESC)``), else to the value Spark's
    hash table meets first."""
    return agg("mode", col, Column(literal(True))) if deterministic else agg("mode", col)
