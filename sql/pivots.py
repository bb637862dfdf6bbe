"""``FROM t PIVOT (...)`` and ``FROM t UNPIVOT (...)``, built by engine.logical.reshape."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from engine.errors import ParseException
from engine.expr import nodes as n
from engine.logical import nodes as L
from engine.logical import reshape
from engine.logical.nodes import LogicalPlan
from sql.expressions import unsupported

if TYPE_CHECKING:
    from sql.to_logical import QueryTranslator


def apply_pivot(q: QueryTranslator, plan: LogicalPlan, pivot: exp.Pivot) -> LogicalPlan:
    """`plan` pivoted or unpivoted by one PIVOT/UNPIVOT clause, with the clause's alias."""
    out = _unpivot(q, plan, pivot) if pivot.args.get("unpivot") else _pivot(q, plan, pivot)
    alias = pivot.args.get("alias")
    if alias is not None and alias.name:
        if alias.args.get("columns"):
            raise ParseException(
                "[PARSE_SYNTAX_ERROR] Syntax error at or near '(': PIVOT and UNPIVOT take a table alias, "
                "not column aliases.",
                "PARSE_SYNTAX_ERROR",
            )
        out = L.SubqueryAlias(out, alias.name)
    return out


def _for_clause(pivot: exp.Pivot) -> exp.In:
    fields = pivot.args.get("fields") or []
    if len(fields) != 1 or not isinstance(fields[0], exp.In):
        raise unsupported(f"this PIVOT/UNPIVOT form {pivot.sql(dialect='spark')!r}")
    return fields[0]


def _aliased(item: exp.Expr) -> tuple[exp.Expr, str | None]:
    if isinstance(item, (exp.PivotAlias, exp.Alias)):
        return item.this, item.alias
    return item, None


def _items(e: exp.Expr) -> list[exp.Expr]:
    while isinstance(e, exp.Paren):
        e = e.this
    return list(e.expressions) if isinstance(e, exp.Tuple) else [e]


def _unpivot(q: QueryTranslator, plan: LogicalPlan, pivot: exp.Pivot) -> LogicalPlan:
    """``UNPIVOT [INCLUDE|EXCLUDE NULLS] ((v1, v2) FOR name IN ((a, b) AS x, (c, d)))``."""
    names = [i.name for e in pivot.expressions for i in _items(e)]
    clause = _for_clause(pivot)
    values: list[tuple[list[n.Expr], str | None]] = []
    for item in clause.expressions:
        e, alias = _aliased(item)
        for x in _items(e):
            if not isinstance(x, exp.Column):
                raise ParseException(
                    f"[PARSE_SYNTAX_ERROR] Syntax error at or near {x.sql(dialect='spark')!r}: UNPIVOT takes "
                    "column names, not expressions.",
                    "PARSE_SYNTAX_ERROR",
                )
        values.append(([q.expr(x) for x in _items(e)], alias))
    drop_nulls = not pivot.args.get("include_nulls")
    return reshape.unpivot(plan, None, values, clause.this.name, names, q.cs, drop_nulls)


def _pivot(q: QueryTranslator, plan: LogicalPlan, pivot: exp.Pivot) -> LogicalPlan:
    """``PIVOT (sum(x) AS s, avg(y) FOR (a, b) IN ((1, 'x') AS p, ...))``: grouped by every
    other column of `plan`."""
    aggs = [q.expr(e) for e in pivot.expressions]
    clause = _for_clause(pivot)
    columns = [q.expr(c) for c in _items(clause.this)]
    values: list[tuple[list[n.Expr], str | None]] = []
    for item in clause.expressions:
        e, alias = _aliased(item)
        parts = [q.expr(x) for x in _items(e)] if len(columns) > 1 else [q.expr(e)]
        values.append(([_folded(q, p) for p in parts], alias))
    return reshape.pivot(plan, None, aggs, columns, values, None, q.cs)


def _folded(q: QueryTranslator, e: n.Expr) -> n.Expr:
    """A pivot value written as a constant expression (``CAST(1 AS BIGINT)``, ``upper('a')``)
    evaluated now, as Spark folds it; anything naming a column is left for the builder to reject."""
    from engine.expr import traverse as tr
    from engine.expr.registry import lookup
    from engine.logical import builder as B
    from engine.logical.nodes import output
    from sql.relations import one_row

    inner = tr.strip_alias(e)
    if isinstance(inner, n.Literal) or any(
        isinstance(x, (n.UnresolvedColumn, n.UnresolvedStar, n.Attribute, n.ScalarSubquery))
        for x in tr.walk(inner)
    ):
        return e
    plan = B.project(one_row(), [n.Alias(inner, "v")])
    if not isinstance(plan, L.Project):  # an aggregate or a generator is not a constant
        return e
    for x in tr.walk(plan.exprs[0]):
        fd = lookup(x.name) if isinstance(x, n.Call) else None
        if fd is not None and not fd.deterministic:  # rand() is not foldable either
            return e
    table = q.session.execute(plan)
    return n.Literal(table.column(0)[0].as_py(), output(plan)[0].dtype)
