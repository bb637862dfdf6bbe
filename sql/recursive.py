"""``WITH RECURSIVE``: the recursive step runs over the previous step's rows until none are new."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa
from sqlglot import exp

from engine.errors import AnalysisException
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan

if TYPE_CHECKING:
    from sql.to_logical import QueryTranslator


def recursive_cte(q: QueryTranslator, name: str, body: exp.Expr, columns: list[str]) -> LogicalPlan:
    """``r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5)``, evaluated now.

    The anchor runs once; each step sees only the rows the step before produced, as in
    Spark. Past ``spark.sql.cteRecursionLevelLimit`` steps (100) the query fails.
    """
    if isinstance(body, exp.Union) and body.args.get("distinct") is not False:
        raise AnalysisException(
            "[UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE] The UNION operator is not yet supported within recursive common "
            "table expressions (WITH clauses that refer to themselves, directly or indirectly). Please use UNION ALL "
            "instead. SQLSTATE: 42836",
            "UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE",
        )
    if not isinstance(body, exp.Union):  # no anchor UNION ALL step: INTERSECT, or a bare self-reference
        raise AnalysisException(
            "[INVALID_RECURSIVE_CTE] Invalid recursive definition found. Recursive queries must contain an UNION or "
            "an UNION ALL statement with 2 children. The first child needs to be the anchor term without any "
            "recursive references. SQLSTATE: 42836",
            "INVALID_RECURSIVE_CTE",
        )
    from engine.api.dataframe import DataFrame

    session = q.session
    anchor = DataFrame(session, q.child().query(body.this)).toArrow()
    if columns:
        anchor = anchor.rename_columns(columns)
    limit = int(session.conf.get("spark.sql.cteRecursionLevelLimit", "100") or 100)
    parts, current = [anchor], anchor
    for _ in range(limit + 1):
        step = q.child()
        step.ctes[name.lower()] = L.SubqueryAlias(session.in_memory(current), name)
        current = DataFrame(session, step.query(body.expression)).toArrow()
        if current.num_rows == 0:
            return session.in_memory(pa.concat_tables(parts))
        if current.num_columns != anchor.num_columns:
            raise AnalysisException(
                f"[NUM_COLUMNS_MISMATCH] UNION ALL can only be performed on inputs with the same number of columns, "
                f"but the recursive step of {name} has {current.num_columns} and its anchor {anchor.num_columns}.",
                "NUM_COLUMNS_MISMATCH",
            )
        current = current.rename_columns(anchor.column_names).cast(anchor.schema)
        parts.append(current)
    raise AnalysisException(
        f"[RECURSION_LEVEL_LIMIT_EXCEEDED] Recursion level limit {limit} reached but query has not exhausted, "
        "try increasing it like 'spark.sql.cteRecursionLevelLimit'. SQLSTATE: 42836",
        "RECURSION_LEVEL_LIMIT_EXCEEDED",
    )
