"""Spark SQL for engine: `to_plan` for ``spark.sql(text)``, `to_expr` for ``selectExpr``/``expr``."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from engine.expr.nodes import Expr
from engine.logical.nodes import LogicalPlan

_QUERIES = (exp.Select, exp.SetOperation, exp.Subquery, exp.Values)


def to_plan(text: str, session: Any, args: dict[str, Any] | list[Any] | None = None) -> LogicalPlan:
    """The logical plan of one SQL statement; commands (CREATE, INSERT, DROP, ...) run now and
    return their result rows (often none) as a plan, as ``spark.sql`` does in Spark."""
    from sql.commands import run_command
    from sql.identifier_clause import inline_literal_identifiers, resolve_identifier_clauses
    from sql.parse import parse_statement
    from sql.reports import run_text_command
    from sql.subqueries import decorrelate_scalar_subqueries
    from sql.table_shorthand import expand_table_queries
    from sql.to_logical import QueryTranslator
    from sql.variables import evaluate, marker_values, with_variables

    text = expand_table_queries(inline_literal_identifiers(text))
    raw = run_text_command(text, session)
    if raw is not None:
        return raw
    positional = isinstance(args, (list, tuple))
    params = {f"__pos{i}": v for i, v in enumerate(args)} if positional else args  # type: ignore[arg-type]
    params = {k: _argument(v) for k, v in params.items()} if params else params

    def parse() -> exp.Expr:
        stmt = parse_statement(text)
        _check_markers(stmt)
        if positional:  # ``?`` markers, in text order, become named ones
            markers = [p for p in stmt.find_all(exp.Placeholder, bfs=False) if p.args.get("this") is None]
            for i, p in enumerate(markers):
                p.set("this", f"__pos{i}")
        return stmt

    def translate(stmt: exp.Expr) -> LogicalPlan:
        markers = marker_values(session, params)
        markers.update(_current_schema(stmt, session))
        q = QueryTranslator(session, markers)
        stmt = resolve_identifier_clauses(stmt, lambda e: evaluate(session, q, [e], [None])[0].value)
        if isinstance(stmt, _QUERIES):
            return q.query(decorrelate_scalar_subqueries(q, stmt))
        return run_command(stmt, session, q, text)

    return with_variables(session, parse, translate)


def _argument(value: Any) -> Any:
    """A ``spark.sql`` argument: a Python value, or a Column (``lit(5)``, ``array(...)``) as its expression."""
    from engine.api.column import Column

    return value._expr if isinstance(value, Column) else value


def _check_markers(stmt: exp.Expr) -> None:
    """Spark refuses ``?`` and ``:name`` markers in one query."""
    from engine.errors import AnalysisException

    markers = [p.args.get("this") for p in stmt.find_all(exp.Placeholder)]
    if None in markers and any(m is not None for m in markers):
        raise AnalysisException(
            "[INVALID_QUERY_MIXED_QUERY_PARAMETERS] Parameterized query must either use positional, or named "
            "parameters, but not both. SQLSTATE: 42613",
            "INVALID_QUERY_MIXED_QUERY_PARAMETERS",
        )


_CURRENT_SCHEMA = "__current_schema__"


def _current_schema(stmt: exp.Expr, session: Any) -> dict[str, Expr]:
    """``current_database()`` / ``current_schema()`` calls in `stmt` become a marker for the
    session's current database (``USE d``), named ``current_schema()`` as Spark names both."""
    from engine.api.databases import current_database
    from engine.expr import nodes as n
    from engine.types import StringType

    calls = [f for f in stmt.find_all(exp.Anonymous) if str(f.this).lower() in ("current_database", "current_schema")]
    for call in calls:
        if not call.expressions:
            call.replace(exp.Placeholder(this=_CURRENT_SCHEMA))
    return {_CURRENT_SCHEMA: n.Alias(n.Literal(current_database(session), StringType()), "current_schema()")}


def to_expr(text: str) -> Expr:
    """An unresolved expression (with its ``AS alias``, if any) from SQL text."""
    from sql.expressions import ExprTranslator
    from sql.parse import parse_expression

    return ExprTranslator(in_query=False)(parse_expression(text))
