"""Spark SQL text -> sqlglot AST, with syntax errors raised as Spark's ParseException."""

from __future__ import annotations

import re
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.dialects.spark import Spark
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import TokenType

from engine.errors import ParseException

# Functions sqlglot must keep as typed nodes: aggregates its subquery rewrites recognise.
# Every other call stays an `exp.Anonymous` with Spark's own name and argument order, so
# `nvl`, `instr`, `date_format(d, 'y')` reach engine's registry exactly as written.
_TYPED_FUNCTIONS = frozenset({"SUM", "COUNT", "MIN", "MAX", "AVG"})
# Calls with their own syntax (``CAST(x AS t)``, ``TRIM(BOTH c FROM s)``, ``POSITION(a IN b)``,
# ``SUBSTRING(s FROM i FOR n)``) and hints; sqlglot's other special parsers rename Spark functions.
_SYNTAX_FUNCTIONS = frozenset({"CAST", "TRY_CAST", "EXTRACT", "TRIM", "OVERLAY"})


_HINTS = frozenset({
    "BROADCAST", "BROADCASTJOIN", "MAPJOIN", "MERGE", "SHUFFLEMERGE", "MERGEJOIN", "SHUFFLE_HASH", "SHUFFLE_REPLICATE_NL",
})  # fmt: skip


# Meta key on a cast written with ``::``, which the tokenizer also uses for a typed number (``1L``).
WRITTEN_CAST = "written_cast"


_SPARK_DCOLON: Any = Spark.Parser.COLUMN_OPERATORS[TokenType.DCOLON]


# Meta key on the query a pipe operator that takes no aggregate (``|> EXTEND``, ``|> SET``)
# builds: Spark refuses an aggregate function there (``|> AGGREGATE`` is for that).
PIPE_OPERATOR = "pipe_operator"


def _pipe_operator(query: exp.Select, name: str) -> exp.Select:
    query.meta[PIPE_OPERATOR] = name
    return query


class ShiftRightUnsigned(exp.Expression, exp.Binary):  # type: ignore[misc]
    """Spark's ``a >>> b`` (shiftrightunsigned), an operator sqlglot does not know."""


def _unsigned_shifts(tokens: list[Any]) -> list[Any]:
    """Three adjacent ``>`` tokens as one ``>>>`` (sqlglot reads ``>>`` as two ``>`` in its
    parser); CARET_AT, which Spark's tokenizer never emits, carries it to `BITWISE`."""
    out: list[Any] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        run = tokens[i : i + 3]
        if (
            len(run) == 3
            and all(t.token_type == TokenType.GT for t in run)
            and run[1].start == run[0].end + 1
            and run[2].start == run[1].end + 1
        ):
            tok.token_type, tok.text, tok.end = TokenType.CARET_AT, ">>>", run[2].end
            i += 2
        out.append(tok)
        i += 1
    return out


class EngineSpark(Spark):
    """sqlglot's Spark dialect without its function renaming (see `_TYPED_FUNCTIONS`)."""

    class Parser(Spark.Parser):  # type: ignore[valid-type,misc]
        FUNCTIONS = {k: v for k, v in Spark.Parser.FUNCTIONS.items() if k in _TYPED_FUNCTIONS}
        FUNCTION_PARSERS = {
            **{k: v for k, v in Spark.Parser.FUNCTION_PARSERS.items() if k in _SYNTAX_FUNCTIONS | _HINTS},
            "SUBSTR": lambda self: self._parse_substring_called("substr"),
            "SUBSTRING": lambda self: self._parse_substring_called("substring"),
            "POSITION": lambda self: self._parse_spark_position(),
        }
        COLON_IS_VARIANT_EXTRACT = True  # ``v:a.b[0]`` extracts from a variant column, as in Spark 4
        COLON_CHAIN_IS_SINGLE_EXTRACT = False
        ARRAY_CONSTRUCTORS: dict[str, type[exp.Expr]] = {}  # ``array(1, 2)[0]`` indexes; no ``ARRAY[...]``
        COLUMN_OPERATORS = {
            **Spark.Parser.COLUMN_OPERATORS,
            TokenType.DCOLON: lambda self, this, to: self._mark_written_cast(_SPARK_DCOLON(self, this, to)),
        }
        LAMBDAS = {
            **Spark.Parser.LAMBDAS,
            # ``name => value``; the value may be a UDTF's TABLE argument (``t => TABLE(x) PARTITION BY k``)
            TokenType.FARROW: lambda self, expressions: exp.Kwarg(
                this=exp.var(expressions[0].name), expression=self._parse_named_argument_value()
            ),
        }
        BITWISE = {**Spark.Parser.BITWISE, TokenType.CARET_AT: ShiftRightUnsigned}
        # ``||`` binds as ``+`` and ``-`` do in Spark's grammar: ``'a' || 2 + 2`` is ``('a' || 2) + 2``
        TERM = {**Spark.Parser.TERM, TokenType.DPIPE: exp.DPipe}
        UNARY_PARSERS = {
            **Spark.Parser.UNARY_PARSERS,
            TokenType.PLUS: lambda self: exp.Anonymous(this="positive", expressions=[self._parse_unary()]),
        }

        PIPE_SYNTAX_TRANSFORM_PARSERS = {
            **Spark.Parser.PIPE_SYNTAX_TRANSFORM_PARSERS,
            "SET": lambda self, query: self._parse_pipe_syntax_set(query),
            "DROP": lambda self, query: self._parse_pipe_syntax_drop(query),
            "EXTEND": lambda self, query: self._parse_pipe_syntax_extend(_pipe_operator(query, "EXTEND")),
        }

        def _parse_pipe_syntax_set(self, query: exp.Select) -> exp.Select:
            """``|> SET a = expr, ...``: every column, those named replaced in place (``* REPLACE``)."""
            self._match_text_seq("SET")
            pairs = self._parse_csv(self._parse_assignment)
            replaced = [exp.alias_(p.expression, p.this.name) for p in pairs if isinstance(p, exp.EQ)]
            if len(replaced) != len(pairs):
                self.raise_error("|> SET takes `column = expression` pairs")
            _pipe_operator(query, "SET").select(exp.Star(replace=replaced), append=False, copy=False)
            built: exp.Select = self._build_pipe_cte(query=query, expressions=[exp.Star()])
            return built

        def _parse_pipe_syntax_drop(self, query: exp.Select) -> exp.Select:
            """``|> DROP a, b``: every column but those named (``* EXCEPT (a, b)``)."""
            self._match_text_seq("DROP")
            query.select(exp.Star(except_=self._parse_csv(self._parse_column)), append=False, copy=False)
            built: exp.Select = self._build_pipe_cte(query=query, expressions=[exp.Star()])
            return built

        def _build_pipe_cte(self, query: exp.Query, expressions: list[exp.Expr], alias_cte: exp.TableAlias | None = None) -> exp.Select:
            """As sqlglot's, but ``|> AS q`` reads from a table named ``q`` (sqlglot puts the alias there)."""
            built: exp.Select = super()._build_pipe_cte(query, expressions, alias_cte)
            if alias_cte is not None:
                built.set("from_", exp.From(this=exp.to_table(alias_cte.name)))
            return built

        def parse(self, raw_tokens: list[Any], sql: str | None = None) -> list[exp.Expr | None]:
            """``window(ts, '1 hour')`` is the time-window function: a WINDOW keyword followed by
            ``(`` is a function name (a named-window clause is ``WINDOW w AS (...)``), or
            ``GROUP BY window(...)`` would stop at the keyword."""
            for tok, nxt in zip(raw_tokens, raw_tokens[1:]):
                if tok.token_type == TokenType.WINDOW and nxt.token_type == TokenType.L_PAREN:
                    tok.token_type = TokenType.VAR
            parsed: list[exp.Expr | None] = super().parse(_unsigned_shifts(raw_tokens), sql)
            return parsed

        def _parse_window(self, this: exp.Expr | None, alias: bool = False) -> exp.Expr | None:
            """Spark's grammar takes ``OVER w``, ``OVER (w)`` or a spec of its own, never a named
            window with more (``OVER (w ORDER BY y)`` is a syntax error at its ``(``)."""
            start = self._index
            parsed: exp.Expr | None = super()._parse_window(this, alias)
            window = parsed if isinstance(parsed, exp.Window) and not alias else None
            named = window is not None and window.args.get("alias") is not None
            if window is not None:  # ``PARTITION BY a, ORDER BY b``: no list ends in a comma
                spec = self._tokens[start : self._index]
                for a, b in zip(spec, spec[1:]):
                    if a.token_type == TokenType.COMMA and b.token_type == TokenType.ORDER_BY:
                        self.raise_error("Invalid expression / Unexpected token", b)
            parts = ("partition_by", "order", "spec")
            if named and any(window.args.get(k) for k in parts):  # type: ignore[union-attr]
                tokens = self._tokens[start : self._index]
                opens = (b for a, b in zip(tokens, tokens[1:]) if a.token_type == TokenType.OVER)
                paren = next((b for b in opens if b.token_type == TokenType.L_PAREN), None)
                self.raise_error("A named window takes no more of a window specification", paren)
            return parsed

        def _parse_pivot_aggregation(self) -> exp.Expr | None:
            """PIVOT takes any named expression (``sum(x) + 1 AS s``); the builder checks it aggregates."""
            if self._curr is not None and self._curr.token_type == TokenType.FOR:
                return None
            return self._parse_alias(self._parse_bitwise())  # below `x FOR y IN z` (a comprehension)

        def _parse_dcolon(self) -> exp.Expr | None:
            """Notes whether this ``::`` was written: the tokenizer spells a typed number (``1L``,
            ``1.5D``) as ``1::BIGINT`` with the ``::`` at the number's own position."""
            number = self._tokens[self._index - 2] if self._index >= 2 else None
            self._written_dcolon = number is None or number.start != self._prev.start
            parsed: exp.Expr | None = super()._parse_dcolon()
            return parsed

        def _mark_written_cast(self, cast: exp.Expr) -> exp.Expr:
            """``'12'::int`` is ``CAST('12' AS INT)``, named and typed so, not a typed literal."""
            if getattr(self, "_written_dcolon", False):
                cast.meta[WRITTEN_CAST] = True
            return cast

        def _parse_primary(self) -> exp.Expr | None:
            """Adjacent string literals are one literal, as Spark's parser joins them: ``'a' 'b'``
            is ``'ab'``, and ``'o''neil'`` (no space between) is an escaped quote, ``o'neil``."""
            if self._curr is None or self._curr.token_type != TokenType.STRING:
                return super()._parse_primary()
            self._advance()
            text = self._prev.text
            while self._match(TokenType.STRING, advance=False):
                joined = "'" if self._is_connected() else ""
                self._advance()
                text += joined + self._prev.text
            return exp.Literal.string(text)

        def _parse_substring_called(self, name: str) -> exp.Expr:
            """``substr(s, i)`` keeps the name it was called by, which names its column; the SQL
            form ``substr(s FROM i FOR n)`` is Spark's ``substring`` whichever name it used."""
            start = self._index
            args = self._parse_csv(self._parse_bitwise)
            if self._curr is not None and self._curr.token_type in (TokenType.FROM, TokenType.FOR):
                self._retreat(start)
                parsed: exp.Expr = self._parse_substring()
                return parsed
            return exp.Anonymous(this=name, expressions=args)

        def _parse_spark_position(self) -> exp.Anonymous:
            """``position(a IN s)`` is Spark's ``locate(a, s)``; ``position(a, s[, start])`` a call."""
            args = self._parse_csv(self._parse_bitwise)
            if self._match(TokenType.IN):
                return exp.Anonymous(this="locate", expressions=[*args[:1], self._parse_bitwise()])
            return exp.Anonymous(this="position", expressions=args)

        def _parse_lateral(self) -> exp.Lateral | None:
            """``LATERAL VIEW explode(xs)`` needs a table alias after the call in Spark's grammar
            (``LATERAL VIEW explode(xs) t``); without one it is a syntax error there."""
            parsed: exp.Lateral | None = super()._parse_lateral()
            alias = parsed.args.get("alias") if isinstance(parsed, exp.Lateral) else None
            if parsed is not None and parsed.args.get("view") and (alias is None or not (alias.this or alias.columns)):
                self.raise_error("LATERAL VIEW table alias missing")
            return parsed

        def _parse_named_argument_value(self) -> exp.Expr | None:
            from sql.udtf_calls import parse_table_argument

            value: exp.Expr | None = parse_table_argument(self) or self._parse_disjunction() or self._parse_select()
            return value

        def _parse_lambda(self, alias: bool = False) -> exp.Expr | None:
            """A function argument; ``TABLE(t) PARTITION BY k`` is a UDTF's table argument."""
            from sql.udtf_calls import parse_table_argument

            parsed: exp.Expr | None = parse_table_argument(self) or super()._parse_lambda(alias)
            return parsed

        def _parse_extract(self) -> exp.Extract | exp.Anonymous:
            """``EXTRACT(year FROM d)`` keeps the field as written: Spark names it ``extract(year FROM d)``."""
            token = self._curr
            parsed: exp.Extract | exp.Anonymous = super()._parse_extract()
            if token is not None and isinstance(parsed.this, exp.Var):
                parsed.this.set("this", token.text)
            return parsed

        def _parse_interval(self, require_interval: bool = True, parse_function_unit: bool = True) -> exp.Expr | None:
            """``INTERVAL 1 DAY 2 HOURS`` is one literal, as Spark reads it (sqlglot adds two intervals)."""
            parsed = super()._parse_interval(require_interval, parse_function_unit)
            if not isinstance(parsed, exp.Add):
                return parsed
            parts = [parsed.this, parsed.expression]
            if not all(isinstance(x, exp.Interval) and not isinstance(x.unit, exp.IntervalSpan) for x in parts):
                return parsed
            if parts[0].unit is not None and parts[1].unit is None and not parts[1].meta.get("fields"):
                # ``INTERVAL '1' HOUR + '2011-11-11 10:00:00'``: a sum with a string, not a second field
                return exp.Add(this=parts[0], expression=exp.Literal.string(parts[1].this.name))
            text = " ".join(f"{x.this.name} {x.unit.name}" if x.unit is not None else x.this.name for x in parts)
            merged = exp.Interval(this=exp.Literal.string(text))
            merged.meta["fields"] = True  # the merged fields of one literal, not a string added to it
            return merged


DIALECT = EngineSpark


def parse_statement(text: str) -> exp.Expr:
    """The one statement in `text` (a trailing ``;`` is allowed)."""
    try:
        statements: list[exp.Expr] = [s for s in sqlglot.parse(text, dialect=DIALECT) if s is not None]
    except (ParseError, TokenError) as e:
        raise syntax_error(text, e, statement=True) from None
    if not statements:
        raise _error(text, "end of input", 1, 0)
    if len(statements) > 1:
        raise ParseException(
            "[PARSE_SYNTAX_ERROR] Syntax error: spark.sql() runs one statement; split the text at ';' "
            "and run each statement on its own. SQLSTATE: 42601",
            "PARSE_SYNTAX_ERROR",
        )
    return statements[0]


def parse_expression(text: str) -> exp.Expr:
    """One expression, as in ``selectExpr("a + 1 AS b")`` or ``filter("a > 1")``."""
    try:
        parsed: exp.Expr = sqlglot.parse_one(text, dialect=DIALECT)
        return parsed
    except (ParseError, TokenError) as e:
        raise syntax_error(text, e) from None


# Words a Spark statement can start with (SqlBaseParser's `statement` alternatives).
_STATEMENT_STARTS = frozenset(
    "select from values table with map reduce insert create drop alter show desc describe explain set reset "
    "cache uncache clear refresh use analyze merge update delete truncate load msck repair add list declare "
    "execute call comment replace begin if while for loop repeat case leave iterate grant revoke export import "
    "lock unlock rollback commit start".split()
)


def syntax_error(text: str, e: Exception, statement: bool = False) -> ParseException:
    """Spark's message: the offending token, its line and 0-based position, and a caret line.

    A statement whose first word starts none (``SELEC 1``) fails at that word, as Spark's
    parser does; tokens left after a complete statement are Spark's ``extra input``."""
    word = re.match(r"\s*([A-Za-z_]\w*)", text) if statement else None
    if word is not None and word.group(1).lower() not in _STATEMENT_STARTS:
        before = text[: word.start(1)]
        return _error(text, f"'{word.group(1)}'", before.count("\n") + 1, word.start(1) - (before.rfind("\n") + 1))
    errors = getattr(e, "errors", None) or []
    if not errors:
        return _error(text, "end of input", 1, len(text.splitlines()[-1]) if text.strip() else 0)
    first = errors[0]
    line, col = int(first.get("line") or 1), int(first.get("col") or 0)
    token = str(first.get("highlight") or "")
    lines = text.splitlines() or [""]
    line = min(max(line, 1), len(lines))
    description = str(first.get("description", ""))
    at_end = not str(first.get("end_context") or "").strip() and ("missing" in description or description.startswith("Expecting"))
    if at_end or not token:
        return _error(text, "end of input", len(lines), len(lines[-1]))
    start = max(0, col - len(token))
    before = lines[line - 1][:start]
    casts = list(re.finditer(r"\b(TRY_)?CAST\s*\(", before, re.IGNORECASE))
    open_cast = bool(casts) and before[casts[-1].start() :].count("(") > before[casts[-1].start() :].count(")")
    if open_cast and re.fullmatch(r"[A-Za-z_]\w*", token) and re.search(r"\bAS\s+$", before, re.IGNORECASE):
        # an unknown type name in CAST(x AS t) is Spark's UNSUPPORTED_DATATYPE, not a syntax error
        return ParseException(
            f'[UNSUPPORTED_DATATYPE] Unsupported data type "{token.upper()}". SQLSTATE: 0A000',
            "UNSUPPORTED_DATATYPE",
            {"typeName": f'"{token.upper()}"'},
        )
    extra = str(first.get("description", "")).startswith("Invalid expression / Unexpected token")
    return _error(text, f"'{token}'", line, start, f": extra input '{token}'" if extra else "")


def _error(text: str, near: str, line: int, pos: int, hint: str = "") -> ParseException:
    lines = text.splitlines() or [""]
    shown = "\n".join(lines[:line]) + "\n" + "-" * pos + "^^^" + ("\n" + "\n".join(lines[line:]) if lines[line:] else "")
    msg = (
        f"[PARSE_SYNTAX_ERROR] Syntax error at or near {near}{hint}. SQLSTATE: 42601 (line {line}, pos {pos})\n\n"
        f"== SQL ==\n{shown}\n"
    )
    return ParseException(msg, "PARSE_SYNTAX_ERROR", {"error": near, "hint": hint})
