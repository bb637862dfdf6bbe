"""Spark's refusal of map and variant columns where rows are compared as wholes: DISTINCT,
dropDuplicates keys, INTERSECT and EXCEPT (UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE / _VARIANT_TYPE),
sort keys (INVALID_ORDERING_TYPE) and, for variants, grouping keys. Maps have neither equality nor order in Spark, so these are refused
while the plan is analyzed, not left to fail in an Arrow kernel."""

from __future__ import annotations

from collections.abc import Iterable

from engine.errors import AnalysisException
from engine.expr.display import sql_name
from engine.expr.nodes import Attribute, Expr, SortOrder
from engine.expr.resolve import quote
from engine.expr.signatures._common import type_name
from engine.expr.signatures.operators import has_map, has_variant
from engine.expr.typing import dtype_of
from engine.logical import nodes as L


def refuse_map_columns(columns: Iterable[Attribute]) -> None:
    """Raise for the first of `columns` whose type is or holds a map."""
    for a in columns:
        if has_variant(a.dtype):
            raise AnalysisException(
                "[UNSUPPORTED_FEATURE.SET_OPERATION_ON_VARIANT_TYPE] The feature is not supported: Cannot have "
                "VARIANT type columns in a set operation (INTERSECT, EXCEPT, etc.), but the type of column "
                f"`{a.name}` is {type_name(a.dtype)}.",
                "UNSUPPORTED_FEATURE.SET_OPERATION_ON_VARIANT_TYPE",
            )
        if has_map(a.dtype):
            raise AnalysisException(
                "[UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE] The feature is not supported: Cannot have MAP "
                "type columns in a set operation (INTERSECT, EXCEPT, etc.), but the type of column "
                f"`{a.name}` is {type_name(a.dtype)}.",
                "UNSUPPORTED_FEATURE.SET_OPERATION_ON_MAP_TYPE",
            )


def refuse_variant_grouping(keys: Iterable[Expr]) -> None:
    """GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE for the first grouping key that is or holds a
    variant (Spark groups maps, but has no equality for variants)."""
    for key in keys:
        t = dtype_of(key)
        if has_variant(t):
            raise AnalysisException(
                f'[GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE] The expression "{sql_name(key)}" cannot be used as a '
                f"grouping expression because its data type {type_name(t)} is not an orderable data type.",
                "GROUP_EXPRESSION_TYPE_IS_NOT_ORDERABLE",
                {"sqlExpr": f'"{sql_name(key)}"', "dataType": type_name(t)},
            )


def refuse_variant_pivot(columns: Iterable[Expr]) -> None:
    """INCOMPARABLE_PIVOT_COLUMN for the first pivot column that is or holds a variant or a map
    (neither orders, so Spark cannot compare it with the pivot values)."""
    from engine.expr.signatures.operators import has_map

    for c in columns:
        if has_variant(dtype_of(c)) or has_map(dtype_of(c)):
            raise AnalysisException(
                f"[INCOMPARABLE_PIVOT_COLUMN] Invalid pivot column {quote(sql_name(c))}. Pivot columns must be "
                "comparable.",
                "INCOMPARABLE_PIVOT_COLUMN",
                {"columnName": quote(sql_name(c))},
            )


def refuse_variant_partitioning(keys: Iterable[Expr]) -> None:
    """UNSUPPORTED_FEATURE.PARTITION_BY_VARIANT for the first hash-partitioning key that is or
    holds a variant (variants have no hash Spark will partition by)."""
    for key in keys:
        t = dtype_of(key)
        if has_variant(t):
            raise AnalysisException(
                "[UNSUPPORTED_FEATURE.PARTITION_BY_VARIANT] The feature is not supported: Cannot use VARIANT "
                f'producing expressions to partition a DataFrame, but the type of expression "{sql_name(key)}" is '
                f"{type_name(t)}.",
                "UNSUPPORTED_FEATURE.PARTITION_BY_VARIANT",
                {"expr": f'"{sql_name(key)}"', "dataType": type_name(t)},
            )


def refuse_map_ordering(plan: L.LogicalPlan) -> L.LogicalPlan:
    """`plan` (a sort as the builder made it: a Sort, or a Project over one) unchanged, or
    INVALID_ORDERING_TYPE for its first sort key whose type is or holds a map."""
    sort = plan.input if isinstance(plan, L.Project) else plan
    if not isinstance(sort, L.Sort):
        return plan
    refuse_map_order_keys(sort.order)
    return plan


def refuse_map_order_keys(order: Iterable[SortOrder]) -> None:
    """INVALID_ORDERING_TYPE for the first sort key (of a sort or a window) whose type is or holds a map."""
    for key in order:
        t = dtype_of(key.child)
        if has_map(t):
            raise AnalysisException(
                f'[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "{sql_name(key)}" due to data type '
                f"mismatch: The `sortorder` does not support ordering on type {type_name(t)}.",
                "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE",
            )
