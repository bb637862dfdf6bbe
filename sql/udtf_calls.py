"""Python UDTF calls in FROM: ``f(1, b => 2)``, ``LATERAL f(t.a)``, ``f(TABLE(t) PARTITION BY k ORDER BY s)``.

`parse_table_argument` reads Spark's TABLE argument syntax, which sqlglot lacks, into a
`TableArg` node; `udtf_relation` plans the call with `engine.logical.udtf.plan_udtf`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlglot import exp
from sqlglot.tokens import TokenType

from engine.expr import nodes as n
from engine.logical.nodes import LogicalPlan
from engine.logical.udtf import TableArgument, plan_udtf

if TYPE_CHECKING:
    from sql.to_logical import QueryTranslator


class TableArg(exp.Expression):
    """``TABLE(t)`` / ``TABLE(SELECT ...)`` with its PARTITION BY / WITH SINGLE PARTITION / ORDER BY."""

    arg_types = {"this": True, "partition": False, "order": False, "single": False}


def parse_table_argument(parser: Any) -> exp.Expr | None:
    """A TABLE argument at the parser's position, or None (the position unchanged) when there is none."""
    curr, nxt = parser._curr, parser._next
    if curr is None or curr.token_type != TokenType.TABLE or nxt is None:
        return None
    if nxt.token_type in (TokenType.VAR, TokenType.IDENTIFIER):
        raise _table_argument_error(
            parser, curr, "INVALID_TABLE_FUNCTION_IDENTIFIER_ARGUMENT_MISSING_PARENTHESES",
            "Syntax error: call to table-valued function is invalid because parentheses are missing around the "
            f"provided TABLE argument `{nxt.text}`; please surround this with parentheses and try again.",
        )
    if nxt.token_type != TokenType.L_PAREN:
        return None
    parser._advance(2)
    if parser._curr is not None and parser._curr.token_type in (TokenType.SELECT, TokenType.WITH):
        this = parser._parse_select()
    else:
        this = parser._parse_table_parts()
    parser._match_r_paren()
    node = TableArg(this=this)
    if parser._match_text_seq("WITH", "SINGLE", "PARTITION"):
        node.set("single", True)
    elif parser._match_set((TokenType.PARTITION_BY, TokenType.DISTRIBUTE_BY)):
        key = parser._parse_disjunction()  # one expression, or several in parentheses
        keys = key.expressions if isinstance(key, exp.Tuple) else [key.this if isinstance(key, exp.Paren) else key]
        node.set("partition", keys)
        if not isinstance(key, (exp.Tuple, exp.Paren)):
            _refuse_unparenthesized_list(parser, curr, "PARTITION BY")
    if (node.args.get("single") or node.args.get("partition")) and parser._match_set(
        (TokenType.ORDER_BY, TokenType.SORT_BY)
    ):
        if parser._match(TokenType.L_PAREN):
            orders = parser._parse_csv(parser._parse_ordered)
            parser._match_r_paren()
        else:
            orders = [parser._parse_ordered()]
            _refuse_unparenthesized_list(parser, curr, "ORDER BY")
        node.set("order", exp.Order(expressions=orders))
    return node


def _refuse_unparenthesized_list(parser: Any, table: Any, clause: str) -> None:
    """Spark's grammar takes one PARTITION BY / ORDER BY item, or several in parentheses: a
    comma after one item starts another only when a named argument (``n => 2``) follows."""
    comma, after, arrow = parser._curr, parser._next, parser._tokens[parser._index + 2 : parser._index + 3]
    if comma is None or comma.token_type != TokenType.COMMA:
        return
    named = after is not None and arrow and arrow[0].token_type == TokenType.FARROW
    if not named:
        raise _table_argument_error(
            parser, table, "INVALID_TABLE_FUNCTION_TABLE_ARGUMENT_PARTITIONING",
            "The table function call includes a table argument with an invalid partitioning/ordering "
            f"specification: the {clause} clause included multiple expressions without parentheses surrounding "
            "them; please add parentheses around these expressions and then retry the query again.",
        )


def _table_argument_error(parser: Any, table: Any, condition: str, text: str) -> Exception:
    """Spark's INVALID_SQL_SYNTAX error for a TABLE argument, its caret line under the arguments
    from the TABLE keyword to the call's closing parenthesis."""
    from engine.errors import ParseException

    sql: str = parser.sql or ""
    start = table.start
    depth, end = 0, len(sql)
    for tok in parser._tokens[parser._tokens.index(table) :]:
        if tok.token_type == TokenType.L_PAREN:
            depth += 1
        elif tok.token_type == TokenType.R_PAREN:
            if depth == 0:
                end = tok.start
                break
            depth -= 1
    line_start = sql.rfind("\n", 0, start) + 1
    line_end = sql.find("\n", start)
    line = sql[line_start : line_end if line_end >= 0 else len(sql)]
    pos = start - line_start
    return ParseException(
        f"[INVALID_SQL_SYNTAX.{condition}] Invalid SQL syntax: {text} SQLSTATE: 42000\n"
        f"== SQL (line {sql.count(chr(10), 0, start) + 1}, position {pos + 1}) ==\n{line}\n"
        f"{' ' * pos}{'^' * max(1, end - start)}\n",
        f"INVALID_SQL_SYNTAX.{condition}",
    )


def udtf_relation(
    q: QueryTranslator, udtf: Any, fn: exp.Anonymous, base: LogicalPlan, lateral: bool = False, outer: bool = False
) -> LogicalPlan:
    """The plan of the registered `udtf` called as `fn` over `base`'s rows."""
    from sql import to_expr as sql_expr

    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for a in fn.expressions:
        if isinstance(a, exp.Kwarg):
            kwargs[a.this.name] = _argument(q, a.expression)
        else:
            args.append(_argument(q, a))
    return plan_udtf(udtf, base, args, kwargs, q.cs, sql_expr, lateral, outer)


def lateral_udtf(
    q: QueryTranslator, udtf: Any, lateral: exp.Lateral, left: LogicalPlan, outer: bool = False
) -> LogicalPlan:
    """``FROM t, LATERAL f(t.a) [AS p(x, y)]``: `left`'s columns, then the UDTF's (renamed, qualified);
    `outer` (``LEFT JOIN LATERAL``) keeps rows the UDTF yields nothing for, with nulls."""
    from engine.logical import nodes as L
    from engine.logical.nodes import output

    if lateral.args.get("view"):  # Spark's LATERAL VIEW takes Hive-style generators only
        from engine.errors import AnalysisException

        raise AnalysisException(
            f"[ROUTINE_NOT_FOUND] The routine `default`.`{lateral.this.name}` cannot be found. Verify the spelling "
            "and correctness of the schema and catalog.\nIf you did not qualify the name with a schema and "
            "catalog, verify the current_schema() output, or qualify the name with the correct schema and "
            "catalog.\nTo tolerate the error on drop use DROP ... IF EXISTS.",
            "ROUTINE_NOT_FOUND",
        )
    plan = udtf_relation(q, udtf, lateral.this, left, lateral=True, outer=outer)
    alias = lateral.args.get("alias")
    if alias is None:
        return plan
    attrs = output(plan)
    keep = len(output(left))
    cols = [c.name for c in alias.args.get("columns") or []]
    generated = attrs[keep:]
    if cols and len(cols) != len(generated):
        from engine.errors import AnalysisException

        raise AnalysisException(
            f"[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not match the "
            f"number of columns output by the UDTF. Expected {len(generated)} aliases, but got {', '.join(cols)}.",
            "UDTF_ALIAS_NUMBER_MISMATCH",
        )
    qualifier = (alias.name,) if alias.name else ()
    renamed = tuple(
        n.Attribute(cols[i] if cols else a.name, a.dtype, a.nullable, a.id, qualifier) for i, a in enumerate(generated)
    )
    assert isinstance(plan, L.Generate)
    return L.Generate(plan.input, plan.generator, renamed, plan.outer)


def _argument(q: QueryTranslator, a: exp.Expr) -> n.Expr | TableArgument:
    if not isinstance(a, TableArg):
        return q.expr(a)
    from sql.relations import relation

    this = a.this
    plan = q.query(this) if isinstance(this, (exp.Select, exp.SetOperation)) else relation(q, this)
    keys = tuple(q.expr(k) for k in a.args.get("partition") or [])
    order = a.args.get("order")
    orders = tuple(_sort_order(q, o) for o in order.expressions) if order is not None else ()
    return TableArgument(plan, keys, orders, bool(a.args.get("single")))


def _sort_order(q: QueryTranslator, o: exp.Expr) -> n.SortOrder:
    if not isinstance(o, exp.Ordered):
        return n.SortOrder(q.expr(o), True, None)
    desc = bool(o.args.get("desc"))
    first = o.args.get("nulls_first")
    return n.SortOrder(q.expr(o.this), not desc, None if first is None else bool(first))
