"""``DataFrame.transpose``: columns become rows, index values become columns (eager, as Spark)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr.display import type_sql
from engine.expr.resolve import resolve
from engine.expr.typing import dtype_of
from engine.logical.nodes import output
from engine.logical.reshape import pivot_value_label, wider_without_strings

_MAX_VALUES_KEY = "spark.sql.transposeMaxValues"


def transpose(df: Any, index: n.Expr | None) -> Any:
    """One row per non-index column (its name in ``key``), one column per non-null index value
    (named by the value, in ascending order) holding that row's values, cast to their common type.
    """
    from engine.api.column import Column
    from engine.api.dataframe import DataFrame

    attrs = output(df._plan)
    scope = df._scope()
    idx = resolve(index, scope) if index is not None else attrs[0]
    idx_id = idx.id if isinstance(idx, n.Attribute) else None
    others = [a for a in output(df._plan) if a.id != idx_id]
    common: T.DataType = T.NullType()
    for a in others:
        wider = wider_without_strings(common, a.dtype)
        if wider is None:
            raise AnalysisException(
                "[TRANSPOSE_NO_LEAST_COMMON_TYPE] Transpose requires non-index columns to share a least common "
                f'type, but "{type_sql(common)}" and "{type_sql(a.dtype)}" do not.',
                "TRANSPOSE_NO_LEAST_COMMON_TYPE",
            )
        common = wider
    if not others:
        common = T.StringType()  # as Spark types the (empty) value columns
    limit = int(df._session.conf.get(_MAX_VALUES_KEY, "500") or 500)
    idx_col = Column(idx)
    rows = (
        df.filter(idx_col.isNotNull())
        .orderBy(idx_col)
        .select(idx_col, *[Column(n.Cast(a, common, implicit=True)) for a in others])
        .limit(limit + 1)
        .collect()
    )
    if len(rows) > limit:
        raise AnalysisException(
            f"[TRANSPOSE_EXCEED_ROW_LIMIT] Number of rows exceeds the allowed limit of {limit} for TRANSPOSE. "
            f"If this was intended, set {_MAX_VALUES_KEY} to at least the current row count.",
            "TRANSPOSE_EXCEED_ROW_LIMIT",
        )
    value_type = T.to_arrow(common)
    fields = [pa.field("key", pa.string(), False)]
    columns = [pa.array([a.name for a in others], pa.string())]
    for r in rows:
        fields.append(pa.field(pivot_value_label(r[0], dtype_of(idx)), value_type, True))
        columns.append(pa.array([r[i + 1] for i in range(len(others))], value_type))
    table = pa.Table.from_arrays(columns, schema=pa.schema(fields))
    return DataFrame(df._session, df._session.in_memory(table))
