"""The text of ``repr(Column)``: PySpark 4.3 prints a column as its ColumnNode's SQL-like form.

That form is not the column's name (``sql_name``): an operator is written as a call of its
symbol (``Column<'+(a, 1)'>``, ``Column<'and(>(a, 1), isNull(b))'>``), a function with its
arguments but no DISTINCT, a literal as SQL writes it (``'s'``, ``NULL``, ``true``), field and
item access as ``a['k']``. Nodes the form has no spelling for fall back to the column's name.
"""

from __future__ import annotations

from engine.expr import nodes as n
from engine.expr.display import sql_name, type_sql

# The engine's names for the calls Column's operators and predicates build, as Spark's
# Column API names the functions it calls.
_SPARK_NAMES = {"isnull": "isNull", "isnotnull": "isNotNull", "not": "!"}


def column_repr(e: n.Expr) -> str:
    """``Column<'...'>`` for the column expression `e`."""
    return f"Column<'{node_sql(e)}'>"


def node_sql(e: n.Expr) -> str:
    """The ColumnNode SQL of `e` (best effort, as Spark documents its own)."""
    if isinstance(e, n.UnresolvedColumn):
        return ".".join(f"`{p}`" if "." in p else p for p in e.parts)
    if isinstance(e, n.Attribute):
        return e.name
    if isinstance(e, n.UnresolvedStar) and e.pattern is None and e.columns is None:
        return f"{e.qualifier}.*" if e.qualifier else "*"
    if isinstance(e, n.Literal):
        return _literal_sql(e)
    if isinstance(e, n.UnresolvedFunction):
        return f"{_SPARK_NAMES.get(e.name, e.name)}({', '.join(node_sql(a) for a in e.args)})"
    if isinstance(e, n.Alias):
        return f"{node_sql(e.child)} AS {e.names and '(' + ', '.join(e.names) + ')' or e.name}"
    if isinstance(e, n.Cast) and not e.implicit:
        return f"{'TRY_' if e.safe else ''}CAST({node_sql(e.child)} AS {type_sql(e.to)})"
    if isinstance(e, n.SortOrder):
        direction, nulls = "ASC" if e.ascending else "DESC", "FIRST" if e.nulls_are_first else "LAST"
        return f"{node_sql(e.child)} {direction} NULLS {nulls}"
    if isinstance(e, n.CaseWhen):
        branches = " ".join(f"WHEN {node_sql(c)} THEN {node_sql(v)}" for c, v in e.branches)
        otherwise = f" ELSE {node_sql(e.otherwise)}" if e.otherwise is not None else ""
        return f"CASE {branches}{otherwise} END"
    if isinstance(e, n.UnresolvedExtract):
        return f"{node_sql(e.child)}[{node_sql(e.key)}]"
    return sql_name(e)


def _literal_sql(e: n.Literal) -> str:
    v = e.value
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(v, (int, float)):
        return str(v)
    return sql_name(e)
