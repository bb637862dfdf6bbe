"""Kernels of comparisons, boolean logic, IN, null tests and bitwise operators.

Spark orders NaN above every other double and treats NaN = NaN as true; Arrow does not,
so floating comparisons correct for NaN here.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, decimal64, kernel
from engine.compute.kernels._util import broadcast, finish, from_np, np_values, valid
from engine.expr.nodes import Call

_ARROW_OPS = {
    "=": pc.equal, "!=": pc.not_equal, "<": pc.less, "<=": pc.less_equal,
    ">": pc.greater, ">=": pc.greater_equal,
}  # fmt: skip


def _is_float(v: Value) -> bool:
    return pa.types.is_floating(v.type)


def compare(op: str, a: Value, b: Value) -> Value:
    """``a op b`` with Spark's NaN semantics (NaN equals NaN and is the largest value); a
    comparison with an untyped NULL is null."""
    if pa.types.is_null(a.type) or pa.types.is_null(b.type):
        arrays = [len(x) for x in (a, b) if not isinstance(x, pa.Scalar)]
        return pa.nulls(arrays[0], pa.bool_()) if arrays else pa.scalar(None, pa.bool_())
    if _nested(a.type) or _nested(b.type):
        return _nested_compare(op, a, b)
    if pa.types.is_interval(a.type) and pa.types.is_interval(b.type):  # year-month intervals: their months
        a, b = _months(a), _months(b)
    if pa.types.is_decimal128(a.type):
        fast = _decimal_with_constant(op, a, b)
        if fast is not None:
            return fast
    out = _ARROW_OPS[op](a, b)
    if not _is_float(a):
        return out
    na, nb = pc.is_nan(a), pc.is_nan(b)
    both = pc.and_(na, nb)
    if op == "=":
        return pc.or_(out, both)
    if op == "!=":
        return pc.and_(out, pc.invert(both))
    if op in ("<", "<="):
        lt = pc.and_(pc.invert(na), nb)
        return pc.or_(pc.and_(out, pc.invert(na)), pc.or_(lt, both) if op == "<=" else lt)
    gt = pc.and_(na, pc.invert(nb))
    return pc.or_(pc.and_(out, pc.invert(nb)), pc.or_(gt, both) if op == ">=" else gt)


_MIRRORED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _decimal_with_constant(op: str, a: Value, b: Value) -> Value | None:
    """A decimal column compared with a constant on its 64-bit unscaled values, either way round;
    None when `decimal64.compare_constant` cannot."""
    if isinstance(a, pa.Scalar) and not isinstance(b, pa.Scalar):
        return _decimal_with_constant(_MIRRORED[op], b, a)
    if isinstance(a, pa.Scalar) or not isinstance(b, pa.Scalar):
        return None
    if isinstance(a, pa.ChunkedArray):
        parts = [decimal64.compare_constant(op, c, b) for c in a.chunks]
        return None if any(p is None for p in parts) else pa.chunked_array(parts, pa.bool_())
    return decimal64.compare_constant(op, a, b)


def _months(v: Value) -> Value:
    """A year-month interval (Arrow month_day_nano holding whole months) as int64 months."""
    from engine.compute.kernels.intervals import months_of

    if isinstance(v, pa.Scalar):
        return pa.scalar(v.as_py().months if v.is_valid else None, pa.int64())
    return pa.array(months_of(v), pa.int64(), mask=v.is_null().to_numpy(zero_copy_only=False))


def _nested(t: pa.DataType) -> bool:
    return pa.types.is_struct(t) or pa.types.is_list(t) or pa.types.is_large_list(t)


def _nested_compare(op: str, a: Value, b: Value) -> Value:
    """Structs and arrays compare in Spark's order (`shared_codes`); null when either is null."""
    from engine.compute.sort import shared_codes

    (x, y), scalar = broadcast([a, b])
    codes = shared_codes([x, y])
    left, right = codes[: len(x)], codes[len(x) :]
    out = {"=": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}[op](left, right)
    return finish(pa.array(out, mask=~(valid(x) & valid(y))), scalar)


def _register(op: str) -> None:
    kernel(op)(lambda args, call, ctx: compare(op, args[0], args[1]))


for _op in _ARROW_OPS:
    _register(_op)


@kernel("between")
def _between(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``x BETWEEN lo AND hi``: ``x >= lo AND x <= hi``, with x computed once."""
    return pc.and_kleene(compare(">=", args[0], args[1]), compare("<=", args[0], args[2]))


def null_safe_equal(a: Value, b: Value) -> Value:
    """``a <=> b``: true when both are null, false when one is, else ``a = b``."""
    eq = pc.fill_null(compare("=", a, b), False)
    return pc.or_(eq, pc.and_(pc.is_null(a), pc.is_null(b)))


@kernel("<=>", "equal_null")
def _null_safe_equal(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return null_safe_equal(args[0], args[1])


@kernel("not")
def _not(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.invert(args[0].cast(pa.bool_()))


@kernel("in")
def _in(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """``v IN (x, ...)``: true on a match, else null when v or any item is null, else false."""
    value, items = args[0], args[1:]
    if _plain_list(value, items):  # one hash lookup per row instead of a comparison per item
        found = pc.is_in(value, value_set=pa.array([i.as_py() for i in items], value.type))
        return pc.if_else(pc.is_valid(value), found, pa.scalar(None, pa.bool_()))
    out: Value = pa.scalar(False)
    for item in items:
        out = pc.or_kleene(out, compare("=", value, item))
    return out


def _plain_list(value: Value, items: list[Value]) -> bool:
    """Whether ``value IN items`` is a set lookup: a column against several non-null constants
    of its own type, neither floating (NaN and -0.0 compare specially) nor nested."""
    t = value.type
    return (
        not isinstance(value, pa.Scalar)
        and len(items) > 1
        and all(isinstance(i, pa.Scalar) and i.is_valid and i.type == t for i in items)
        and not (_is_float(value) or _nested(t) or pa.types.is_null(t))
    )


@kernel("isnull")
def _isnull(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.is_null(args[0])


@kernel("isnotnull")
def _isnotnull(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.is_valid(args[0])


@kernel("isnan")
def _isnan(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.fill_null(pc.is_nan(args[0].cast(pa.float64())), False)


@kernel("&")
def _bit_and(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.bit_wise_and(args[0], args[1])


@kernel("|")
def _bit_or(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.bit_wise_or(args[0], args[1])


@kernel("^")
def _bit_xor(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.bit_wise_xor(args[0], args[1])


@kernel("~")
def _bit_not(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return pc.bit_wise_not(args[0])


def _shift(args: list[Value], call: Call, kind: str) -> Value:
    """Java shifts: the distance is taken modulo the width (32 for int, 64 for bigint)."""
    (a, s), scalar = broadcast(args)
    x = np_values(a)
    bits = x.dtype.itemsize * 8
    dist = (np_values(s).astype(np.int64) % bits).astype(x.dtype)
    if kind == "left":
        r = np.left_shift(x, dist)
    elif kind == "right":
        r = np.right_shift(x, dist)
    else:
        unsigned = x.view(f"u{x.dtype.itemsize}")
        r = np.right_shift(unsigned, dist.astype(unsigned.dtype)).view(x.dtype)
    return finish(from_np(r, valid(a) & valid(s), call.dtype), scalar)


@kernel("shiftleft", "<<")
def _shiftleft(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _shift(args, call, "left")


@kernel("shiftright", ">>")
def _shiftright(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _shift(args, call, "right")


@kernel("shiftrightunsigned", ">>>")
def _shiftrightunsigned(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    return _shift(args, call, "unsigned")
