"""Float-vector functions of ``F`` (Spark 4.3): distances, norms and element-wise aggregates of
``array<float>`` columns."""

from __future__ import annotations

from engine.api.column import Column, ColumnOrName
from engine.functions._build import agg, call

__all__ = [
    "vector_inner_product", "vector_cosine_similarity", "vector_l2_distance", "vector_norm", "vector_normalize",
    "vector_sum", "vector_avg",
]  # fmt: skip


def vector_inner_product(left: ColumnOrName, right: ColumnOrName) -> Column:
    """The dot product of two vectors of one dimension, as a float."""
    return call("vector_inner_product", left, right)


def vector_cosine_similarity(left: ColumnOrName, right: ColumnOrName) -> Column:
    """The cosine of the angle between two vectors (null when either is all zeros)."""
    return call("vector_cosine_similarity", left, right)


def vector_l2_distance(left: ColumnOrName, right: ColumnOrName) -> Column:
    """The Euclidean distance between two vectors of one dimension."""
    return call("vector_l2_distance", left, right)


def vector_norm(vector: ColumnOrName, degree: ColumnOrName | None = None) -> Column:
    """The L1, L2 (default) or L-infinity norm (`degree` 1.0, 2.0 or inf) of a vector."""
    return call("vector_norm", vector) if degree is None else call("vector_norm", vector, degree)


def vector_normalize(vector: ColumnOrName, degree: ColumnOrName | None = None) -> Column:
    """The vector scaled to norm 1 in the given degree (null for a zero vector)."""
    return call("vector_normalize", vector) if degree is None else call("vector_normalize", vector, degree)


def vector_sum(col: ColumnOrName) -> Column:
    """Aggregate: the element-wise sum of a group's vectors."""
    return agg("vector_sum", col)


def vector_avg(col: ColumnOrName) -> Column:
    """Aggregate: the element-wise mean of a group's vectors."""
    return agg("vector_avg", col)
