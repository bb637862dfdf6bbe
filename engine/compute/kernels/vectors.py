"""Kernels of Spark 4.3's float-vector functions: vector_inner_product, vector_cosine_similarity,
vector_l2_distance, vector_norm and vector_normalize over ``array<float>`` columns.

Each row's vector is a slice of the flattened float values; sums over a row's elements are
``np.add.reduceat`` over those slices (in double, then back to float, as Spark computes them).
A vector holding a null element gives null; vectors of different lengths are an error.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.compute.context import EvalContext
from engine.compute.kernels import Value, kernel
from engine.compute.kernels._util import broadcast, finish, np_values, valid
from engine.compute.kernels.per_constant import constant_args
from engine.errors import SparkRuntimeException
from engine.expr.nodes import Call


def vector_parts(a: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per row of a list array: its start in the flattened values, its length, and whether it is
    usable (not null and without null elements); and the flattened values as float64."""
    a = a.combine_chunks() if isinstance(a, pa.ChunkedArray) else a
    lengths = np_values(pc.list_value_length(a), 0).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64) if len(a) else np.zeros(0, np.int64)
    flat = pc.list_flatten(a)
    values = np_values(flat.cast(pa.float64()), 0.0).astype(np.float64)
    ok = valid(a)
    if flat.null_count:
        rows = np.repeat(np.arange(len(a)), lengths)
        ok &= np.bincount(rows[~valid(flat)], minlength=len(a)) == 0
    return starts, lengths, ok, values


def row_sums(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The sum of each row's slice of `values` (0 for an empty row); the rows' slices lie one
    after another and cover `values`."""
    return _reduce_rows(np.add, values, starts, lengths)


def _reduce_rows(op: np.ufunc, values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """`op` reduced over each non-empty row's slice (0 for an empty row): reduceat runs over the
    non-empty rows only, whose starts increase strictly, so each slice ends where the next begins."""
    out = np.zeros(len(starts))
    filled = lengths > 0
    if filled.any():
        out[filled] = op.reduceat(values, starts[filled])
    return out


def dimension_mismatch(function: str, left: int, right: int) -> SparkRuntimeException:
    return SparkRuntimeException(
        f"[VECTOR_DIMENSION_MISMATCH] Vectors passed to `{function}` must have the same dimension, but got "
        f"{left} and {right}. SQLSTATE: 22000",
        "VECTOR_DIMENSION_MISMATCH",
        {"functionName": f"`{function}`", "leftDim": str(left), "rightDim": str(right)},
    )


def _floats(out: np.ndarray, ok: np.ndarray) -> pa.Array:
    with np.errstate(over="ignore", invalid="ignore"):
        return pa.array(out.astype(np.float32), pa.float32(), mask=~ok)


@kernel("vector_inner_product", "vector_cosine_similarity", "vector_l2_distance")
def _pairwise(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Dot product, cosine similarity (null when either vector is all zeros) and Euclidean
    distance of two vectors of one dimension."""
    (a, b), scalar = broadcast(args)
    sa, la, oka, va = vector_parts(a)
    sb, lb, okb, vb = vector_parts(b)
    ok = oka & okb
    if (bad := np.flatnonzero(ok & (la != lb))).size:
        raise dimension_mismatch(call.name, int(la[bad[0]]), int(lb[bad[0]]))
    counts = np.where(ok, la, 0)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if len(counts) else counts
    rows = np.repeat(np.arange(len(la)), counts)
    local = np.arange(len(rows)) - starts[rows]
    xa, xb = va[sa[rows] + local], vb[sb[rows] + local]
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if call.name == "vector_l2_distance":
            out = np.sqrt(row_sums((xa - xb) ** 2, starts, counts))
        else:
            out = row_sums(xa * xb, starts, counts)
            if call.name == "vector_cosine_similarity":
                norms = np.sqrt(row_sums(xa * xa, starts, counts)) * np.sqrt(row_sums(xb * xb, starts, counts))
                ok = ok & (norms != 0)
                out = out / np.where(norms == 0, 1.0, norms)
    return finish(_floats(out, ok), scalar)


def _norms(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray, degree: float, name: str) -> np.ndarray:
    """Each row's L1, L2 or L-infinity norm (in double)."""
    if degree == 1.0:
        return row_sums(np.abs(values), starts, lengths)
    if degree == 2.0:
        return np.sqrt(row_sums(values * values, starts, lengths))
    if degree == float("inf"):
        return _reduce_rows(np.maximum, np.abs(values), starts, lengths)  # np.maximum keeps NaN
    raise SparkRuntimeException(
        f"[INVALID_VECTOR_NORM_DEGREE] For the `{name}` function, degree must be 1.0, 2.0, or float('inf'), "
        f"but got {degree}. SQLSTATE: 22023",
        "INVALID_VECTOR_NORM_DEGREE",
        {"functionName": f"`{name}`", "degree": str(degree)},
    )


def _degree(args: list[Value]) -> float | None:
    if len(args) < 2:
        return 2.0
    d = args[1]
    return None if not d.is_valid else float(d.as_py())  # type: ignore[union-attr]


@kernel("vector_norm")
@constant_args(1)
def _vector_norm(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """The L1, L2 (default) or L-infinity norm of each vector, as a float."""
    (a,), scalar = broadcast(args[:1])
    scalar = scalar and all(isinstance(x, pa.Scalar) for x in args)
    degree = _degree(args)
    if degree is None:
        return finish(pa.nulls(len(a), pa.float32()), scalar)
    starts, lengths, ok, values = vector_parts(a)
    with np.errstate(over="ignore", invalid="ignore"):
        return finish(_floats(_norms(values, starts, lengths, degree, call.name), ok), scalar)


@kernel("vector_normalize")
@constant_args(1)
def _vector_normalize(args: list[Value], call: Call, ctx: EvalContext) -> Value:
    """Each vector divided by its norm (null for a zero vector; an empty one stays empty)."""
    (a,), scalar = broadcast(args[:1])
    scalar = scalar and all(isinstance(x, pa.Scalar) for x in args)
    degree = _degree(args)
    typ = pa.list_(pa.float32())
    if degree is None:
        return finish(pa.nulls(len(a), typ), scalar)
    starts, lengths, ok, values = vector_parts(a)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        norms = _norms(values, starts, lengths, degree, call.name)
        ok = ok & ((norms != 0) | (lengths == 0))
        rows = np.repeat(np.arange(len(a)), lengths)
        scaled = (values / np.where(norms == 0, 1.0, norms)[rows]).astype(np.float32)
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32))
    out = pa.ListArray.from_arrays(offsets, pa.array(scaled, pa.float32()), mask=pa.array(~ok))
    return finish(out.cast(typ), scalar)
