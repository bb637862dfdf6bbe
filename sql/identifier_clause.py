"""Spark's ``IDENTIFIER(expr)`` clause: a table, column or object name given as a constant
string (a literal, a ``:param``, a session variable, ``'db.' || 't'``), read as a (qualified)
name where the statement is parsed or translated."""

from __future__ import annotations

import re
from typing import Any

from sqlglot import exp

from engine.errors import AnalysisException, ParseException

# ``IDENTIFIER('name')`` outside a string literal (an even count of quotes before it)
_LITERAL_CLAUSE = re.compile(r"\bIDENTIFIER\s*\(\s*'((?:[^'\\]|\\.)*)'\s*\)", re.I)


def inline_literal_identifiers(text: str) -> str:
    """``IDENTIFIER('db.t')`` written with a literal becomes ```db`.`t```, so it parses wherever
    a name can stand (``CREATE TABLE IDENTIFIER('t') (...)``, ``DROP TABLE IDENTIFIER('t')``)."""

    def quoted(m: re.Match[str]) -> str:
        if text[: m.start()].count("'") % 2:
            return m.group(0)  # inside a string literal
        return ".".join(f"`{part.replace('`', '``')}`" for part in _parts(m.group(1)))

    return _LITERAL_CLAUSE.sub(quoted, text)


def resolve_identifier_clauses(stmt: exp.Expr, constant: Any) -> exp.Expr:
    """Each ``IDENTIFIER(expr)`` left in `stmt` (its argument not a literal) replaced by the name
    its value spells: a table in FROM, a column elsewhere. `constant` computes a value."""
    for call in list(stmt.find_all(exp.Anonymous)):
        if str(call.this).upper() != "IDENTIFIER" or len(call.expressions) != 1:
            continue
        value = constant(call.expressions[0])
        if not isinstance(value, str):
            raise AnalysisException(
                "[NOT_A_CONSTANT_STRING.WRONG_TYPE] The expression "
                f"`{call.expressions[0].sql(dialect='spark')}` used for the routine or clause `IDENTIFIER` must be "
                "a constant STRING which is NOT NULL. SQLSTATE: 42601",
                "NOT_A_CONSTANT_STRING.WRONG_TYPE",
            )
        parts = [exp.to_identifier(p, quoted=True) for p in _parts(value)]
        table = call.parent
        if isinstance(table, exp.Table) and table.this is call:
            *qualifiers, name = parts
            table.set("this", name)
            if qualifiers:
                table.set("db", qualifiers[-1])
            if len(qualifiers) > 1:
                table.set("catalog", qualifiers[-2])
        else:
            call.replace(exp.Column(this=parts[-1], table=parts[-2] if len(parts) > 1 else None))
    return stmt


def _parts(name: str) -> list[str]:
    """The parts of a (possibly back-quoted) qualified name: ``a.`b.c``` -> ``['a', 'b.c']``."""
    parts = re.findall(r"`((?:[^`]|``)*)`|([^.`]+)", name)
    found = [q.replace("``", "`") if q else p.strip() for q, p in parts]
    if not found or any(not p for p in found):
        raise ParseException(
            f"[PARSE_SYNTAX_ERROR] Syntax error at or near '{name}': IDENTIFIER needs a name. SQLSTATE: 42601",
            "PARSE_SYNTAX_ERROR",
        )
    return found
