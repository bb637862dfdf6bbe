"""Queries (SELECT, set operations, WITH, VALUES) -> engine logical plans, via the builder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlglot import exp

from engine import types as T
from engine.errors import AnalysisException, ParseException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.display import sql_name
from engine.expr.literals import literal
from engine.expr.resolve import Scope, resolve, star_columns, unresolved_column_error
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.collated_grouping import distinct as collated_distinct
from engine.logical.correlated import is_correlated
from engine.logical.map_checks import refuse_map_columns, refuse_map_ordering
from engine.logical.nodes import LogicalPlan, output
from sql import aggregates as agg
from sql import subqueries as sq
from sql.expressions import SLIDING_WINDOW, ExprTranslator, unsupported
from sql.lateral import mark_outer_columns
from sql.parse import PIPE_OPERATOR
from sql.recursive import recursive_cte
from sql.relations import _and, from_clause, relation, resolves, values, values_alias
from sql.table_functions import refuse_in_select
from sql.windows import named_windows


def _pipe_aggregate(operator: str, s: exp.Select) -> AnalysisException:
    """Spark's error for an aggregate function in ``|> EXTEND`` or ``|> SET``."""
    call = next((f.sql(dialect="spark") for f in s.find_all(exp.AggFunc)), "an aggregate function")
    return AnalysisException(
        f"[PIPE_OPERATOR_CONTAINS_AGGREGATE_FUNCTION] Aggregate function {call} is not allowed when using the pipe "
        f"operator |> {operator} clause; please use the pipe operator |> AGGREGATE clause instead. SQLSTATE: 0A000",
        "PIPE_OPERATOR_CONTAINS_AGGREGATE_FUNCTION",
        {"expr": call, "clause": operator},
    )


class QueryTranslator:
    """Translates queries against one session's tables, with the CTEs in scope."""

    def __init__(
        self, session: Any, params: Any = None, ctes: dict[str, LogicalPlan] | None = None, used_ids: set[int] | None = None
    ) -> None:
        self.session = session
        self.used_ids: set[int] = used_ids if used_ids is not None else set()  # column ids already in the statement
        self.params = params
        self.ctes: dict[str, LogicalPlan] = dict(ctes or {})
        self.cs = bool(session.conf.get_bool("spark.sql.caseSensitive", False))
        self._expr = ExprTranslator(self.scalar_subquery, {}, params, self.predicate_subquery)

    def child(self) -> QueryTranslator:
        return QueryTranslator(self.session, self.params, self.ctes, self.used_ids)

    def expr(self, e: exp.Expr) -> n.Expr:
        return self._expr(e)

    def constant(self, e: exp.Expr) -> Any:
        x = self.expr(e)
        if isinstance(x, n.Alias):
            x = x.child
        if not isinstance(x, n.Literal):
            raise AnalysisException(f"Expected a constant, got {e.sql(dialect='spark')!r}.")
        return x.value

    def scalar_subquery(self, e: exp.Subquery) -> n.Expr:
        """``(SELECT max(x) FROM t)`` as a value; it runs before the query that uses it."""
        try:
            plan = self.child().query(e.this)
        except AnalysisException as err:
            if err.error_class != "UNRESOLVED_COLUMN.WITH_SUGGESTION":
                raise
            # Correlated in a form sqlglot's decorrelate leaves (``salary < e1.salary``): its
            # outer columns become outer references, joined in by the logical builder; an
            # unqualified one (``WHERE y1 = x1 GROUP BY y1``) as each fails to resolve inside
            plan = self._marked_outer(e.this, err)
            if is_correlated(plan):
                return n.CorrelatedSubquery(plan, "scalar")
            raise
        cols = output(plan)
        if len(cols) != 1:
            raise AnalysisException(
                "[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] Invalid subquery: "
                f"Scalar subquery must return only one column, but got {len(cols)}.",
                "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
            )
        return n.ScalarSubquery(plan, cols[0].dtype)

    def _marked_outer(self, sub: exp.Expr, err: AnalysisException) -> LogicalPlan:
        """`sub` planned with its outer columns marked: qualified ones by their relation, then
        each bare name that fails to resolve inside (at most one retry per such name)."""
        bare: set[str] = set()
        while True:
            try:
                return self.child().query(mark_outer_columns(sub, frozenset(bare)))
            except AnalysisException as again:
                if (again.error_class or "").startswith("UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY"):
                    raise  # marked, the outer columns are read where Spark refuses them
                name = (again.message_parameters.get("objectName") or "").strip("`")
                if again.error_class != "UNRESOLVED_COLUMN.WITH_SUGGESTION" or "." in name or name.lower() in bare:
                    raise err from again
                bare.add(name.lower())

    def predicate_subquery(self, query: exp.Expr, kind: str, value: n.Expr | None) -> n.Expr:
        """``EXISTS (...)`` / ``x IN (SELECT ...)`` as a value (a select item, or a condition
        the semi/anti join rewrite does not take): joined in by the logical builder, its outer
        columns (when it names any) marked as outer references."""
        try:
            plan = self.child().query(query)
        except AnalysisException as err:
            if err.error_class != "UNRESOLVED_COLUMN.WITH_SUGGESTION":
                raise
            plan = self._marked_outer(query, err)
        return n.CorrelatedSubquery(plan, kind, value)

    # ------------------------------------------------------------------ queries
    def query(self, e: exp.Expr) -> LogicalPlan:
        saved = dict(self.ctes)
        try:
            self._ctes(e.args.get("with_"))
            if isinstance(e, exp.Select):
                return self.select(e)
            if isinstance(e, exp.SetOperation):
                return self._finish(self._set_operation(e), e)
            if isinstance(e, exp.Subquery):
                return self._finish(self.query(e.this), e)
            if isinstance(e, exp.Values):
                e = values_alias(e)  # ``AS VALUES 1 T(col)``: the name sqlglot hangs on the last value
                return relation(self, e) if e.alias else values(self, e)
            if isinstance(e, exp.Table):
                return relation(self, e)
            raise unsupported(f"the statement {type(e).__name__.upper()}")
        finally:
            self.ctes = saved

    def _ctes(self, with_: exp.With | None) -> None:
        if with_ is None:
            return
        seen: set[str] = set()
        for cte in with_.expressions:
            if cte.alias.lower() in seen:
                raise ParseException(
                    f"[DUPLICATED_CTE_NAMES] CTE definition can't have duplicate names: `{cte.alias}`. SQLSTATE: 42602",
                    "DUPLICATED_CTE_NAMES",
                )
            seen.add(cte.alias.lower())
            cols = [c.name for c in cte.args["alias"].args.get("columns") or []]
            refers = any(t.name.lower() == cte.alias.lower() and not t.db for t in cte.this.find_all(exp.Table))
            if with_.args.get("recursive") and refers:
                self.ctes[cte.alias.lower()] = recursive_cte(self, cte.alias, cte.this, cols)
                continue
            plan = self.child().query(cte.this)
            if cols:
                plan = L.Project(plan, tuple(n.Alias(a, c) for a, c in zip(output(plan), cols)))
            self.ctes[cte.alias.lower()] = plan

    def _set_operation(self, e: exp.SetOperation) -> LogicalPlan:
        left, right = self.child().query(e.this), self.child().query(e.expression)
        for side in (left, right):
            _refuse_outer_columns_in_select(side)
        distinct = e.args.get("distinct") is not False
        if isinstance(e, exp.Union):
            plan = B.union([left, right])
            if distinct:
                refuse_map_columns(output(plan))
            return collated_distinct(plan) if distinct else plan
        if len(output(left)) != len(output(right)):
            raise B.num_columns_mismatch(type(e).__name__.upper(), len(output(left)), 2, len(output(right)))
        kind = "intersect" if isinstance(e, exp.Intersect) else "except"
        widened = B.union([left, right], operation=kind.upper())
        assert isinstance(widened, L.Union)
        refuse_map_columns(output(widened.inputs[0]))
        return L.SetOp(widened.inputs[0], widened.inputs[1], kind, not distinct)

    # ------------------------------------------------------------------ SELECT
    def select(self, s: exp.Select) -> LogicalPlan:
        self._expr.windows = named_windows(s)
        where = s.args.get("where")
        if where is not None and any(_outside_subqueries(w, where) for w in where.find_all(exp.Window)):
            raise AnalysisException(
                "[WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE] It is not allowed to use window functions inside WHERE clause. "
                "SQLSTATE: 42601",
                "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE",
                {"clauseName": "WHERE"},
            )
        conj = sq.conjuncts(where.this if where is not None else None)
        preds = [c for c in conj if sq.is_predicate_subquery(c)]
        plain = [self.expr(c) for c in conj if not sq.is_predicate_subquery(c)]
        plan, rest = from_clause(self, s, plain)
        if rest:
            plan = B.filter_(plan, _and(rest), self.cs)
        for p in preds:
            plan = sq.apply_predicate(self, plan, p)
        self._expr.windows = named_windows(s)
        items = [item for x in s.expressions for item in self._select_item(x, plan)]
        self._check_qualify(s, items)
        having = s.args.get("having")
        group = s.args.get("group")
        keys: list[n.Expr] | None = None
        pipe = s.meta.get(PIPE_OPERATOR)
        if pipe and group is None and any(agg.has_aggregate(i) for i in items):
            raise _pipe_aggregate(pipe, s)
        if group is not None or having is not None or any(agg.has_aggregate(i) for i in items):
            plan, keys = self._aggregate(plan, s, self._inline_lateral_aliases(plan, items))
        else:
            plan, items = self._lateral_aliases(plan, items)
            plan = self._project(plan, items, s)
        if s.args.get("distinct") is not None:
            if s.args["distinct"].args.get("on"):
                raise unsupported("DISTINCT ON")
            refuse_map_columns(a for a in output(plan) if not a.hidden)
            plan = collated_distinct(plan)
        if s.args.get("hint") is not None and s.args.get("order") is None:  # an ORDER BY decides the layout
            plan = self._partitioning_hints(plan, s.args["hint"])
        return self._finish(plan, s, keys)

    def _partitioning_hints(self, plan: LogicalPlan, hint: exp.Hint) -> LogicalPlan:
        """``/*+ REPARTITION(n[, cols]) */``, ``REPARTITION_BY_RANGE``, ``COALESCE(n)``: the select's
        rows laid out as the DataFrame methods of those names lay them out (Spark's ResolveHints).
        Join hints change no answer and stay unused."""
        for h in hint.expressions:
            name = h.name.upper() if isinstance(h, exp.Anonymous) else ""
            if name not in ("REPARTITION", "REPARTITION_BY_RANGE", "COALESCE", "REBALANCE"):
                continue
            args = list(h.expressions)
            count = int(args.pop(0).this) if args and isinstance(args[0], exp.Literal) and not args[0].is_string else None
            scope = Scope(output(plan), self.cs)
            keys = tuple(resolve(self.expr(a), scope) for a in args)
            if name == "COALESCE" and count is not None:
                plan = L.Repartition(plan, count, (), "coalesce")
            elif name == "REPARTITION_BY_RANGE" and keys:
                plan = L.Repartition(plan, count, keys, "range")
            elif name == "REPARTITION" and (keys or count is not None):
                plan = L.Repartition(plan, count, keys, "hash" if keys else "round_robin")
        return plan

    def _select_item(self, x: exp.Expr, plan: LogicalPlan) -> list[n.Expr]:
        """A select-list entry; ``* EXCEPT (a, b)`` (or ``t.* EXCEPT (...)``) is the columns the
        star stands for but those named."""
        refuse_in_select(x)  # variant_explode belongs in FROM
        star = x.this if isinstance(x, exp.Column) and isinstance(x.this, exp.Star) else x
        dropped = star.args.get("except_") if isinstance(star, exp.Star) else None
        replaced = star.args.get("replace") if isinstance(star, exp.Star) else None  # pipe syntax's ``|> SET``
        if not dropped and not replaced:
            return [self.expr(x)]
        scope = Scope(output(plan), self.cs)
        columns = star_columns(x.table or None if isinstance(x, exp.Column) else None, scope)
        fold = (lambda v: v) if self.cs else str.lower
        names = [c.name for c in dropped or []]
        new = {fold(r.alias): self.expr(r) for r in replaced or []}
        for name in [*names, *(r.alias for r in replaced or [])]:
            if not any(fold(a.name) == fold(name) for a in columns):
                raise unresolved_column_error(name, [a.name for a in columns])
        return [new.get(fold(a.name), a) for a in columns if fold(a.name) not in {fold(v) for v in names}]

    def _lateral_aliases(self, plan: LogicalPlan, items: list[n.Expr]) -> tuple[LogicalPlan, list[n.Expr]]:
        """``SELECT id + 1 AS id2, id2 * 2``: a name that is no input column but an earlier
        item's alias reads that item (Spark's lateral column alias). Each such item is
        computed in a projection below, in order, so a later one may use an earlier one; the
        select list then reads it by name. An input column of the same name wins, as in Spark."""
        fold = (lambda x: x) if self.cs else str.lower
        inputs = {fold(a.name) for a in output(plan)}
        earlier: dict[str, int] = {}
        needed: set[int] = set()
        for i, item in enumerate(items):
            for c in tr.walk(item):
                if isinstance(c, n.UnresolvedColumn) and len(c.parts) == 1:
                    name = fold(c.parts[0])
                    if name not in inputs and name in earlier:
                        needed.add(earlier[name])
            if isinstance(item, n.Alias):
                earlier.setdefault(fold(item.name), i)
        for i in sorted(needed):
            plan = B.project(plan, [*output(plan), items[i]], self.cs)
        lateral = {fold(items[i].name) for i in needed}  # type: ignore[union-attr]

        def shown(e: n.Expr) -> n.Expr:  # Spark names a use ``lateralAliasReference(a)``
            if isinstance(e, n.UnresolvedColumn) and len(e.parts) == 1 and fold(e.parts[0]) in lateral:
                return n.UnresolvedFunction("lateralAliasReference", (e,))
            return tr.map_children(e, shown)

        out: list[n.Expr] = []
        for i, item in enumerate(items):
            if i in needed:
                out.append(n.UnresolvedColumn((item.name,)))  # type: ignore[union-attr]
            elif not isinstance(item, (n.Alias, n.UnresolvedColumn)) and shown(item) != item:  # a bare ``a`` is named a
                out.append(n.Alias(item, sql_name(shown(item))))
            else:
                out.append(item)
        return plan, out

    def _inline_lateral_aliases(self, plan: LogicalPlan, items: list[n.Expr]) -> list[n.Expr]:
        """``SELECT cat, sum(qty) AS q, q * 2 AS q2 ... GROUP BY cat``: in an aggregating select
        a lateral alias reads the earlier item's expression, put in its place (Spark computes
        the item above the Aggregate from its output: the same value, as the aggregate and the
        grouping keys are the same per group). An input column of the same name wins."""
        fold = (lambda x: x) if self.cs else str.lower
        inputs = {fold(a.name) for a in output(plan)}
        earlier: dict[str, n.Expr] = {}
        out: list[n.Expr] = []

        def lateral_name(e: n.Expr) -> str | None:
            if isinstance(e, n.UnresolvedColumn) and len(e.parts) == 1:
                name = fold(e.parts[0])
                return name if name not in inputs and name in earlier else None
            return None

        def inline(e: n.Expr) -> n.Expr:
            name = lateral_name(e)
            return earlier[name] if name is not None else tr.map_children(e, inline)

        def shown(e: n.Expr) -> n.Expr:  # Spark names a use ``lateralAliasReference(a)``
            if lateral_name(e) is not None:
                return n.UnresolvedFunction("lateralAliasReference", (e,))
            return tr.map_children(e, shown)

        for item in items:
            new = inline(item)
            if new is not item and not isinstance(item, n.Alias):
                new = n.Alias(new, sql_name(shown(item)))
            if isinstance(new, n.Alias):
                earlier.setdefault(fold(new.name), new.child)
            out.append(new)
        return out

    def _project(self, plan: LogicalPlan, items: list[n.Expr], s: exp.Select) -> LogicalPlan:
        qualify = s.args.get("qualify")
        if qualify is None:
            return B.project(plan, items, self.cs)
        cond = self._substitute_aliases(self.expr(qualify.this), items, plan)
        projected = B.project(plan, [*items, n.Alias(cond, "__qualify")], self.cs)
        return self._drop_hidden(B.filter_(projected, n.UnresolvedColumn("__qualify"), self.cs), 1)

    def _check_qualify(self, s: exp.Select, items: list[n.Expr]) -> None:
        """QUALIFY filters on window functions: one must be in the select list or the condition."""
        qualify = s.args.get("qualify")
        if qualify is None or any(tr.contains(i, n.WindowExpr) for i in items):
            return
        if not tr.contains(self.expr(qualify.this), n.WindowExpr):
            raise AnalysisException(
                "[QUALIFY_REQUIRES_WINDOW_FUNCTION] The QUALIFY clause requires at least one window function in "
                "the current SELECT list or the QUALIFY condition. SQLSTATE: 42903",
                "QUALIFY_REQUIRES_WINDOW_FUNCTION",
            )

    def _aggregate(self, plan: LogicalPlan, s: exp.Select, items: list[n.Expr]) -> tuple[LogicalPlan, list[n.Expr]]:
        """The Aggregate and the projection over it; also ORDER BY's keys in terms of its output."""
        group = s.args.get("group")
        groupings, sets = agg.grouping_spec(self.expr, group, items) if group is not None else ([], None)
        if group is not None and group.args.get("all"):  # GROUP BY ALL: every select item without an aggregate
            # call anywhere, a window's own function included (``sum(l) OVER w`` is no grouping key)
            calls = [i for i in items if any(agg.is_aggregate_call(x) for x in tr.walk(i))]
            groupings = [i.child if isinstance(i, n.Alias) else i for i in items if i not in calls]
        groupings = [self._group_alias(g, items, plan) for g in groupings]
        plan, groupings, items = self._expand_sliding_window(plan, groupings, items)
        plan, groupings, items = self._session_window(plan, groupings, items)
        # a named grouping (``GROUP BY window(ts, '1 hour')``, which Spark names ``window``) groups
        # by its expression, and the select list may read it by that name (``window.start``)
        named_groups = {g.name.lower(): g.child for g in groupings if isinstance(g, n.Alias)}
        if "window" in named_groups:  # Spark drops the rows whose time is null (no window holds them)
            plan = B.filter_(plan, n.UnresolvedFunction("isnotnull", (named_groups["window"],)), self.cs)
        groupings = [g.child if isinstance(g, n.Alias) else g for g in groupings]
        if named_groups:
            items = [self._read_named_groups(it, named_groups, plan) for it in items]
        hoist = agg.Hoister(groupings, Scope(output(plan), self.cs, suggest=False))
        scope = Scope(output(plan), self.cs)
        named: list[n.Expr] = []
        for it in items:
            if isinstance(it, n.Alias) or isinstance(it, n.UnresolvedStar):
                named.append(it)
            else:
                named.append(n.Alias(it, _spark_name(it, scope)))
        rewritten = [hoist.rewrite(it) for it in named]
        _refuse_ungrouped_scalar_subqueries(rewritten)
        having = s.args.get("having")
        hoisted = lambda call: hoist.rewrite(self.expr(call))  # noqa: E731
        having_tree = _hoist_outer_aggregates(having.this, hoisted) if having is not None else None
        having_cond = (
            hoist.rewrite(self._substitute_aliases(self.expr(having_tree), named, plan, True, groupings))
            if having_tree is not None
            else None
        )
        qualify = s.args.get("qualify")
        qualify_cond = hoist.rewrite(self._substitute_aliases(self.expr(qualify.this), named, plan)) if qualify is not None else None
        order = s.args.get("order")
        order_keys = [hoist.rewrite(self.expr(o)) for o in order.expressions] if order is not None else []
        outputs: list[n.Expr] = [g if isinstance(g, n.UnresolvedColumn) else n.Alias(g, hoist.grouping_name(i)) for i, g in enumerate(groupings)]
        outputs += [n.Alias(call, name) for call, name in hoist.aggregates.items()]
        try:
            aggregated = B.aggregate(plan, groupings, outputs, sets, self.cs)
            if having_cond is not None:
                aggregated = B.filter_(aggregated, having_cond, self.cs)
            extra: list[n.Expr] = [n.Alias(qualify_cond, "__qualify")] if qualify_cond is not None else []
            projected = B.project(aggregated, rewritten + extra, self.cs)
        except AnalysisException as err:
            if err.error_class and err.error_class.startswith("UNRESOLVED_COLUMN"):
                B.aggregate(plan, groupings, [i for i in items if not isinstance(i, n.UnresolvedStar)], sets, self.cs)
            raise
        if qualify_cond is not None:
            projected = self._drop_hidden(B.filter_(projected, n.UnresolvedColumn("__qualify"), self.cs), 1)
        return projected, order_keys

    def _expand_sliding_window(
        self, plan: LogicalPlan, groupings: list[n.Expr], items: list[n.Expr]
    ) -> tuple[LogicalPlan, list[n.Expr], list[n.Expr]]:
        """``GROUP BY window(ts, '1 hour', '30 minutes')``: as Spark does, each input row becomes
        one row per sliding window holding its time, in a column ``window`` the query reads."""
        found = [x for e in (*groupings, *items) for x in tr.walk(e) if isinstance(x, n.UnresolvedFunction) and x.name == SLIDING_WINDOW]
        if not found:
            return plan, groupings, items
        from engine.api.column import Column
        from engine.functions.time_window import sliding_windows

        call = found[0]
        ts, *durations = call.args
        windows = sliding_windows(Column(ts), *(d.value for d in durations if isinstance(d, n.Literal))).expr
        expanded = B.project(
            plan, [n.UnresolvedStar(), n.Alias(ts, "__window_time"), n.Alias(n.UnresolvedFunction("explode", (windows,)), "window")], self.cs
        )
        end = n.UnresolvedExtract(n.UnresolvedColumn("window"), literal("end"))
        plan = B.filter_(expanded, n.UnresolvedFunction("<", (n.UnresolvedColumn("__window_time"), end)), self.cs)

        def swap(x: n.Expr) -> n.Expr:
            return n.UnresolvedColumn("window") if x == call else x

        return plan, [tr.transform_up(g, swap) for g in groupings], [tr.transform_up(i, swap) for i in items]

    def _session_window(
        self, plan: LogicalPlan, groupings: list[n.Expr], items: list[n.Expr]
    ) -> tuple[LogicalPlan, list[n.Expr], list[n.Expr]]:
        """``GROUP BY k, session_window(ts, '10 minutes')``: each row's session (per value of the
        other grouping keys) computed below the aggregate, in a column ``session_window``."""
        calls = [g for g in groupings if isinstance(g, n.UnresolvedFunction) and g.name == "session_window"]
        if not calls:
            return plan, groupings, items
        call = calls[0]
        gap = call.args[1] if len(call.args) == 2 else None
        if not isinstance(gap, n.Literal) or not isinstance(gap.value, str):
            raise unsupported("session_window with a gap other than a literal duration string")
        from engine.api.column import Column
        from engine.functions.time_window import session_windows

        keys = [Column(g) for g in groupings if g is not call]
        plan = B.filter_(plan, n.UnresolvedFunction("isnotnull", (call.args[0],)), self.cs)
        for name, col in session_windows(Column(call.args[0]), gap.value, keys):
            plan = B.project(plan, [n.UnresolvedStar(), n.Alias(col.expr, name)], self.cs)

        def swap(x: n.Expr) -> n.Expr:
            return n.UnresolvedColumn("session_window") if x == call else x

        return plan, [tr.transform_up(g, swap) for g in groupings], [tr.transform_up(i, swap) for i in items]

    def _read_named_groups(self, e: n.Expr, groups: dict[str, n.Expr], plan: LogicalPlan) -> n.Expr:
        """``window.start`` over ``GROUP BY window(...)``: a field of the named grouping expression."""

        def sub(x: n.Expr) -> n.Expr:
            if not isinstance(x, n.UnresolvedColumn) or x.parts[0].lower() not in groups or resolves(x, output(plan), self.cs):
                return x
            out = groups[x.parts[0].lower()]
            for part in x.parts[1:]:
                out = n.UnresolvedExtract(out, literal(part))
            return out

        read = tr.transform_up(e, sub)
        if read != e and isinstance(e, n.UnresolvedColumn):  # named as Spark names a field: ``start``
            return n.Alias(read, e.parts[-1])
        return read

    def _group_alias(self, g: n.Expr, items: list[n.Expr], plan: LogicalPlan) -> n.Expr:
        """``GROUP BY alias`` (a select alias that is not an input column) groups by its expression."""
        if isinstance(g, n.UnresolvedColumn) and len(g.parts) == 1 and not resolves(g, output(plan), self.cs):
            for it in items:
                if isinstance(it, n.Alias) and it.name.lower() == g.name.lower():
                    return it.child
        return g

    def _substitute_aliases(
        self,
        e: n.Expr,
        items: list[n.Expr],
        plan: LogicalPlan,
        prefer_alias: bool = False,
        groupings: tuple[n.Expr, ...] | list[n.Expr] = (),
    ) -> n.Expr:
        """HAVING and QUALIFY may name select aliases; those that are not input columns stand for
        their expression. With `prefer_alias` (HAVING, as Spark resolves it against the
        aggregate's output first) an alias wins over an input column of the same name, except
        inside an aggregate call: ``SELECT sum(l) AS s ... HAVING s > 1 AND max(s) = 'c'``, and
        except a grouping column, which the aggregate outputs too: ``SELECT sum(a) AS b ...
        GROUP BY b HAVING b > 10`` tests the grouped b."""
        grouped = {g.parts[-1].lower() for g in groupings if isinstance(g, n.UnresolvedColumn)}

        def sub(x: n.Expr) -> n.Expr:
            if isinstance(x, n.UnresolvedColumn) and len(x.parts) == 1:
                if (prefer_alias and x.name.lower() not in grouped) or not resolves(x, output(plan), self.cs):
                    for it in items:
                        if isinstance(it, n.Alias) and it.name.lower() == x.name.lower():
                            return it.child
                return x
            if prefer_alias and agg.is_aggregate_call(x):
                return self._substitute_aliases(x, items, plan)
            return tr.map_children(x, sub)

        return sub(e)

    def _drop_hidden(self, plan: LogicalPlan, count: int) -> LogicalPlan:
        return L.Project(plan, output(plan)[:-count])

    # ------------------------------------------------------------------ ORDER BY / LIMIT
    def _finish(self, plan: LogicalPlan, e: exp.Expr, keys: list[n.Expr] | None = None) -> LogicalPlan:
        """ORDER BY (ordinals, output names, or expressions over the input), then LIMIT/OFFSET."""
        order = e.args.get("order")
        if order is not None:
            if keys is None:
                keys = [self.expr(o) for o in order.expressions]
                bad = [o for o, k in zip(order.expressions, keys) if agg.has_aggregate(k) or tr.contains(k, n.WindowExpr)]
                if bad:  # an aggregate or window in ORDER BY of a query that does not aggregate
                    shown = ", ".join(o.this.sql(dialect="spark") for o in bad)
                    raise AnalysisException(
                        "[UNSUPPORTED_EXPR_FOR_OPERATOR] The query operator `Sort` contains one or more unsupported "
                        "expressions. Consider to rewrite it to avoid window functions, aggregate functions, and "
                        f"generator functions in the WHERE clause. Invalid expressions: [{shown}] SQLSTATE: 42K0E",
                        "UNSUPPORTED_EXPR_FOR_OPERATOR",
                    )
            keys = [self._ordinal(k, plan) for k in self._order_by_all(keys, plan, e)]
            plan = refuse_map_ordering(B.sort(plan, keys, True, self.cs))
        limit, offset = e.args.get("limit"), e.args.get("offset")
        if limit is not None or offset is not None:
            count = self._limit_value(limit, "limit") if limit is not None else None
            skip = self._limit_value(offset, "offset") if offset is not None else 0
            plan = L.Limit(plan, count, int(skip or 0))
        return plan

    def _limit_value(self, clause: exp.Expr, what: str) -> int | None:
        """LIMIT's or OFFSET's count, checked as Spark checks it: a constant (IS_UNFOLDABLE),
        of an integral type (DATA_TYPE; NULL is VOID), not negative (IS_NEGATIVE)."""
        shown = clause.expression.sql(dialect="spark").strip("'")
        x = self.expr(clause.expression)
        x = x.child if isinstance(x, n.Alias) else x

        def invalid(kind: str, why: str) -> AnalysisException:
            return AnalysisException(
                f'[INVALID_LIMIT_LIKE_EXPRESSION.{kind}] The limit like expression "{shown}" is invalid. {why} SQLSTATE: 42K0E',
                f"INVALID_LIMIT_LIKE_EXPRESSION.{kind}",
            )

        if not isinstance(x, n.Literal):
            from engine.optimizer.exprs import is_deterministic
            from engine.optimizer.rules.constant_folding import fold

            unfoldable = invalid("IS_UNFOLDABLE", f"The {what} expression must evaluate to a constant value.")
            if any(isinstance(c, n.UnresolvedColumn) for c in tr.walk(x)):
                raise unfoldable
            resolved = resolve(x, Scope((), self.cs))
            if not is_deterministic(resolved):  # ``LIMIT CASE WHEN rand() < 0.5 THEN 1 END``
                raise unfoldable
            x = fold(resolved)
            if not isinstance(x, n.Literal):
                raise unfoldable
        value, dtype = x.value, x.dtype
        if value is None or not T.is_integral(dtype):
            shown_type = "VOID" if value is None else dtype.simpleString().upper()
            raise invalid("DATA_TYPE", f'The {what} expression must be integer type, but got "{shown_type}".')
        if value < 0:
            raise invalid("IS_NEGATIVE", f"The {what} expression must be equal to or greater than 0, but got {value}.")
        return int(value)

    def _order_by_all(self, keys: list[n.Expr], plan: LogicalPlan, e: exp.Expr) -> list[n.Expr]:
        """``ORDER BY ALL [DESC]``: every select-list column in order, each sorted that way
        (unless the query has a column named ``all``, which it then names)."""
        match keys:
            case [n.SortOrder(child=n.UnresolvedColumn(parts=(word,))) as key] if word.lower() == "all":
                columns = output(plan)
                if any(c.name.lower() == "all" for c in columns):
                    return keys
                selected = e.expressions if isinstance(e, exp.Select) else []
                count = len(columns) if not selected or any(isinstance(x, exp.Star) or x.is_star for x in selected) else len(selected)
                return [replace(key, child=n.Literal(i, T.IntegerType())) for i in range(1, count + 1)]
            case _:
                return keys

    def _ordinal(self, key: n.Expr, plan: LogicalPlan) -> n.Expr:
        assert isinstance(key, n.SortOrder)
        c = key.child
        if isinstance(c, n.Literal) and isinstance(c.value, int) and not isinstance(c.value, bool):
            cols = output(plan)
            if not 1 <= c.value <= len(cols):
                raise AnalysisException(
                    f"[ORDER_BY_POS_OUT_OF_RANGE] ORDER BY position {c.value} is not in select list (valid range is "
                    f"[1, {len(cols)}]). SQLSTATE: 42805",
                    "ORDER_BY_POS_OUT_OF_RANGE",
                )
            return n.SortOrder(cols[c.value - 1], key.ascending, key.nulls_first)
        return key


def _refuse_outer_columns_in_select(plan: LogicalPlan) -> None:
    """A set operation's branch inside a subquery whose select list computes with outer columns
    (``SELECT t1a - t0a AS d FROM t1 UNION ALL ...``): the engine cannot type it before the
    subquery is decorrelated, so it is refused clearly (Spark decorrelates it)."""
    while isinstance(plan, (L.SubqueryAlias, L.Sort, L.Limit, L.Distinct)):
        plan = plan.input
    if isinstance(plan, L.Project) and any(tr.contains(x, n.OuterRef) for x in plan.exprs):
        raise AnalysisException(
            "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Unsupported subquery expression: "
            "outer column references in the select list of a UNION / INTERSECT / EXCEPT branch inside a subquery "
            "are not supported yet; filter on them in the branch's WHERE instead.",
            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE",
        )


def _refuse_ungrouped_scalar_subqueries(items: list[n.Expr]) -> None:
    """Spark's SCALAR_SUBQUERY_IS_IN_GROUP_BY_OR_AGGREGATE_FUNCTION: a correlated scalar subquery
    in an aggregating select list that is neither a grouping key (those read the key by now)
    nor inside an aggregate (hoisted by now) has no one value per group."""
    from engine.logical.correlated import outer_references
    from engine.logical.subquery_joins import _spark_name as subquery_name

    for item in items:
        for x in tr.walk(item):
            if isinstance(x, n.CorrelatedSubquery) and x.kind == "scalar" and outer_references(x.plan):
                shown = subquery_name(x)
                raise AnalysisException(
                    f"[SCALAR_SUBQUERY_IS_IN_GROUP_BY_OR_AGGREGATE_FUNCTION] The correlated scalar subquery "
                    f"'\"{shown}\"' is neither present in GROUP BY, nor in an aggregate function. Add it to GROUP "
                    "BY using ordinal position or wrap it in `first()` (or `first_value`) if you don't care which "
                    "value you get. SQLSTATE: 0A000",
                    "SCALAR_SUBQUERY_IS_IN_GROUP_BY_OR_AGGREGATE_FUNCTION",
                    {"sqlExpr": f'"{shown}"'},
                )


def _spark_name(e: n.Expr, scope: Scope) -> str:
    """The name Spark gives unaliased `e`: the name of the resolved expression."""
    try:
        return sql_name(resolve(e, scope))
    except AnalysisException:
        if tr.contains(e, n.CorrelatedSubquery):  # named as Spark names its subqueries
            from engine.logical.subquery_joins import with_named_placeholders

            try:
                return sql_name(resolve(with_named_placeholders(e), scope))
            except AnalysisException:
                pass
        return sql_name(e)


def _hoist_outer_aggregates(tree: exp.Expr, hoisted: Callable[[exp.Expr], n.Expr]) -> exp.Expr:
    """HAVING's subqueries with an aggregate of the outer query's columns only (``HAVING EXISTS
    (SELECT 1 FROM b WHERE b.x < min(emp.salary))``): that aggregate is the outer query's, as
    Spark evaluates it, and the subquery reads its value as an outer column (`hoisted` gives the
    aggregate's output column). Columns must name an outer relation to be taken for outer ones."""
    from sql.lateral import _own_sources

    subqueries = [q for q in tree.find_all(exp.Select) if q is not tree]
    if not subqueries:
        return tree
    tree = tree.copy()
    for sub in [q for q in tree.find_all(exp.Select) if q is not tree]:
        own = {t.alias_or_name.lower() for t in _own_sources(sub)}
        for call in list(sub.find_all(exp.AggFunc)):
            columns = list(call.find_all(exp.Column))
            if columns and all(c.table and c.table.lower() not in own for c in columns):
                out = hoisted(call)
                if isinstance(out, n.UnresolvedColumn):
                    call.replace(exp.column(out.name))
    return tree


def _outside_subqueries(node: exp.Expr, clause: exp.Expr) -> bool:
    """Whether `node` belongs to `clause` itself, not to a query nested in it."""
    parent = node.parent
    while parent is not None and parent is not clause:
        if isinstance(parent, exp.Query):
            return False
        parent = parent.parent
    return True
