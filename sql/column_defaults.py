"""Column DEFAULT values (``b STRING DEFAULT 'x'``, ``ALTER COLUMN b SET DEFAULT ...``): kept as
SQL text among the table's properties, used for the columns an INSERT's column list leaves out
and for the ``DEFAULT`` keyword in its VALUES, and shown by DESCRIBE, as in Spark."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from engine.api import catalog as C
from engine.expr import nodes as n
from engine.logical.nodes import output
from sql.parse import parse_expression

_KEY = "engine.column.default."


def declared(columns: list[exp.Expr]) -> dict[str, str]:
    """The ``DEFAULT expr`` of each column definition that has one, as SQL text, by column name."""
    return {
        c.name: k.kind.this.sql(dialect="spark")
        for c in columns if isinstance(c, exp.ColumnDef)
        for k in c.args.get("constraints") or [] if isinstance(k.kind, exp.DefaultColumnConstraint)
    }  # fmt: skip


def set_defaults(session: Any, table: str, defaults: dict[str, str]) -> None:
    if defaults:
        C.set_properties(session, table, {_KEY + c.lower(): text for c, text in defaults.items()})


def defaults(session: Any, table: str) -> dict[str, str]:
    """Warehouse table `table`'s column defaults (SQL text) by lower-cased column name."""
    if table.lower() in session._views or not C.table_exists(session, table):
        return {}
    props = C.table_properties(session, table)
    return {k[len(_KEY) :]: v for k, v in props.items() if k.startswith(_KEY)}


def value_of(session: Any, q: Any, table: str, column: n.Attribute) -> n.Expr:
    """What a column left out of an INSERT gets: its default cast to its type, else NULL."""
    text = defaults(session, table).get(column.name.lower())
    return n.Cast(q.expr(parse_expression(text)), column.dtype) if text is not None else n.Literal(None, column.dtype)


def fill_keywords(values: exp.Values, targets: list[str], session: Any, table: str) -> None:
    """``VALUES (1, DEFAULT)``: each DEFAULT becomes its column's default (NULL if it has none)."""
    known = defaults(session, table)
    for row in values.expressions:
        for i, item in enumerate(row.expressions if isinstance(row, exp.Tuple) else [row]):
            if isinstance(item, (exp.Var, exp.Column)) and item.name.upper() == "DEFAULT" and i < len(targets):
                text = known.get(targets[i].lower())
                item.replace(parse_expression(text) if text is not None else exp.Null())


def describe_rows(session: Any, table: str) -> list[tuple[str, str, str]]:
    """DESCRIBE's ``# Column Default Values`` block (none when no column has a default)."""
    known = defaults(session, table)
    if not known:
        return []
    attrs = [a for a in output(session.lookup_table(table)) if a.name.lower() in known]
    return [("", "", ""), ("# Column Default Values", "", "")] + [
        (a.name, a.dtype.simpleString(), known[a.name.lower()]) for a in attrs
    ]
