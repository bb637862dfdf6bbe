"""``FROM t, LATERAL (SELECT ...)`` and ``JOIN LATERAL (SELECT ...) ON ...``: a subquery
evaluated per row of the relations before it, naming their columns.

The subquery's columns qualified by a relation outside its own FROM are the outer query's;
they are marked as outer references (``col(...).outer()`` in the DataFrame API), and the
plan is joined by the same lateral join the DataFrame API uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.logical.nodes import LogicalPlan
from engine.logical.subquery_joins import lateral_join
from sql.expressions import OUTER_REFERENCE

if TYPE_CHECKING:
    from sql.to_logical import QueryTranslator


def is_lateral_subquery(e: exp.Expr) -> bool:
    return isinstance(e, exp.Lateral) and isinstance(e.this, (exp.Subquery, exp.Select))


def lateral_subquery(
    q: QueryTranslator, left: LogicalPlan, lateral: exp.Lateral, how: str, on: n.Expr | None
) -> LogicalPlan:
    """`left` joined (`how`: inner, cross or left) with the lateral subquery, on `on` if given."""
    if how not in ("inner", "cross", "left"):
        kind = {"right": "RIGHT OUTER", "full": "FULL OUTER"}.get(how, how.upper())
        raise AnalysisException(
            f"[INVALID_LATERAL_JOIN_TYPE] The {kind} JOIN with LATERAL correlation is not allowed because an "
            "OUTER subquery cannot correlate to its join partner. Remove the LATERAL correlation or use an "
            "INNER JOIN, or LEFT OUTER JOIN instead. SQLSTATE: 42613",
            "INVALID_LATERAL_JOIN_TYPE",
        )
    sub = lateral.this.this if isinstance(lateral.this, exp.Subquery) else lateral.this
    plan = q.child().query(mark_outer_columns(sub))
    named = lateral.args.get("alias") or (lateral.this.args.get("alias") if isinstance(lateral.this, exp.Subquery) else None)
    alias = named.name if named is not None else ""
    names = [c.name for c in named.args.get("columns") or []] if named is not None else []
    return lateral_join(left, plan, on, how, q.cs, alias or None, names)


def mark_outer_columns(sub: exp.Expr, bare: frozenset[str] = frozenset()) -> exp.Expr:
    """`sub` with every column qualified by a relation it does not read itself wrapped in
    the outer-reference marker (LATERAL subqueries, correlated scalar subqueries), and each
    unqualified column named in `bare` (lowercase: names the subquery's own relations lack)."""
    own = {s.alias_or_name.lower() for s in _own_sources(sub)}
    marked = sub.copy()
    for col in list(marked.find_all(exp.Column)):
        outer = col.table.lower() not in own if col.table else col.name.lower() in bare
        if outer:
            col.replace(exp.Anonymous(this=OUTER_REFERENCE, expressions=[col.copy()]))
    return marked


def _own_sources(sub: exp.Expr) -> list[exp.Expr]:
    """The relations of the subquery's FROM and JOINs (and of nested queries, whose columns
    are not the outer query's either)."""
    return [t for t in sub.find_all(exp.Table, exp.Subquery, exp.Lateral, exp.Values) if t.alias_or_name]
