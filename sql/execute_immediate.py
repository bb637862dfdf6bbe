"""``EXECUTE IMMEDIATE text [INTO v, ...] [USING expr [AS name], ...]``: SQL text built at run time.

The text is a string literal or a session variable holding one; ``USING`` binds its ``?`` or
``:name`` markers (to typed constants, as ``spark.sql(text, args)`` binds Python values), and
``INTO`` stores the query's one row in session variables (NULLs when it has none).
"""

from __future__ import annotations

import re
from typing import Any

from sqlglot import exp

from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.logical.nodes import LogicalPlan
from sql.parse import parse_expression

_CLAUSE = re.compile(r"\b(INTO|USING)\b", re.I)


def execute_immediate(rest: str, session: Any, q: Any) -> LogicalPlan:
    """Runs the statement; `rest` is the text after ``EXECUTE IMMEDIATE``."""
    from sql import to_plan
    from sql.commands import rows
    from sql.variables import assign, evaluate, with_variables

    text, into, using = _clauses(rest)
    query = with_variables(  # (in a tuple: a variable's name is replaced in its parent)
        session, lambda: exp.Tuple(expressions=[parse_expression(text)]), lambda e: evaluate(session, q, e.expressions, [None])[0]
    )
    if query.value is None:
        raise AnalysisException(
            "[NULL_QUERY_STRING_EXECUTE_IMMEDIATE] Execute immediate requires a non-null variable as the query "
            "string, but the provided variable is null. SQLSTATE: 22004",
            "NULL_QUERY_STRING_EXECUTE_IMMEDIATE",
        )
    if not isinstance(query.value, str):
        raise AnalysisException(
            "[INVALID_VARIABLE_TYPE_FOR_QUERY_EXECUTE_IMMEDIATE] Variable type must be string type but got "
            f'"{query.dtype.simpleString().upper()}". SQLSTATE: 42K09',
            "INVALID_VARIABLE_TYPE_FOR_QUERY_EXECUTE_IMMEDIATE",
        )
    args: dict[str, n.Expr] | list[n.Expr] | None = None
    if using:
        items = parse_expression(f"SELECT {using}").expressions
        named = [isinstance(i, exp.Alias) for i in items]
        if any(named) and not all(named):
            raise AnalysisException(
                "[INVALID_QUERY_MIXED_QUERY_PARAMETERS] Parameterized query must either use positional, or named "
                "parameters, but not both. SQLSTATE: 42613",
                "INVALID_QUERY_MIXED_QUERY_PARAMETERS",
            )
        values = with_variables(
            session,
            lambda: exp.Tuple(expressions=[i.this.copy() if isinstance(i, exp.Alias) else i.copy() for i in items]),
            lambda e: evaluate(session, q, e.expressions, [None] * len(items)),
        )
        args = {i.alias: v for i, v in zip(items, values)} if all(named) else list(values)
    plan = to_plan(query.value, session, args)
    if into is None:
        return plan
    targets = [p.strip().strip("`").split(".")[-1].lower() for p in into.split(",")]
    assign(session, plan, targets)
    return rows(session)


def _clauses(rest: str) -> tuple[str, str | None, str | None]:
    """`rest` split into the statement text, the INTO list and the USING list (outside quotes)."""
    cuts: list[tuple[int, int, str]] = []
    for m in _CLAUSE.finditer(rest):
        if rest[: m.start()].count("'") % 2 == 0:  # not inside a string literal
            cuts.append((m.start(), m.end(), m.group(1).upper()))
    parts: dict[str, str] = {}
    head = rest
    for i, (start, end, word) in enumerate(cuts):
        if i == 0:
            head = rest[:start]
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(rest)
        parts[word] = rest[end:stop].strip().rstrip(";")
    return head.strip().rstrip(";"), parts.get("INTO"), parts.get("USING")
