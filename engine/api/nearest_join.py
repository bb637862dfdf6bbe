"""``df.nearestByJoin`` (PySpark 4.2): for each left row, the `numResults` right rows ranked
best by an expression over both sides.

As Spark's current implementation does, it evaluates the whole cross product and keeps the
top rows per left row: a cross (or left outer) join, ``row_number()`` over a window by a
left-row id ordered by the ranking (ascending for "distance", descending for "similarity"),
and a filter. Rows whose ranking is null are never matches; "approx" runs as "exact".
"""

from __future__ import annotations

from typing import Any

from engine.errors import AnalysisException

_MAX_RESULTS = 100000
_LEFT_JOINS = ("left", "leftouter", "left_outer")


def _invalid(sub: str, text: str, params: dict[str, str]) -> AnalysisException:
    msg = f"[NEAREST_BY_JOIN.{sub}] Invalid nearest-by join. {text} SQLSTATE: 42604"
    return AnalysisException(msg, f"NEAREST_BY_JOIN.{sub}", params)


def check_arguments(num_results: int, mode: str, direction: str, join_type: str) -> None:
    """Spark's NEAREST_BY_JOIN errors for an argument out of its allowed set."""
    if mode.lower() not in ("approx", "exact"):
        text = f"Unsupported nearest-by join mode '{mode}'. Supported modes include: 'approx', 'exact'."
        raise _invalid("UNSUPPORTED_MODE", text, {"mode": mode})
    if direction.lower() not in ("distance", "similarity"):
        text = (
            f"Unsupported nearest-by join direction '{direction}'. Supported nearest-by join directions "
            "include: 'distance', 'similarity'."
        )
        raise _invalid("UNSUPPORTED_DIRECTION", text, {"direction": direction})
    if not 1 <= num_results <= _MAX_RESULTS:
        text = (
            f"The number of results {num_results} must be between 1 and {_MAX_RESULTS}. Update the literal in "
            f"`APPROX NEAREST {num_results} BY ...` (or `EXACT NEAREST {num_results} BY ...`) to fall within that range."
        )
        raise _invalid("NUM_RESULTS_OUT_OF_RANGE", text, {"numResults": str(num_results)})
    if join_type.lower() not in ("inner", *_LEFT_JOINS):
        text = f"Unsupported nearest-by join type {join_type}. Supported types: 'INNER', 'LEFT OUTER'."
        raise _invalid("UNSUPPORTED_JOIN_TYPE", text, {"joinType": join_type})


def nearest_by_join(
    left: Any, right: Any, ranking: Any, num_results: int, mode: str, direction: str, join_type: str
) -> Any:
    """`left`'s columns then `right`'s, up to `num_results` right rows per left row (a left
    row with none keeps nulls under a left outer join)."""
    from engine import functions as F
    from engine.window import Window

    check_arguments(num_results, mode, direction, join_type)
    row_id, rank, ranked_by, matches = "__nearest_row", "__nearest_rank", "__nearest_value", "__nearest_any"
    numbered = left.withColumn(row_id, F.monotonically_increasing_id())
    outer = join_type.lower() in _LEFT_JOINS
    pairs = numbered.join(right, F.lit(True), "left" if outer else "inner").withColumn(ranked_by, ranking)
    value = F.col(ranked_by)
    order = value.asc_nulls_last() if direction.lower() == "distance" else value.desc_nulls_last()
    per_row = Window.partitionBy(row_id)
    ranked = pairs.withColumn(rank, F.row_number().over(per_row.orderBy(order)))
    best = value.isNotNull() & (F.col(rank) <= num_results)
    if outer:  # a left row none of whose pairs ranked keeps one row, its right side null
        ranked = ranked.withColumn(matches, F.max(value.isNotNull().cast("int")).over(per_row))
        best = best | ((F.col(matches) == 0) & (F.col(rank) == 1))
    kept = ranked.where(best)
    left_cols = [left[i] for i in range(len(left.columns))]
    right_cols = [F.when(value.isNotNull(), right[i]).alias(name) for i, name in enumerate(right.columns)]
    return kept.select(*left_cols, *right_cols)
