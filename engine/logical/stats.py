"""Size estimates of logical plans, for the broadcast-join choice and cost-guarded rewrites.

Rows are estimated bottom-up (Parquet footers give a scan's rows and column ranges,
filters keep their estimated `selectivity`), then bytes = rows x an estimated row width,
as Spark's ``sizeInBytes``. An equi-join is estimated at its larger side, which is right
for the foreign-key joins of star and snowflake schemas.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

from engine import types as T
from engine.expr import nodes as n
from engine.expr.traverse import canonical
from engine.logical import nodes as L
from engine.logical.conditions import equi_keys, split_conjuncts
from engine.logical.nodes import LogicalPlan, output
from engine.logical.selectivity import selectivity

UNKNOWN = 1 << 62
# Spark's default spark.sql.autoBroadcastJoinThreshold: what the optimizer's rules, which do not
# see the session's setting, take as small enough to send to every task.
BROADCAST_BYTES = 10 * 1024 * 1024
# The build side of a semi or anti join is kept as the set of its keys, not as rows (a byte per
# value of a dense key range: `engine.compute.join_direct`), so it is broadcast up to this many
# times the broadcast threshold: TPC-H q22's 1.5M order keys (12 MB) are cheaper sent to every
# task than a second pass over customer filtering them (executor CPU -20%).
KEY_SET_BROADCAST_FACTOR = 4
_WIDTHS = {T.BooleanType: 1, T.ByteType: 1, T.ShortType: 2, T.IntegerType: 4, T.DateType: 4, T.FloatType: 4}


def _row_width(plan: LogicalPlan) -> int:
    return (
        sum(_WIDTHS.get(type(a.dtype), 20 if isinstance(a.dtype, T.StringType) else 8) for a in output(plan))
        or 1
    )


def estimate_bytes(plan: LogicalPlan) -> int:
    """An estimate of the in-memory size of `plan`'s result, as Spark's sizeInBytes."""
    if isinstance(plan, L.InMemory):
        return sum(t.nbytes for t in plan.partitions)
    return int(min(UNKNOWN, estimate_rows(plan) * _row_width(plan)))


def estimate_rows(plan: LogicalPlan) -> float:
    """An estimate of how many rows `plan` returns (UNKNOWN when nothing bounds it)."""
    match plan:
        case L.FileScan(filters=filters):
            return _scan_rows(plan) * selectivity(list(filters), _bounds(plan))
        case L.InMemory(partitions=parts):
            return sum(t.num_rows for t in parts)
        case L.Cached(rows=k) if k is not None:
            return k
        case L.Range(start=s, end=e, step=st):
            return max(0, (e - s) // st)
        case L.Limit(n=k, input=i) if k is not None:
            return min(estimate_rows(i), k)
        case L.Filter(condition=cond, input=i):
            pushed = _pushed_filters(i)
            own = [c for c in split_conjuncts(cond) if canonical(c) not in pushed]
            return estimate_rows(i) * selectivity(own, _bounds(i))
        case L.Aggregate(groupings=groupings, input=i, grouping_sets=sets):
            if not groupings:
                return 1
            groups = estimate_rows(i)
            bounds = [_distinct_values(g, i) for g in groupings]
            if all(b is not None for b in bounds):
                groups = min(groups, math.prod(bounds))  # type: ignore[arg-type]
            return groups * (len(sets) if sets else 1)
        case L.Join(left=left, right=right, how=how):
            lr, rr = estimate_rows(left), estimate_rows(right)
            if how == "left_semi":  # each kept row is at least one row of the inner join
                return min(lr, _equi_join_rows(plan, lr, rr))
            if how == "left_anti":
                return lr
            if how == "cross":
                return min(UNKNOWN, lr * rr)
            inner = _equi_join_rows(plan, lr, rr)
            if how in ("left", "left_outer"):
                return max(inner, lr)
            if how in ("right", "right_outer"):
                return max(inner, rr)
            return max(inner, lr, rr) if how in ("full", "full_outer", "outer") else inner
        case L.Union(inputs=inputs):
            return min(UNKNOWN, sum(estimate_rows(i) for i in inputs))
        case _:
            return max((estimate_rows(k) for k in L.children(plan)), default=UNKNOWN)


def shuffle_partitions(plan: LogicalPlan, parallelism: int, target_bytes: int) -> int:
    """Hash partitions for the exchanges of `plan` when the user set none: one per `target_bytes`
    of estimated input, a multiple of `parallelism` between 1x and 32x it. Two partitions
    suit SF1 on 2 cores; at SF10 they would give each reduce task 30M rows to hold at once."""
    total = sum(estimate_bytes(leaf) for leaf in _leaves(plan))
    wanted = math.ceil(min(total, UNKNOWN) / max(1, target_bytes) / parallelism) * parallelism
    return max(parallelism, min(32 * parallelism, wanted))


def _leaves(plan: LogicalPlan) -> list[LogicalPlan]:
    kids = L.children(plan)
    return [plan] if not kids else [leaf for k in kids for leaf in _leaves(k)]


def _equi_join_rows(join: L.Join, lr: float, rr: float) -> float:
    """|L| x |R| / max(ndv(L.k), ndv(R.k)) on the first key pair whose distinct counts are
    bounded by an integral column range (keys of star schemas); else the larger side."""
    lo, ro = output(join.left), output(join.right)
    keys, _ = equi_keys(join.condition, {a.id for a in lo}, {a.id for a in ro})
    for lk, rk, _ in keys:
        if isinstance(lk, n.Attribute) and isinstance(rk, n.Attribute):
            ln, rn = _distinct(lk, join.left, lr), _distinct(rk, join.right, rr)
            if ln is not None or rn is not None:
                return lr * rr / max(1.0, ln or 0.0, rn or 0.0)
    return max(lr, rr)


def _distinct(attr: n.Attribute, plan: LogicalPlan, rows: float) -> float | None:
    """At most `rows` and at most the integers in the column's min..max range; None if unknown."""
    known = _bounds(plan)(attr)
    if known is None or not all(isinstance(v, int) and not isinstance(v, bool) for v in known):
        return None
    return min(rows, float(known[1] - known[0] + 1))


# functions whose distinct results are at most the distinct combinations of their arguments'
_DISTINCT_PRESERVING = frozenset({"lower", "upper", "trim", "ltrim", "rtrim", "substring", "substr", "concat", "+", "-"})


def _distinct_values(e: n.Expr, plan: LogicalPlan) -> float | None:
    """An upper bound on the distinct values of `e` over `plan`'s rows, or None if unknown.

    Bounded: a scan's column (by its table's row count, and an integral or date column by its
    min..max range), a year of such a date, a literal, and a few functions of bounded inputs.
    Grouping by bounded keys bounds an aggregate's groups (TPC-H q07: 25 x 25 nations x 7 years).
    """
    match e:
        case n.Literal():
            return 1.0
        case n.Alias(child=c) | n.Cast(child=c):
            return _distinct_values(c, plan)
        case n.Attribute():
            return _attribute_distinct(e, plan)
        case n.Call(name="year", args=(d,)) | n.Call(name="extract", args=(n.Literal(value="year" | "YEAR"), d)):
            years = _date_range(d, plan, lambda lo, hi: hi.year - lo.year + 1)
            return years if years is not None else _distinct_values(d, plan)
        case n.Call(name=name, args=args) if name in _DISTINCT_PRESERVING:
            parts = [_distinct_values(a, plan) for a in args]
            return None if any(p is None for p in parts) else math.prod(parts)  # type: ignore[arg-type]
        case _:
            return None


def _attribute_distinct(attr: n.Attribute, plan: LogicalPlan) -> float | None:
    """Distinct values of `attr`: through the projections that define it, down to a scan column."""
    if isinstance(attr.dtype, T.BooleanType):
        return 3.0
    match plan:
        case L.Project(exprs=exprs, input=i):
            for e in exprs:
                if isinstance(e, n.Alias) and e.id == attr.id:
                    return _distinct_values(e.child, i)
            return _attribute_distinct(attr, i)
        case L.FileScan(attrs=attrs):
            if not any(a.id == attr.id for a in attrs):
                return None
            rows = _scan_rows(plan)
            span = _date_range(attr, plan, lambda lo, hi: (hi - lo).days + 1)
            if span is None:
                span = _distinct(attr, plan, rows)
            return min(rows, span) if span is not None else rows
        case _:
            for child in L.children(plan):
                if any(a.id == attr.id for a in output(child)):
                    return _attribute_distinct(attr, child)
            return None


def _date_range(e: n.Expr, plan: LogicalPlan, count: Any) -> float | None:
    """`count(lo, hi)` of a date column's Parquet bounds, or None when `e` is not one."""
    if not isinstance(e, n.Attribute) or not isinstance(e.dtype, T.DateType):
        return None
    known = _bounds(plan)(e)
    if known is None or not all(isinstance(v, datetime.date) for v in known):
        return None
    return float(count(*known))


def _scan_rows(scan: L.FileScan) -> float:
    from engine.io.source import source_stats

    rows, nbytes = source_stats(scan.source)
    if rows is not None:
        return rows
    schema = getattr(scan.source, "schema", None)
    total = max(1, len(schema.names) if schema is not None else len(scan.columns))
    return nbytes * 3 * max(1, len(scan.columns)) / total / _row_width(scan)  # text formats: ~3x in memory


def _scans(plan: LogicalPlan) -> list[L.FileScan]:
    """The scans whose columns reach `plan`'s output unchanged (through projections and filters)."""
    match plan:
        case L.FileScan():
            return [plan]
        case L.Project(input=i) | L.Filter(input=i):
            return _scans(i)
        case L.Join(left=left, right=right):
            return _scans(left) + _scans(right)
        case _:
            return []


def _pushed_filters(plan: LogicalPlan) -> set[Any]:
    """The filters already pushed into (and counted by) the scans below `plan`."""
    return {canonical(f) for s in _scans(plan) for f in s.filters}


def _scan_columns(plan: LogicalPlan) -> dict[int, tuple[L.FileScan, str]]:
    """The scan column behind each attribute id reaching `plan`'s output unchanged: through
    filters, joins and projections that keep or rename it (a view read twice renames its
    columns: q11's subquery joins the same suppliers and nations under new ids)."""
    match plan:
        case L.FileScan(attrs=attrs, columns=columns):
            return {a.id: (plan, c) for a, c in zip(attrs, columns)}
        case L.Project(input=i, exprs=exprs):
            found = _scan_columns(i)
            for e in exprs:
                if isinstance(e, n.Alias) and isinstance(e.child, n.Attribute) and e.child.id in found:
                    found[e.id] = found[e.child.id]
            return found
        case L.Filter(input=i):
            return _scan_columns(i)
        case L.Join(left=left, right=right):
            return {**_scan_columns(left), **_scan_columns(right)}
        case _:
            return {}


def _bounds(plan: LogicalPlan) -> Any:
    """Column (min, max) from Parquet statistics for the attributes `plan`'s scans produce."""
    columns = _scan_columns(plan)

    def bounds(attr: n.Attribute) -> tuple[Any, Any] | None:
        if attr.id not in columns:
            return None
        from engine.io.source import source_column_bounds

        scan, column = columns[attr.id]
        return source_column_bounds(scan.source, column)

    return bounds
