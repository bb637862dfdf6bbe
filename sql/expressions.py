"""sqlglot expressions -> engine's unresolved expressions (names resolve later, in the builder)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlglot import exp

from engine import types as T
from engine.errors import AnalysisException, ParseException
from engine.expr import nodes as n
from engine.expr.display import sql_name
from engine.expr.literals import literal
from engine.expr.registry import lookup
from sql import literals as lit
from sql.parse import WRITTEN_CAST, ShiftRightUnsigned
from sql.typed_literals import check_datetime_literal, check_number_literal

_BINARY: dict[type[exp.Expr], str] = {
    exp.Add: "+", exp.Sub: "-", exp.Mul: "*", exp.Div: "/", exp.Mod: "%", exp.IntDiv: "div",
    exp.EQ: "=", exp.NEQ: "!=", exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<=",
    exp.NullSafeEQ: "<=>", exp.And: "and", exp.Or: "or",
    exp.BitwiseAnd: "&", exp.BitwiseOr: "|", exp.BitwiseXor: "^", exp.DPipe: "concat",
    exp.BitwiseLeftShift: "<<", exp.BitwiseRightShift: ">>", ShiftRightUnsigned: ">>>",
}  # fmt: skip

# sqlglot nodes that keep a Spark function under another spelling.
_RENAMED: dict[type[exp.Expr], str] = {
    exp.CurrentDate: "current_date", exp.CurrentTimestamp: "current_timestamp", exp.Substring: "substring",
    exp.Transform: "transform", exp.Coalesce: "coalesce",
}  # fmt: skip

SubqueryHandler = Callable[[exp.Subquery], n.Expr]
# Builds ``EXISTS (...)`` / ``x IN (SELECT ...)`` used as a value: (query, kind, tested value).
PredicateHandler = Callable[[exp.Expr, str, "n.Expr | None"], n.Expr]


def _string_constant(e: exp.Expr) -> bool:
    """Whether Spark's parser sees `e` as a foldable STRING (a LIKE ANY pattern it can fold):
    no column in it, not a bare NULL, number or boolean."""
    if isinstance(e, exp.Literal):
        return e.is_string
    if isinstance(e, (exp.Null, exp.Boolean)) or e.find(exp.Column) is not None:
        return False
    if isinstance(e, exp.Cast):
        return e.to.is_type(*exp.DataType.TEXT_TYPES)
    return isinstance(e, (exp.DPipe, exp.Concat, exp.Upper, exp.Lower, exp.Paren))


def unsupported(what: str) -> AnalysisException:
    """The error for a construct engine's SQL does not support, naming the construct."""
    return AnalysisException(
        f"[UNSUPPORTED_FEATURE] The feature is not supported: {what}. SQLSTATE: 0A000", "UNSUPPORTED_FEATURE"
    )


# Spark's grammar takes a unit keyword first in these calls, which are then timestampadd/diff
_UNIT_CALLS = {
    "timestampadd": "timestampadd", "dateadd": "timestampadd", "date_add": "timestampadd",
    "timestampdiff": "timestampdiff", "datediff": "timestampdiff", "date_diff": "timestampdiff",
}  # fmt: skip
_DATETIME_UNITS = frozenset({
    "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "DAYOFYEAR", "HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND",
})  # fmt: skip


@dataclass
class ExprTranslator:
    """Translates one sqlglot expression tree; `subquery` builds scalar subqueries, `windows`
    holds the query's ``WINDOW w AS (...)`` definitions, `params` the ``:name``/``?`` markers."""

    subquery: SubqueryHandler | None = None
    windows: Mapping[str, exp.Expr] = field(default_factory=dict)
    params: Mapping[str, Any] | None = None
    predicate: PredicateHandler | None = None
    # a query's text (spark.sql) tags its CASTs as spelled out, named in full when chained; a
    # DataFrame's expr()/selectExpr() names a chain of casts after its column, as PySpark does
    in_query: bool = True

    def __call__(self, e: exp.Expr) -> n.Expr:
        return self.expr(e)

    def expr(self, e: exp.Expr) -> n.Expr:
        op = _BINARY.get(type(e))
        if op is not None:
            return self._binary(op, e)
        method = getattr(self, f"_{type(e).__name__.lower()}", None)
        if method is not None:
            return method(e)
        if isinstance(e, exp.Func):
            return self._func(e)
        raise unsupported(f"the SQL expression {e.sql(dialect='spark')!r} ({type(e).__name__})")

    def _binary(self, op: str, e: exp.Expr) -> n.Expr:
        if isinstance(e.expression, (exp.Any, exp.All)):
            raise _quantified_comparison(e.expression)
        return n.UnresolvedFunction(op, (self.expr(e.this), self.expr(e.expression)))

    # ---------------------------------------------------------------- leaves
    def _column(self, e: exp.Column) -> n.Expr:
        if isinstance(e.this, exp.Star):  # ``t.*``, ``db.t.*`` or a struct's ``s.a.*``: the whole path
            return n.UnresolvedStar(".".join(_quote_part(p.name) for p in e.parts[:-1]) or None)
        parts = tuple(p.name for p in e.parts)
        if len(parts) == 1 and parts[0].lower() == "grouping__id" and not e.this.quoted:
            # Hive's virtual column of GROUPING SETS: Spark's grouping_id(), named grouping__id
            return n.Alias(n.UnresolvedFunction("grouping_id", ()), "grouping__id")
        return n.UnresolvedColumn(".".join(_quote_part(p) for p in parts), parts)

    def _currentdate(self, e: exp.CurrentDate) -> n.Expr:
        return self._keyword_or_call(e, "current_date")

    def _currenttimestamp(self, e: exp.CurrentTimestamp) -> n.Expr:
        return self._keyword_or_call(e, "current_timestamp")

    def _keyword_or_call(self, e: exp.Func, name: str) -> n.Expr:
        """A bare ``current_date`` names a column of that name when there is one, else the
        function (Spark's literal-function resolution, in engine.expr.resolve)."""
        if any(v is not None for v in e.args.values()):
            return self._func(e)
        return n.UnresolvedColumn(name, (name,))

    def _identifier(self, e: exp.Identifier) -> n.Expr:
        return n.UnresolvedColumn(_quote_part(e.name), (e.name,))

    def _var(self, e: exp.Var) -> n.Expr:
        return n.UnresolvedColumn(_quote_part(e.name), (e.name,))

    def _collate(self, e: exp.Collate) -> n.Expr:
        """``x COLLATE name``: Spark's ``collate(x, name)``."""
        return n.UnresolvedFunction("collate", (self.expr(e.this), literal(e.expression.name)))

    def _star(self, e: exp.Star) -> n.Expr:
        return n.UnresolvedStar(None)

    def _dot(self, e: exp.Dot) -> n.Expr:
        return n.UnresolvedExtract(self.expr(e.this), literal(e.expression.name))

    def _literal(self, e: exp.Literal) -> n.Expr:
        return lit.literal_of(e)

    def _boolean(self, e: exp.Boolean) -> n.Expr:
        return literal(bool(e.this))

    def _null(self, e: exp.Null) -> n.Expr:
        return literal(None)

    def _hexstring(self, e: exp.HexString) -> n.Expr:
        return literal(bytes.fromhex(e.name))

    def _interval(self, e: exp.Interval) -> n.Expr:
        return lit.interval_literal(e)

    def _placeholder(self, e: exp.Placeholder) -> n.Expr:
        name = e.args.get("this") or ""
        if self.params is not None and name in self.params:
            value = self.params[name]  # a Python value, or an expression (a variable, a Column argument)
            return value if isinstance(value, n.Expr) else literal(value)
        raise AnalysisException(
            f"[UNBOUND_SQL_PARAMETER] Found the unbound parameter: {name or '?'}. Please, fix `args` and provide "
            "a mapping of the parameter to a SQL literal.",
            "UNBOUND_SQL_PARAMETER",
            {"name": name or "?"},
        )

    # ---------------------------------------------------------------- structure
    def _paren(self, e: exp.Paren) -> n.Expr:
        return self.expr(e.this)

    def _alias(self, e: exp.Alias) -> n.Expr:
        child = self.expr(e.this)
        if isinstance(child, n.Alias):
            child = child.child
        if _is_generator_call(child):  # ``posexplode(a) AS x``: one name for each generated column,
            return n.Alias(child, e.alias, names=(e.alias,))  # checked against their number
        return n.Alias(child, e.alias)

    def _aliases(self, e: exp.Aliases) -> n.Expr:
        """``explode(m) AS (k, v)`` / ``stack(2, ...) AS (x, y)``: one name per generated column."""
        child = self.expr(e.this)
        names = tuple(i.name for i in e.expressions)
        return n.Alias(child, names[0], names=names)

    def _neg(self, e: exp.Neg) -> n.Expr:
        """``-1`` is a literal; ``-k`` is Spark's ``(- k)`` (the function ``negative(k)`` keeps its name)."""
        if isinstance(e.this, exp.Literal) and not e.this.is_string:
            return lit.literal_of(e.this, negate=True)
        to = _typed_number(e.this)
        if to is not None:  # ``-1.5D``, ``-128Y``, ``-1BD``: one literal, checked whole
            check_number_literal(f"-{e.this.this.name}", to)
            return n.Cast(literal(f"-{e.this.this.name}"), to, typed_literal=True)
        inner = self.expr(e.this)
        number = e.this.this if isinstance(e.this, exp.Cast) and e.this.meta.get(WRITTEN_CAST) else None
        is_number = (isinstance(number, exp.Literal) and not number.is_string) or _typed_number(number) is not None
        if isinstance(inner, n.Cast) and is_number:  # ``-2::int``, ``-1.5BD::string`` cast the negative number
            return replace(inner, child=self._neg(exp.Neg(this=number)))
        return n.UnresolvedFunction("unary -", (inner,))  # ``-(-1Y)`` and ``- -1Y`` negate one (and may overflow)

    def _not(self, e: exp.Not) -> n.Expr:
        # sqlglot spells ``a IS NOT NULL`` as NOT over IS NULL; ``NOT (a IS NULL)`` keeps its
        # parentheses and stays a NOT, as Spark names it and matches it to ``GROUP BY a IS NULL``
        if isinstance(e.this, exp.Is) and isinstance(e.this.expression, exp.Null):
            return n.UnresolvedFunction("isnotnull", (self.expr(e.this.this),))
        return n.UnresolvedFunction("not", (self.expr(e.this),))

    def _bitwisenot(self, e: exp.BitwiseNot) -> n.Expr:
        return n.UnresolvedFunction("~", (self.expr(e.this),))

    def _is(self, e: exp.Is) -> n.Expr:
        if isinstance(e.expression, exp.Null):
            return n.UnresolvedFunction("isnull", (self.expr(e.this),))
        return n.UnresolvedFunction("<=>", (self.expr(e.this), self.expr(e.expression)))

    def _nullsafeneq(self, e: exp.NullSafeNEQ) -> n.Expr:
        return n.UnresolvedFunction("not", (n.UnresolvedFunction("<=>", (self.expr(e.this), self.expr(e.expression))),))

    def _tuple(self, e: exp.Tuple) -> n.Expr:
        """``(a, 1)`` as a value: Spark's row constructor, a struct whose fields are named after
        the columns in it, by their alias (``(0 AS sum, 0 AS n)``) and ``col<i>`` otherwise
        (``named_struct(a, a, col2, 1)``)."""
        args: list[n.Expr] = []
        for i, x in enumerate(e.expressions):
            name = x.name if isinstance(x, exp.Column) and not isinstance(x.this, exp.Star) else f"col{i + 1}"
            if isinstance(x, exp.Alias):
                name, x = x.alias, x.this
            args += [literal(name), self.expr(x)]
        return n.UnresolvedFunction("named_struct", tuple(args))

    def _in_subquery_value(self, e: exp.Expr) -> n.Expr:
        """The value an IN subquery tests. A tuple ``(a, b + 1)`` is a struct named as Spark's
        InSubquery names it: columns by name, literals by their text, others ``_<i>``."""
        if not isinstance(e, exp.Tuple):
            return self.expr(e)
        args: list[n.Expr] = []
        for i, x in enumerate(e.expressions):
            value = self.expr(x)
            if isinstance(x, exp.Column) and not isinstance(x.this, exp.Star):
                name = x.name
            elif isinstance(value, n.Literal):
                name = sql_name(value)
            else:
                name = f"_{i}"
            args += [literal(name), value]
        return n.UnresolvedFunction("named_struct", tuple(args))

    def _in(self, e: exp.In) -> n.Expr:
        query = e.args.get("query")
        if query is not None and self.predicate is not None:
            value = self._in_subquery_value(e.this)
            return self.predicate(query.this if isinstance(query, exp.Subquery) else query, "in", value)
        if query is not None or e.args.get("unnest") is not None:
            raise unsupported("IN (subquery) outside a WHERE/HAVING conjunct")
        return n.UnresolvedFunction("in", (self.expr(e.this), *(self.expr(v) for v in e.expressions)))

    def _between(self, e: exp.Between) -> n.Expr:
        return n.UnresolvedFunction("between", (self.expr(e.this), self.expr(e.args["low"]), self.expr(e.args["high"])))

    def _like(self, e: exp.Expr, escape: exp.Expr | None = None) -> n.Expr:
        name = "like" if isinstance(e, exp.Like) else "ilike" if isinstance(e, exp.ILike) else "rlike"
        if isinstance(e.expression, (exp.Any, exp.All)) and name != "rlike":
            return self._like_quantified(e, name == "ilike")
        args = [self.expr(e.this), self.expr(e.expression)]
        if escape is not None:
            args.append(self.expr(escape))
        call: n.Expr = n.UnresolvedFunction(name, tuple(args))
        return n.UnresolvedFunction("not", (call,)) if e.args.get("negate") else call

    def _like_quantified(self, e: exp.Expr, fold: bool) -> n.Expr:
        """``s [NOT] [I]LIKE ANY|SOME|ALL (p, ...)``, as Spark's parser builds it: string constant
        patterns make one ``likeany(s)`` / ``notlikeall(s)`` call; any other pattern (a column,
        NULL, a number) expands to ``s LIKE p1 OR s LIKE p2 ...`` (AND for ALL). ILIKE lowers
        both sides in the first form and calls ``ilike`` in the second."""
        quantifier = e.expression
        raw = list(quantifier.this.expressions) if isinstance(quantifier.this, exp.Tuple) else [quantifier.this]
        negate = bool(e.args.get("negate"))
        if not raw or raw == [None]:
            raise ParseException(
                "[INVALID_SQL_SYNTAX.EMPTY_QUANTIFIED_PATTERN] Invalid SQL syntax: Expected something "
                "between '(' and ')'. SQLSTATE: 42000",
                "INVALID_SQL_SYNTAX.EMPTY_QUANTIFIED_PATTERN",
            )
        every = isinstance(quantifier, exp.All)
        subject = self.expr(e.this)
        patterns = [self.expr(p) for p in raw]
        if all(_string_constant(p) for p in raw):
            if fold:
                subject = n.UnresolvedFunction("lower", (subject,))
                patterns = [n.UnresolvedFunction("lower", (p,)) for p in patterns]
            name = ("not" if negate else "") + ("likeall" if every else "likeany")
            return n.UnresolvedFunction(name, (subject, *patterns))
        out: n.Expr | None = None
        for p in patterns:
            term: n.Expr = n.UnresolvedFunction("ilike" if fold else "like", (subject, p))
            if negate:
                term = n.UnresolvedFunction("not", (term,))
            out = term if out is None else n.UnresolvedFunction("and" if every else "or", (out, term))
        assert out is not None
        return out

    _ilike = _like
    _regexplike = _like

    def _escape(self, e: exp.Escape) -> n.Expr:
        """``s LIKE p ESCAPE 'c'``: the escape must be one character, checked when parsed (INVALID_ESC)."""
        escape = e.expression
        if isinstance(escape, exp.Literal) and escape.is_string and len(escape.this) != 1:
            raise ParseException(
                f"[INVALID_ESC] Found an invalid escape string: '{escape.this}'. The escape string must contain only "
                "one character.",
                "INVALID_ESC",
                {"invalidEscape": f"'{escape.this}'"},
            )
        return self._like(e.this, escape)

    def _case(self, e: exp.Case) -> n.Expr:
        subject = self.expr(e.this) if e.this is not None else None
        branches = []
        for when in e.args.get("ifs") or []:
            cond = self.expr(when.this)
            if subject is not None:
                cond = n.UnresolvedFunction("=", (subject, cond))
            branches.append((cond, self.expr(when.args["true"])))
        default = e.args.get("default")
        return n.CaseWhen(tuple(branches), self.expr(default) if default is not None else None)

    def _if(self, e: exp.If) -> n.Expr:
        args = [self.expr(e.this), self.expr(e.args["true"])]
        false = e.args.get("false")
        if lookup("if") is not None:
            return n.UnresolvedFunction("if", (*args, self.expr(false) if false is not None else literal(None)))
        return n.CaseWhen(((args[0], args[1]),), self.expr(false) if false is not None else None)

    def _cast(self, e: exp.Cast) -> n.Expr:
        to = lit.data_type(e.args["to"])
        if isinstance(to, T.TimeType):
            literal_text = type(e) is exp.Cast and isinstance(e.this, exp.Literal) and e.this.is_string
            if literal_text and not e.meta.get(WRITTEN_CAST):
                return lit.time_literal(e.this.name)  # TIME '12:34:56'
            inner = e.this
            if type(e) is exp.Cast and isinstance(inner, exp.Cast) and inner.meta.get(WRITTEN_CAST) and (
                isinstance(inner.this, exp.Literal) and inner.this.is_string
            ):  # TIME '00:01:52' :: int, which sqlglot reads as TIME (CAST('00:01:52' AS INT))
                target = lit.data_type(inner.args["to"])
                return n.Cast(lit.time_literal(inner.this.name), target, in_sql=self.in_query)
            raise lit.unsupported_time()
        if type(e) is exp.Cast and isinstance(to, T.DateType) and isinstance(e.this, exp.Literal):
            typed = lit.date_literal(e.this.name)  # DATE '2020-01-31'
            if typed is not None:
                return typed
            check_datetime_literal(e.this.name, to)
        if _is_typed_literal(e, to):  # TIMESTAMP '...', 1L, 1.5D, 1BD: named as written
            check_datetime_literal(e.this.name, to)
            if not e.this.is_string:
                check_number_literal(e.this.name, to)
            return n.Cast(literal(e.this.name), to, typed_literal=True)
        if isinstance(e.this, exp.JSONExtract) and e.this.args.get("variant_extract"):  # v:a::int
            return self._jsonextract(e.this, to._sql().lower())  # noqa: SLF001 - the DDL variant_get takes
        return n.Cast(self.expr(e.this), to, safe=bool(e.args.get("safe")), in_sql=self.in_query)

    _trycast = _cast

    def _jsonextract(self, e: exp.JSONExtract, target: str = "variant") -> n.Expr:
        """``v:a.b[0]`` (``::type``): ``variant_get(v, '$.a.b[0]', type)``, named after its last key as Spark
        names it (``b``)."""
        if not e.args.get("variant_extract"):
            raise unsupported(f"the SQL expression {e.sql(dialect='spark')!r} (JSONExtract)")
        path, name = variant_path(e.expression)
        call = n.UnresolvedFunction("variant_get", (self.expr(e.this), literal(path), literal(target)))
        return n.Alias(call, name) if name is not None else call

    def _extract(self, e: exp.Extract) -> n.Expr:
        """``EXTRACT(YEAR FROM d)``, named ``extract(YEAR FROM d)`` with the field as written."""
        return n.UnresolvedFunction("extract", (literal(e.this.name), self.expr(e.expression)))

    def _bracket(self, e: exp.Bracket) -> n.Expr:
        out = self.expr(e.this)
        for key in e.expressions:
            out = n.UnresolvedExtract(out, self.expr(key))
        return out

    def _lambda(self, e: exp.Lambda) -> n.Expr:
        params = tuple(n.UnresolvedColumn(p.name, (p.name,)) for p in e.expressions)
        return n.Lambda(params, self.expr(e.this))

    def _subquery(self, e: exp.Subquery) -> n.Expr:
        if self.subquery is None:
            raise unsupported("a subquery in this expression")
        return self.subquery(e)

    def _any(self, e: exp.Any) -> n.Expr:
        """``any(b)`` outside a comparison is Spark's boolean aggregate (bool_or)."""
        inner = e.this.this if isinstance(e.this, exp.Paren) else None
        if inner is None or isinstance(inner, (exp.Subquery, exp.Select, exp.Tuple)):
            raise _quantified_comparison(e)
        return n.UnresolvedFunction("any", (self.expr(inner),))

    def _all(self, e: exp.All) -> n.Expr:
        raise _quantified_comparison(e)

    def _exists(self, e: exp.Exists) -> n.Expr:
        if self.predicate is None:
            raise unsupported("EXISTS outside a WHERE/HAVING conjunct")
        return self.predicate(e.this.this if isinstance(e.this, exp.Subquery) else e.this, "exists", None)

    def _ordered(self, e: exp.Ordered) -> n.Expr:
        asc = not e.args.get("desc")
        nulls_first = e.args.get("nulls_first")
        return n.SortOrder(self.expr(e.this), asc, bool(nulls_first) if nulls_first is not None else None)

    # ---------------------------------------------------------------- calls
    def _anonymous(self, e: exp.Anonymous) -> n.Expr:
        raw = list(e.expressions)
        if e.name == OUTER_REFERENCE:
            return n.OuterRef(self.expr(raw[0]))
        unit_call = _UNIT_CALLS.get(e.name.lower())
        if unit_call and len(raw) == 3 and isinstance(raw[0], exp.Column) and not raw[0].table:
            # ``timestampadd(DAY, 2, ts)``, ``dateadd(DAY, ...)``, ``datediff(DAY, a, b)``: the unit
            # is a keyword, which the function reads as a string
            if raw[0].name.upper() in _DATETIME_UNITS or e.name.lower() in ("timestampadd", "timestampdiff"):
                unit = literal(raw[0].name.upper())
                return n.UnresolvedFunction(unit_call, (unit, *(self.expr(a) for a in raw[1:])))
        if e.name.lower() == "window" and 2 <= len(raw) <= 4 and all(a.is_string for a in raw[1:]):
            return _time_window(self.expr(raw[0]), [a.name for a in raw[1:]])
        if e.name.lower() in ("ltrim", "rtrim") and len(raw) == 2:
            raw = raw[::-1]  # SQL's ``ltrim(chars, s)`` puts the characters first, unlike F.ltrim(s, chars)
        return self._call(e.name, raw)

    def _call(self, name: str, raw: list[exp.Expr], ignore_nulls: bool = False, flt: n.Expr | None = None) -> n.Expr:
        distinct = False
        args: list[n.Expr] = []
        for a in raw:
            if isinstance(a, exp.Distinct):
                distinct = True
                args.extend(self.expr(x) for x in a.expressions)
            else:
                args.append(self.expr(a))
        if name.lower() in _PERCENTAGE_FUNCTIONS and len(raw) > 1:
            args[1] = _percentages(raw[1], args[1])
        return n.UnresolvedFunction(name.lower(), tuple(args), distinct, ignore_nulls, flt)

    def _func(self, e: exp.Func) -> n.Expr:
        """Typed sqlglot calls (aggregates and special-syntax functions): Spark name, args in order."""
        name = _RENAMED.get(type(e)) or e.sql_name().lower()  # type: ignore[arg-type]
        if isinstance(e, exp.Trim):
            name = {"LEADING": "ltrim", "TRAILING": "rtrim"}.get(str(e.args.get("position") or "").upper(), "trim")
            chars = e.args.get("expression")
            return self._call(name, [e.this] + ([chars] if chars is not None else []))
        raw: list[exp.Expr] = []
        for key in e.arg_types:
            v = e.args.get(key)
            if isinstance(v, list):
                raw.extend(v)
            elif isinstance(v, exp.Expr):
                raw.append(v)
        return self._call(name, raw)

    def _ignorenulls(self, e: exp.IgnoreNulls) -> n.Expr:
        inner = self.expr(e.this)
        if not isinstance(inner, n.UnresolvedFunction):
            raise unsupported("IGNORE NULLS on a non-function")
        # Spark builds first/last for ``first_value(x) IGNORE NULLS`` and names the column so
        name = {"first_value": "first", "last_value": "last"}.get(inner.name, inner.name)
        return n.UnresolvedFunction(name, inner.args, inner.distinct, True, inner.filter)

    def _respectnulls(self, e: exp.RespectNulls) -> n.Expr:
        inner = self.expr(e.this)
        if isinstance(inner, n.UnresolvedFunction) and inner.name in ("first_value", "last_value"):
            return replace(inner, name=inner.name.removesuffix("_value"))  # Spark's name: first(x)
        return inner

    def _filter(self, e: exp.Filter) -> n.Expr:
        inner = self.expr(e.this)
        if not isinstance(inner, n.UnresolvedFunction):
            raise unsupported("FILTER (WHERE ...) on a non-aggregate")
        cond = self.expr(e.expression.this)
        return n.UnresolvedFunction(inner.name, inner.args, inner.distinct, inner.ignore_nulls, cond)

    def _withingroup(self, e: exp.WithinGroup) -> n.Expr:
        """``listagg(v, d) WITHIN GROUP (ORDER BY k)``: the sort orders become trailing arguments
        (after the delimiter, NULL when omitted), which is how the aggregate reads them."""
        inner = self.expr(e.this)
        if isinstance(inner, n.UnresolvedFunction) and inner.name in ("percentile_cont", "percentile_disc"):
            return self._percentile_within_group(inner, e)
        if not isinstance(inner, n.UnresolvedFunction) or inner.name not in ("listagg", "string_agg"):
            raise unsupported(f"WITHIN GROUP on {e.this.sql(dialect='spark')!r}")
        args = inner.args if len(inner.args) > 1 else (*inner.args, literal(None))
        orders = tuple(self.expr(o) for o in e.expression.expressions)
        for o in orders:
            if inner.distinct and isinstance(o, n.SortOrder) and o.child != args[0]:
                from engine.expr.display import expr_sql

                raise AnalysisException(
                    f"[INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT] Invalid function "
                    f"`{inner.name}` with WITHIN GROUP. The function is invoked with DISTINCT and WITHIN GROUP "
                    f'but expressions "{expr_sql(args[0])}" and "{expr_sql(o.child)}" do not match. The WITHIN '
                    "GROUP ordering expression must be picked from the function inputs. SQLSTATE: 42K0K",
                    "INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT",
                )
        return n.UnresolvedFunction(inner.name, (*args, *orders), inner.distinct, inner.ignore_nulls, inner.filter)

    def _percentile_within_group(self, inner: n.UnresolvedFunction, e: exp.WithinGroup) -> n.Expr:
        """``percentile_cont(p) WITHIN GROUP (ORDER BY x DESC)`` as the aggregate
        ``percentile_cont(x, p, true)``: the value, the percentage, whether the order is reversed."""
        orders = [self.expr(o) for o in e.expression.expressions]
        if len(inner.args) != 1 or len(orders) != 1:
            raise AnalysisException(
                f"[INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS] Invalid function `{inner.name}` with WITHIN "
                f"GROUP. The function requires 1 orderings in WITHIN GROUP but got {len(orders)}. SQLSTATE: 42K0K",
                "INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS",
            )
        order = orders[0]
        value, descending = (order.child, not order.ascending) if isinstance(order, n.SortOrder) else (order, False)
        args = (value, inner.args[0], literal(descending))
        return n.UnresolvedFunction(inner.name, args, inner.distinct, inner.ignore_nulls, inner.filter)

    def _window(self, e: exp.Window) -> n.Expr:
        from sql.windows import window_spec

        return n.WindowExpr(self.expr(e.this), window_spec(e, self))


def _typed_number(e: exp.Expr | None) -> T.DataType | None:
    """The type of a number with a type suffix (``1L``, ``1.5BD``), else None."""
    if not isinstance(e, exp.Cast) or not isinstance(e.this, exp.Literal):
        return None
    to = lit.data_type(e.args["to"])
    return to if isinstance(to, T.NumericType) and _is_typed_literal(e, to) else None


def _is_typed_literal(e: exp.Cast, to: T.DataType) -> bool:
    """``TIMESTAMP '...'`` parses as a bare Cast of a string; a number with a type suffix
    (``1L``, ``1.5D``) as a TryCast without CAST's own arguments (``format``, ``safe``)."""
    if not isinstance(e.this, exp.Literal) or e.meta.get(WRITTEN_CAST):
        return False
    if type(e) is exp.Cast:
        return e.this.is_string and isinstance(to, (T.TimestampType, T.TimestampNTZType))
    return "format" not in e.args and isinstance(to, T.NumericType)


def _quote_part(name: str) -> str:
    return f"`{name.replace('`', '``')}`" if "." in name or "`" in name else name


# Aggregates whose second argument is a percentage or an array of them, read as a constant
# (quantile and approx_quantile: sqlglot's names for percentile and percentile_approx).
_PERCENTAGE_FUNCTIONS = frozenset(
    {"percentile", "quantile", "percentile_approx", "approx_percentile", "approx_quantile"}
)


def _percentages(raw: exp.Expr, translated: n.Expr) -> n.Expr:
    """``array(0.25, 0.75)`` of number literals as one array literal, as the DataFrame API
    passes a list of percentages (the aggregate reads its percentages as a constant)."""
    is_array = isinstance(raw, exp.Array) or (isinstance(raw, exp.Anonymous) and raw.name.lower() == "array")
    items = raw.expressions if is_array else None
    if not items or not all(isinstance(i, exp.Literal) and not i.is_string for i in items):
        return translated
    return literal([float(i.this) for i in items])


# Marks a column of a LATERAL subquery that names the outer query (sql.lateral).
OUTER_REFERENCE = "__outer_reference"


def _is_generator_call(e: n.Expr) -> bool:
    fd = lookup(e.name) if isinstance(e, n.UnresolvedFunction) else None
    return fd is not None and fd.kind == "generator"


def _quantified_comparison(e: exp.Expr) -> ParseException:
    """``x > ALL (SELECT ...)`` / ``x = ANY (...)``: not Spark SQL syntax (Spark raises a parse error)."""
    return ParseException(
        f"[PARSE_SYNTAX_ERROR] Syntax error at or near '{type(e).__name__.upper()}': Spark SQL has no quantified "
        "comparisons; use IN, EXISTS or a scalar subquery with max/min. SQLSTATE: 42601",
        "PARSE_SYNTAX_ERROR",
    )


def _time_window(ts: n.Expr, durations: list[str]) -> n.Expr:
    """``window(ts, '10 minutes'[, slide[, start]])``: the same expression as ``F.window``, named
    ``window`` as Spark names it, so ``GROUP BY window(...)`` and ``window.start`` resolve."""
    from engine.api.column import Column
    from engine.functions.time_window import tumbling_window

    if len(durations) > 1 and durations[1] != durations[0]:
        # a sliding window yields several windows per row: the query builder expands the rows
        return n.UnresolvedFunction(SLIDING_WINDOW, (ts, *(literal(d) for d in durations)))
    built: n.Expr = tumbling_window(Column(ts), durations[0], durations[2] if len(durations) > 2 else None).expr
    return built


SLIDING_WINDOW = "__sliding_window"  # window(ts, size, slide[, start]), expanded by `to_logical`


def variant_path(path: exp.Expr) -> tuple[str, str | None]:
    """A parsed ``:a.b[0]`` path as variant_get's text (``$.a.b[0]``) and its last key (``b``)."""
    text, last = "$", None
    for part in path.expressions:
        if isinstance(part, exp.JSONPathKey):
            key = str(part.this)
            plain = key.isidentifier() and key.isascii() and not part.args.get("quoted")
            text += f".{key}" if plain else (f"['{key}']" if "'" not in key else f'["{key}"]')
            last = key
        elif isinstance(part, exp.JSONPathSubscript):
            text += f"[{part.this}]"
        elif not isinstance(part, exp.JSONPathRoot):
            raise unsupported(f"the variant path part {part.sql(dialect='spark')!r}")
    return text, last
