"""Per-function aggregate states: how each aggregate starts, merges and finishes, per group id.

Every function maps rows with dense group ids to state arrays (one value per group),
merges state arrays of several partial results, and turns states into final values.
Moments (variance, skewness, correlation) keep count, mean and central moments, merged
with the parallel formulas of Chan and Pébay, so partial-then-final is numerically sound.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine import types as T
from engine.compute.aggregate_bitmap import BITMAP_AGGREGATES
from engine.compute.aggregate_bitwise import BITWISE_AGGREGATES
from engine.compute.aggregate_count_min_sketch import CountMinSketch
from engine.compute.aggregate_histogram import HistogramNumeric
from engine.compute.aggregate_lists import LIST_AGGREGATES
from engine.compute.aggregate_regression import regression_aggregates
from engine.compute.aggregate_strings import ListAgg
from engine.compute.aggregate_support import (
    AceroStep,
    AggFunction,
    Groups,
    acero,
    arg_extreme,
    explode,
    literal_arg,
    top_k_by,
)
from engine.compute.aggregate_union import UNION_AGGREGATES
from engine.compute.aggregate_variant import VARIANT_AGGREGATES
from engine.compute.aggregate_vectors import VECTOR_AGGREGATES
from engine.compute.context import EvalContext
from engine.compute.kernels._util import fit_decimal, overflow
from engine.compute.kernels.arithmetic import decimal_quotient
from engine.compute.kernels.decimal64 import from_unscaled, of_array
from engine.compute.sort import key_ordinal
from engine.errors import ArithmeticException
from engine.expr.nodes import AggCall

__all__ = ["AGGREGATES", "AggFunction", "Groups"]


class Count(AggFunction):
    """count(a, b, ...): rows where every argument is non-null; count_if: rows where it is true."""

    def __init__(self, when_true: bool = False) -> None:
        self.when_true = when_true

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        keep = np.ones(len(g.gid), dtype=bool)
        for a in args:
            ok = pc.fill_null(a, False) if self.when_true else a.is_valid()
            keep &= np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool)
        return [pa.array(np.bincount(g.gid[keep], minlength=g.count).astype(np.int64))]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [pc.fill_null(acero(g, states[0], "sum"), 0).cast(pa.int64())]

    def acero_state(self, args: list[pa.ChunkedArray], call: AggCall) -> list[AceroStep] | None:
        if self.when_true or len(args) != 1:
            return None
        return [AceroStep(args[0], "count", pc.CountOptions(mode="only_valid"))]

    def acero_merge(self, states: list[pa.Array], call: AggCall) -> list[AceroStep] | None:
        return [AceroStep(states[0], "sum", finish=lambda s: pc.fill_null(s, 0).cast(pa.int64()))]


class Sum(AggFunction):
    """sum: bigint / double / decimal(p + 10, s); null when a group has no non-null value.

    Integers are summed exactly (as decimal(38, 0)); a bigint total out of range raises
    ARITHMETIC_OVERFLOW under ANSI, is null for try_sum and wraps around in legacy mode.
    """

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        a = args[0]
        ints = interval_ints(a)
        if ints is not None:
            return [acero(g, ints, "sum")]
        if pa.types.is_integer(a.type):
            a = a.cast(pa.decimal128(38, 0))
        elif pa.types.is_decimal(a.type):
            a = a.cast(pa.decimal128(38, a.type.scale))
        elif pa.types.is_floating(a.type):
            a = a.cast(pa.float64())
        return [acero(g, a, "sum")]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [acero(g, states[0], "sum")]

    def acero_state(self, args: list[pa.ChunkedArray], call: AggCall) -> list[AceroStep] | None:
        return [sum_step(args[0])]

    def acero_merge(self, states: list[pa.Array], call: AggCall) -> list[AceroStep] | None:
        return [sum_step(states[0])]

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        if isinstance(call.dtype, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
            return as_interval(states[0], call.dtype)
        if isinstance(call.dtype, T.DecimalType):
            # a decimal total past the result's precision is null for try_sum; under ANSI, sum
            # raises Spark's ARITHMETIC_OVERFLOW (not the cast's NUMERIC_VALUE_OUT_OF_RANGE)
            try_mode = call.name == "try_sum"
            try:
                return fit_decimal(states[0], call.dtype, ctx.ansi and not try_mode)
            except ArithmeticException as err:
                raise overflow("try_sum", "Overflow in sum of decimals") from err
        if pa.types.is_decimal(states[0].type):
            return _bigint_total(states[0].cast(pa.decimal128(38, 0)), call.name == "try_sum", ctx.ansi)
        return states[0]


# column id -> (column, its sum step), while one group-by is planned (see `sum_step`)
SHARED_SUM_STEPS: ContextVar[dict[int, tuple[Any, AceroStep]] | None] = ContextVar("shared_sum_steps", default=None)


def sum_step(a: pa.Array | pa.ChunkedArray) -> AceroStep:
    """Sum's state as one Acero aggregation: bigint and decimal(<= 18) values are summed as int64
    when the column's largest magnitude times its length proves the total exact, else as
    decimal(38, s) (which is what the state is either way); doubles as doubles. Within
    ``scoped(SHARED_SUM_STEPS)``, one column object gets one step: ``sum(x)`` and ``avg(x)`` in one
    query (TPC-H q01) then convert and sum x once."""
    memo = SHARED_SUM_STEPS.get()
    if memo is None:
        return _sum_step(a)
    hit = memo.get(id(a))
    if hit is None or hit[0] is not a:
        hit = memo[id(a)] = (a, _sum_step(a))
    return hit[1]


def _sum_step(a: pa.Array | pa.ChunkedArray) -> AceroStep:
    ints = interval_ints(a)
    if ints is not None:
        return AceroStep(ints, "sum")
    if pa.types.is_integer(a.type) or pa.types.is_decimal128(a.type):
        scale = a.type.scale if pa.types.is_decimal(a.type) else 0
        state = pa.decimal128(38, scale)
        ints = _exact_int64_terms(a)
        if ints is not None:
            return AceroStep(ints, "sum", finish=lambda s: _int64_as_decimal(s, state))
        return AceroStep(a.cast(state), "sum", finish=lambda s: s.cast(state))
    if pa.types.is_floating(a.type):
        return AceroStep(a.cast(pa.float64()), "sum")
    return AceroStep(a, "sum")


def interval_ints(a: pa.Array | pa.ChunkedArray) -> pa.Array | None:
    """Intervals as int64 (day-time in microseconds, year-month in months), which Arrow's
    aggregate kernels sum and order; None for any other type."""
    if pa.types.is_duration(a.type):
        return (a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a).cast(pa.int64())
    if pa.types.is_interval(a.type):
        from engine.compute.kernels.intervals import months_of

        flat = a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a
        return pa.array(months_of(flat), pa.int64(), mask=flat.is_null().to_numpy(zero_copy_only=False))
    return None


def as_interval(ints: pa.Array, dtype: T.DataType) -> pa.Array:
    """int64 (or exact decimal) microseconds / months back as the interval type `dtype`."""
    from engine.compute.kernels.intervals import ym_array

    if pa.types.is_decimal(ints.type):
        ints = ints.cast(pa.int64())
    if isinstance(dtype, T.DayTimeIntervalType):
        return ints.cast(pa.int64()).cast(pa.duration("us"))
    ok = np.asarray(ints.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    return ym_array(np.asarray(pc.fill_null(ints, 0).to_numpy(zero_copy_only=False), dtype=np.int64), ok)


def _exact_int64_terms(a: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray | None:
    """`a` (integers, or a decimal's unscaled values) as int64 when no sum of its values can overflow."""
    if len(a) == 0 or a.null_count == len(a):
        return None
    if pa.types.is_integer(a.type):
        lo, hi = pc.min_max(a).values()
        magnitude = max(abs(lo.as_py()), abs(hi.as_py()))
        return a.cast(pa.int64()) if magnitude * len(a) < 2**63 else None
    chunks = a.chunks if isinstance(a, pa.ChunkedArray) else [a]
    parts = [of_array(c) for c in chunks if len(c)]
    if any(p is None for p in parts):
        return None
    if max(p.bound for p in parts) * len(a) >= 2**63:  # type: ignore[union-attr]
        return None
    ints = [pa.array(p.values, pa.int64(), mask=None if p.ok is None else ~p.ok) for p in parts]  # type: ignore[union-attr]
    return ints[0] if len(ints) == 1 else pa.chunked_array(ints, pa.int64())


def _int64_as_decimal(totals: pa.Array, dtype: pa.Decimal128Type) -> pa.Array:
    values = np.asarray(pc.fill_null(totals, 0).to_numpy(zero_copy_only=False), dtype=np.int64)
    ok = (
        None if totals.null_count == 0 else np.asarray(totals.is_valid().to_numpy(zero_copy_only=False), bool)
    )
    return from_unscaled(values, ok, T.DecimalType(dtype.precision, dtype.scale))


def _bigint_total(total: pa.Array, try_mode: bool, ansi: bool) -> pa.Array:
    """Exact integral sums as bigint: the low 64 bits of the 128-bit two's complement value
    are the wrapped-around sum; out-of-range totals raise (ANSI) or become null (try_sum)."""
    words = np.frombuffer(total.buffers()[1], dtype=np.int64, count=2 * (total.offset + len(total)))
    wrapped = words[2 * total.offset :: 2].copy()
    ok = np.asarray(total.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    lo, hi = pa.scalar(-(2**63), pa.decimal128(38, 0)), pa.scalar(2**63 - 1, pa.decimal128(38, 0))
    out_of_range = np.asarray(
        pc.fill_null(pc.or_(pc.less(total, lo), pc.greater(total, hi)), False).to_numpy(zero_copy_only=False),
        bool,
    )
    if out_of_range.any():
        if try_mode:
            ok &= ~out_of_range
        elif ansi:
            raise overflow("try_add")
    return pa.array(wrapped, pa.int64(), mask=~ok)


class Avg(AggFunction):
    """avg: sum / count as double, or decimal(p + 4, s + 4) rounded HALF_UP."""

    states = 2

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        (total,) = Sum().state(args, g, call)
        if not pa.types.is_decimal(total.type) and interval_ints(args[0]) is None:
            total = total.cast(pa.float64())
        return [total, Count().state(args, g, call)[0]]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [acero(g, states[0], "sum"), Count().merge(states[1:], g, call)[0]]

    def acero_state(self, args: list[pa.ChunkedArray], call: AggCall) -> list[AceroStep] | None:
        total = sum_step(args[0])
        count = Count().acero_state(args, call)
        return None if count is None else [total, *count]

    def acero_merge(self, states: list[pa.Array], call: AggCall) -> list[AceroStep] | None:
        return [sum_step(states[0]), *Count().acero_merge(states[1:], call)]  # type: ignore[misc]

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        total, count = states
        empty = pc.equal(count, 0)
        safe = pc.if_else(empty, 1, count)
        if isinstance(call.dtype, T.DecimalType):
            q = decimal_quotient(total, safe.cast(pa.decimal128(20, 0)), call.dtype.scale)
            out = fit_decimal(q, call.dtype, ctx.ansi and call.name != "try_avg")  # try_avg: null on overflow
        elif isinstance(call.dtype, (T.DayTimeIntervalType, T.YearMonthIntervalType)):
            # Spark's DivideDTInterval / DivideYMInterval: the total over the count, rounded HALF_UP
            t = np.asarray(pc.fill_null(total.cast(pa.int64()), 0).to_numpy(zero_copy_only=False), dtype=np.int64)
            c = np.asarray(safe.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)
            q = np.sign(t) * ((np.abs(t) * 2 + c) // (2 * c))
            out = as_interval(pa.array(q, pa.int64(), mask=~np.asarray(total.is_valid().to_numpy(zero_copy_only=False), bool)), call.dtype)
        else:
            out = pc.divide(total.cast(pa.float64()), safe.cast(pa.float64()))
        return pc.if_else(empty, pa.scalar(None, out.type), out)


class Extreme(AggFunction):
    """min / max / first / last / any_value: one Acero hash aggregate, merged the same way."""

    def __init__(self, fn: str) -> None:
        self.fn = fn

    def _options(self, call: AggCall) -> pc.ScalarAggregateOptions | None:
        if self.fn not in ("first", "last"):
            return None
        ignore = call.ignore_nulls or literal_arg(call, 1, False) is True
        return pc.ScalarAggregateOptions(skip_nulls=ignore, min_count=0)

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [self._extreme(g, args[0], call)]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [self._extreme(g, states[0], call)]

    def acero_state(self, args: list[pa.ChunkedArray], call: AggCall) -> list[AceroStep] | None:
        if pa.types.is_null(args[0].type):
            return None  # first(NULL): Acero has no kernels for untyped nulls
        if self.fn == "max" and pa.types.is_floating(args[0].type):
            return None  # NaN handling needs the per-group-id path
        if self.fn in ("min", "max") and _nested(args[0].type):
            return None  # Acero has no struct/array min/max: ranked on the per-group-id path
        if self.fn in ("first", "last") and _no_first_last_kernel(args[0].type):
            return None  # picked by row position on the per-group-id path
        ints = interval_ints(args[0])
        return [AceroStep(args[0] if ints is None else ints, self.fn, self._options(call))]

    def acero_merge(self, states: list[pa.Array], call: AggCall) -> list[AceroStep] | None:
        return self.acero_state(states, call)

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        if isinstance(call.dtype, (T.DayTimeIntervalType, T.YearMonthIntervalType)) and not (
            pa.types.is_duration(states[0].type) or pa.types.is_interval(states[0].type)
        ):
            return as_interval(states[0], call.dtype)  # ordered as int64 (no Arrow kernels for intervals)
        return states[0]

    def _extreme(self, g: Groups, values: pa.Array, call: AggCall) -> pa.Array:
        ints = interval_ints(values)
        if ints is not None:
            values = ints
        if pa.types.is_null(values.type):  # every value is an untyped null: so is the answer
            return pa.nulls(g.count)
        if self.fn in ("min", "max") and _nested(values.type):
            # max(struct(revenue, sku)): the row whose struct (or array) ranks highest in Spark's order
            nulls = np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)
            ranks = pa.array(key_ordinal(values, True, True), pa.int64(), mask=nulls)
            return arg_extreme(g, values, ranks, self.fn == "max")[0]
        if self.fn in ("first", "last") and _no_first_last_kernel(values.type):
            # Acero's hash_first_last has no decimal/list/struct/map kernels: take the first (last)
            # row position of each group instead, nulls masked out when they are skipped
            options = self._options(call)
            skip = call.ignore_nulls or literal_arg(call, 1, False) is True
            positions = pa.array(
                np.arange(len(values), dtype=np.int64), mask=_null_mask(values) if skip else None
            )
            picked = acero(g, positions, self.fn, options)
            return values.take(picked)
        out = acero(g, values, self.fn, self._options(call))
        if self.fn == "max" and pa.types.is_floating(values.type):
            # Spark orders NaN above every number, so one NaN makes the max NaN (Arrow skips it)
            has_nan = acero(g, pc.fill_null(pc.is_nan(values), False), "any")
            out = pc.if_else(pc.fill_null(has_nan, False), pa.scalar(float("nan"), out.type), out)
        return out


def _no_first_last_kernel(t: pa.DataType) -> bool:
    """Types Acero's hash_first_last cannot aggregate (pyarrow 26)."""
    return pa.types.is_decimal(t) or _nested(t) or pa.types.is_map(t)


def _null_mask(values: pa.Array) -> np.ndarray:
    return np.asarray(values.is_null().to_numpy(zero_copy_only=False), dtype=bool)


def _nested(t: pa.DataType) -> bool:
    return pa.types.is_struct(t) or pa.types.is_list(t) or pa.types.is_large_list(t)


class BoolAgg(AggFunction):
    """bool_and / every (all) and bool_or / some / any (any), skipping nulls."""

    def __init__(self, fn: str) -> None:
        self.fn = fn

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return [acero(g, args[0], self.fn, pc.ScalarAggregateOptions(skip_nulls=True, min_count=1))]

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return self.state(states, g, call)


class Product(AggFunction):
    """product: the product of the non-null values (double)."""

    states = 2

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return self._combine(args[0].cast(pa.float64()), Count().state(args, g, call)[0], g, per_row=True)

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return self._combine(states[0], Count().merge(states[1:], g, call)[0], g, per_row=False)

    def _combine(self, values: pa.Array, count: pa.Array, g: Groups, per_row: bool) -> list[pa.Array]:
        out = np.ones(g.count)
        v = np.asarray(pc.fill_null(values, 1.0).to_numpy(zero_copy_only=False), dtype=float)
        np.multiply.at(out, g.gid, v)
        return [pa.array(out), count]

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        return pc.if_else(pc.equal(states[1], 0), pa.scalar(None, pa.float64()), states[0])


class ByExtreme(AggFunction):
    """max_by(x, y) / min_by(x, y): x of the row with the largest / smallest y. With a constant
    k (``max_by(x, y, k)``), the states are each group's best k x's and y's as lists, best first."""

    states = 2

    def __init__(self, largest: bool) -> None:
        self.largest = largest

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        if len(call.args) == 3:
            return top_k_by(g, args[0], args[1], int(literal_arg(call, 2)), self.largest)  # type: ignore[call-overload]
        return arg_extreme(g, args[0], args[1], self.largest)

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        if len(call.args) == 3:
            xg, xs = explode(g, states[0])
            _, ys = explode(g, states[1])
            return top_k_by(xg, xs, ys, int(literal_arg(call, 2)), self.largest)  # type: ignore[call-overload]
        return arg_extreme(g, states[0], states[1], self.largest)

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        if len(call.args) < 3:
            return states[0]
        none = pc.equal(pc.list_value_length(states[0]), 0)  # a group without an ordered row is null
        return pc.if_else(none, pa.scalar(None, states[0].type), states[0])


@dataclass(frozen=True)
class Moments(AggFunction):
    """Variance, stddev, skewness and kurtosis from count, mean and central moments M2..M4."""

    kind: str
    order: int = 2

    def n_states(self, call: AggCall) -> int:
        return self.order + 1

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        x = args[0].cast(pa.float64())
        ok = np.asarray(x.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        vals = np.asarray(pc.fill_null(x, 0.0).to_numpy(zero_copy_only=False), dtype=float)[ok]
        gid = g.gid[ok]
        zeros = np.zeros(len(vals))
        return _shift_merge(gid, g.count, np.ones(len(vals)), vals, [zeros] * (self.order - 1), self.order)

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        cols = [np.asarray(s.to_numpy(zero_copy_only=False), dtype=float) for s in states]
        return _shift_merge(g.gid, g.count, cols[0], cols[1], cols[2:], self.order)

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        n, _mean, m2, *higher = (np.asarray(s.to_numpy(zero_copy_only=False), dtype=float) for s in states)
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.kind in ("var_samp", "stddev_samp"):
                out, bad = m2 / (n - 1), n <= 1
            elif self.kind in ("var_pop", "stddev_pop"):
                out, bad = m2 / n, n == 0
            elif self.kind == "skewness":
                out, bad = np.sqrt(n) * higher[0] / m2**1.5, (n == 0) | (m2 == 0)
            else:
                out, bad = n * higher[1] / (m2 * m2) - 3.0, (n == 0) | (m2 == 0)
        if self.kind.startswith("stddev"):
            out = np.sqrt(out)
        return pa.array(out, pa.float64(), mask=bad)


def _bincount(gid: np.ndarray, weights: np.ndarray, count: int) -> np.ndarray:
    """Per-group sums of `weights` as float64 (also when there are no rows)."""
    return np.bincount(gid, weights, minlength=count).astype(np.float64)


def _shift_merge(
    gid: np.ndarray, count: int, n: np.ndarray, mean: np.ndarray, moments: list[np.ndarray], order: int
) -> list[pa.Array]:
    """Combine per-part (n, mean, M2..M_order) into per-group ones around the group mean."""
    total = _bincount(gid, n, count)
    with np.errstate(divide="ignore", invalid="ignore"):
        gmean = np.where(total > 0, _bincount(gid, n * mean, count) / total, 0.0)
    d = mean - gmean[gid]
    m2 = moments[0] if moments else np.zeros(len(n))
    out = [pa.array(total), pa.array(gmean), pa.array(_bincount(gid, m2 + n * d**2, count))]
    if order >= 3:
        m3 = moments[1]
        out.append(pa.array(_bincount(gid, m3 + 3 * d * m2 + n * d**3, count)))
    if order >= 4:
        m3, m4 = moments[1], moments[2]
        terms = m4 + 4 * d * m3 + 6 * d**2 * m2 + n * d**4
        out.append(pa.array(_bincount(gid, terms, count)))
    return out


class CoMoments(AggFunction):
    """covar_pop / covar_samp / corr from n, means, co-moment and both M2 (rows with both set)."""

    states = 6

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def state(self, args: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        x, y = (a.cast(pa.float64()) for a in args)
        ok = np.asarray(pc.and_(x.is_valid(), y.is_valid()).to_numpy(zero_copy_only=False), dtype=bool)
        xs, ys = (
            np.asarray(pc.fill_null(a, 0.0).to_numpy(zero_copy_only=False), dtype=float)[ok] for a in (x, y)
        )
        z = np.zeros(len(xs))
        return self._merge(g.gid[ok], g.count, [np.ones(len(xs)), xs, ys, z, z, z])

    def merge(self, states: list[pa.Array], g: Groups, call: AggCall) -> list[pa.Array]:
        return self._merge(
            g.gid, g.count, [np.asarray(s.to_numpy(zero_copy_only=False), dtype=float) for s in states]
        )

    def _merge(self, gid: np.ndarray, count: int, cols: list[np.ndarray]) -> list[pa.Array]:
        n, mx, my, c, m2x, m2y = cols
        total = _bincount(gid, n, count)
        with np.errstate(divide="ignore", invalid="ignore"):
            gx = np.where(total > 0, _bincount(gid, n * mx, count) / total, 0.0)
            gy = np.where(total > 0, _bincount(gid, n * my, count) / total, 0.0)
        dx, dy = mx - gx[gid], my - gy[gid]
        sums = [c + n * dx * dy, m2x + n * dx * dx, m2y + n * dy * dy]
        return [pa.array(v) for v in (total, gx, gy, *(_bincount(gid, s, count) for s in sums))]

    def final(self, states: list[pa.Array], call: AggCall, ctx: EvalContext) -> pa.Array:
        n, _, _, c, m2x, m2y = (np.asarray(s.to_numpy(zero_copy_only=False), dtype=float) for s in states)
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.kind == "covar_pop":
                out, bad = c / n, n == 0
            elif self.kind == "covar_samp":
                out, bad = c / (n - 1), n <= 1
            else:  # a column that never varies has no correlation: Spark's double division by 0 is NULL
                out, bad = c / np.sqrt(m2x * m2y), (n <= 1) | (m2x * m2y == 0)
        return pa.array(out, pa.float64(), mask=bad)


_MOMENTS = {
    "stddev": "stddev_samp", "std": "stddev_samp", "stddev_samp": "stddev_samp", "stddev_pop": "stddev_pop",
    "variance": "var_samp", "var_samp": "var_samp", "var_pop": "var_pop",
}  # fmt: skip

AGGREGATES: dict[str, AggFunction] = {
    "count": Count(),
    "count_if": Count(when_true=True),
    "sum": Sum(),
    "try_sum": Sum(),
    "avg": Avg(),
    "mean": Avg(),
    "try_avg": Avg(),
    "min": Extreme("min"),
    "max": Extreme("max"),
    "first": Extreme("first"),
    "first_value": Extreme("first"),
    "any_value": Extreme("first"),
    "last": Extreme("last"),
    "last_value": Extreme("last"),
    "bool_and": BoolAgg("all"),
    "every": BoolAgg("all"),
    "bool_or": BoolAgg("any"),
    "some": BoolAgg("any"),
    "any": BoolAgg("any"),
    "product": Product(),
    "max_by": ByExtreme(largest=True),
    "min_by": ByExtreme(largest=False),
    "skewness": Moments("skewness", 3),
    "kurtosis": Moments("kurtosis", 4),
    "covar_pop": CoMoments("covar_pop"),
    "covar_samp": CoMoments("covar_samp"),
    "corr": CoMoments("corr"),
    **{name: Moments(kind) for name, kind in _MOMENTS.items()},
    **LIST_AGGREGATES,
    "histogram_numeric": HistogramNumeric(),
    "count_min_sketch": CountMinSketch(),
    "listagg": ListAgg(),
    "string_agg": ListAgg(),
    **BITWISE_AGGREGATES,
    **BITMAP_AGGREGATES,
    **UNION_AGGREGATES,
    **VARIANT_AGGREGATES,
    **VECTOR_AGGREGATES,
    **regression_aggregates(),
}
