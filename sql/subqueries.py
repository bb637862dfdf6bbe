"""Subqueries in predicates: EXISTS / IN become semi and anti joins, correlated scalar
subqueries are decorrelated by sqlglot's own `decorrelate` (after `qualify`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.errors import OptimizeError
from sqlglot.helper import name_sequence
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import traverse_scope
from sqlglot.optimizer.unnest_subqueries import decorrelate

from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.resolve import Scope, resolve
from engine.expr.typing import nullable_of
from engine.logical import builder as B
from engine.logical.nodes import LogicalPlan, output
from sql.relations import _and, from_clause, resolves

if TYPE_CHECKING:
    from sql.to_logical import QueryTranslator


def conjuncts(e: exp.Expr | None) -> list[exp.Expr]:
    """``a AND (b AND c)`` -> [a, b, c]; conditions common to every branch of an OR are taken
    out of it (``(k = j AND x) OR (k = j AND y)`` -> ``k = j``, ``x OR y``), so they can join."""
    if e is None:
        return []
    inner = e.unnest()
    if isinstance(inner, exp.Not) and (pushed := _pushed_not(inner.this)) is not None:
        return conjuncts(pushed)
    if isinstance(inner, exp.Or):
        inner = _nots_pushed(inner)
    if isinstance(inner, exp.And):
        return conjuncts(inner.this) + conjuncts(inner.expression)
    if isinstance(inner, exp.Or):
        return _factor_or(inner)
    return [inner]


def _pushed_not(e: exp.Expr) -> exp.Expr | None:
    """``NOT e`` one level further in, when `e` holds an EXISTS / IN subquery: ``NOT NOT x`` is
    ``x``, ``NOT (a OR b)`` is ``NOT a AND NOT b`` (and De Morgan for AND), as Spark simplifies
    a condition before it rewrites its subqueries, so ``NOT (x > 5 OR x IN (...))`` ends in a
    null-aware anti join rather than a negated value. None where nothing changes."""
    inner = e.unnest()
    if not any(isinstance(x, exp.Exists) or isinstance(x, exp.In) and x.args.get("query") for x in inner.walk()):
        return None
    if isinstance(inner, exp.Not):
        return inner.this.unnest()
    if isinstance(inner, exp.And):
        return exp.or_(exp.not_(inner.this.unnest()), exp.not_(inner.expression.unnest()))
    if isinstance(inner, exp.Or):
        return exp.and_(exp.not_(inner.this.unnest()), exp.not_(inner.expression.unnest()))
    return None


def _nots_pushed(e: exp.Expr) -> exp.Expr:
    """`e` with every NOT over a subquery predicate's AND / OR / NOT pushed in (`_pushed_not`)."""
    inner = e.unnest()
    if isinstance(inner, exp.Not) and (pushed := _pushed_not(inner.this)) is not None:
        return _nots_pushed(pushed)
    if isinstance(inner, (exp.And, exp.Or)):
        parts = (_nots_pushed(inner.this), _nots_pushed(inner.expression))
        return exp.and_(*parts) if isinstance(inner, exp.And) else exp.or_(*parts)
    return e


def _disjuncts(e: exp.Expr) -> list[exp.Expr]:
    inner = e.unnest()
    return _disjuncts(inner.this) + _disjuncts(inner.expression) if isinstance(inner, exp.Or) else [inner]


def _factor_or(e: exp.Or) -> list[exp.Expr]:
    branches = [conjuncts(d) for d in _disjuncts(e)]
    common = [c for c in branches[0] if all(any(c == x for x in b) for b in branches[1:])]
    if not common:
        return [e]
    rests = [[x for x in b if not any(x == c for c in common)] for b in branches]
    if any(not r for r in rests):
        return common  # one branch is just the common part: the OR adds nothing
    ors: list[exp.Expr] = [exp.and_(*r) if len(r) > 1 else r[0] for r in rests]
    combined = ors[0]
    for o in ors[1:]:
        combined = exp.or_(combined, o)
    return [*common, combined]


def _predicate(c: exp.Expr) -> tuple[exp.Expr, bool] | None:
    """(EXISTS or IN-subquery node, negated) if `c` is one, else None."""
    negated = isinstance(c, exp.Not)
    inner = c.this.unnest() if negated else c
    if isinstance(inner, exp.Exists) or (isinstance(inner, exp.In) and inner.args.get("query") is not None):
        return inner, negated
    return None


def is_predicate_subquery(c: exp.Expr) -> bool:
    return _predicate(c) is not None


def apply_predicate(q: QueryTranslator, plan: LogicalPlan, c: exp.Expr) -> LogicalPlan:
    """``plan WHERE [NOT] EXISTS (...)`` / ``x [NOT] IN (SELECT ...)`` as a left semi / anti join.

    Conditions of the subquery that name outer columns become the join condition, as
    Spark's RewritePredicateSubquery does. NOT IN is null-aware: a NULL on either side
    makes the row fail, so the anti join also matches when ``x = y`` is NULL.
    """
    found = _predicate(c)
    assert found is not None
    node, negated = found
    kind = "left_anti" if negated else "left_semi"
    sub = node.this if isinstance(node, exp.Exists) else node.args["query"]
    sub = sub.this if isinstance(sub, exp.Subquery) else sub
    width = len(node.this.expressions) if isinstance(node, exp.In) and isinstance(node.this, exp.Tuple) else 1
    try:
        left = (node.this.expressions if width > 1 else [node.this]) if isinstance(node, exp.In) else []
        right, correlated, value = _inner(
            q, sub, plan, want_value=isinstance(node, exp.In), negated=negated, width=width, left=left
        )
    except (_NotAJoinCondition, AnalysisException) as err:
        # aggregation / LIMIT over correlated rows, outer columns in a set operation or a JOIN's ON:
        # the builder decorrelates the plan (an unresolved column that is no outer one fails there)
        if isinstance(err, AnalysisException) and err.error_class != "UNRESOLVED_COLUMN.WITH_SUGGESTION":
            raise
        kind = "in" if isinstance(node, exp.In) else "exists"
        tested = q.predicate_subquery(sub, kind, q.expr(node.this) if kind == "in" else None)
        return B.filter_(plan, n.UnresolvedFunction("not", (tested,)) if negated else tested, q.cs)
    right = B.deduplicate_right(plan, right)
    outer_scope, inner_scope = Scope(output(plan), q.cs), Scope(output(right), q.cs)
    conds = [_resolve_inner_first(c, inner_scope, outer_scope) for c in correlated]
    if isinstance(node, exp.In):
        # ``(a, b) IN (SELECT x, y ...)`` compares column by column: a = x AND b = y
        outers = node.this.expressions if width > 1 else [node.this]
        inners = list(value.args) if isinstance(value, n.UnresolvedFunction) and width > 1 else (
            [value] if value is not None else list(output(right)[:width])
        )
        pairs = [(resolve(q.expr(o), outer_scope), resolve(i, inner_scope)) for o, i in zip(outers, inners)]
        _refuse_map_values([o for o, _ in pairs])
        eq: n.Expr = _and([n.UnresolvedFunction("=", pair) for pair in pairs])
        if negated and any(nullable_of(x) for pair in pairs for x in pair):
            eq = n.UnresolvedFunction("or", (eq, n.UnresolvedFunction("isnull", (eq,))))
        conds.insert(0, eq)
    return B.join(plan, right, kind, _and(conds) if conds else None, q.cs)


def _refuse_map_values(values: list[n.Expr]) -> None:
    """Spark's INVALID_ORDERING_TYPE for ``m IN (SELECT ...)`` over a map value: the subquery
    predicate itself refuses it (maps have no equality), before any ``=`` is built."""
    from engine.expr.display import sql_name
    from engine.expr.signatures._common import type_name
    from engine.expr.signatures.operators import has_map
    from engine.expr.typing import dtype_of

    for v in values:
        t = dtype_of(v)
        if has_map(t):
            shown = ", ".join(sql_name(x) for x in values)
            raise AnalysisException(
                f'[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "({shown} IN (listquery()))" due to data '
                f"type mismatch: The `insubquery` does not support ordering on type {type_name(t)}.",
                "DATATYPE_MISMATCH.INVALID_ORDERING_TYPE",
            )


class _NotAJoinCondition(Exception):
    """The subquery's correlated conditions cannot simply become the join condition."""


def _resolve_inner_first(e: n.Expr, inner: Scope, outer: Scope) -> n.Expr:
    """Columns of a correlated condition: the subquery's own first, then the outer query's (as Spark)."""

    def bind(x: n.Expr) -> n.Expr:
        if isinstance(x, n.UnresolvedColumn):
            try:
                return resolve(x, inner)
            except AnalysisException:
                return resolve(x, outer)
        return x

    return tr.transform_up(e, bind)


def _inner(
    q: QueryTranslator,
    sub: exp.Expr,
    outer: LogicalPlan,
    want_value: bool,
    negated: bool = False,
    width: int = 1,
    left: Sequence[exp.Expr] = (),
) -> tuple[LogicalPlan, list[n.Expr], n.Expr | None]:
    """The subquery's plan, its correlated conditions, and (for IN) the value it yields (a
    ``struct`` of its `width` columns when the IN tests a tuple)."""
    child = q.child()
    if isinstance(sub, exp.Select) and sub.args.get("where") is not None:
        where = sub.args["where"].this
        preds = [c for c in conjuncts(where) if is_predicate_subquery(c)]
        plain = [child.expr(c) for c in conjuncts(where) if not is_predicate_subquery(c)]
        plan, rest = from_clause(child, sub, plain)
        correlated = [c for c in rest if not resolves(c, output(plan), q.cs)]
        if correlated:
            if want_value and not negated and (sub.args.get("group") or _has_aggregate(child, sub)):
                return _grouped_by_correlation(q, sub, plan)
            if sub.args.get("limit") is not None and not want_value and _positive_limit(q, sub):
                sub = sub.copy()
                sub.set("limit", None)  # EXISTS (... LIMIT 1): any row still exists
            if (
                any(sub.args.get(k) for k in ("group", "having", "limit", "offset", "qualify"))
                or _has_aggregate(child, sub)
                or any(x.find(exp.Window) for x in sub.expressions)  # windows over the correlated rows
            ):
                raise _NotAJoinCondition()
            local = [c for c in rest if c not in correlated]
            if local:
                plan = B.filter_(plan, _and(local), q.cs)
            for p in preds:
                plan = apply_predicate(child, plan, p)
            for c in correlated:
                if not resolves(c, output(plan) + output(outer), q.cs):
                    resolve(c, Scope(output(plan), q.cs))  # raises the unresolved-column error
            if want_value:
                _check_in_width(q, sub, plan, outer, correlated, width, left)
            items = [child.expr(x.unalias()) for x in sub.expressions[:width]]
            value = (items[0] if width == 1 else n.UnresolvedFunction("struct", tuple(items))) if want_value else None
            return plan, correlated, value
    plan = child.query(sub)
    if want_value and len(output(plan)) != width:
        from engine.expr.display import expr_sql
        from engine.logical.subquery_joins import in_length_mismatch

        raise in_length_mismatch([expr_sql(q.expr(x)) for x in left], [a.name for a in output(plan)])
    return plan, [], None


def _check_in_width(
    q: QueryTranslator,
    sub: exp.Select,
    plan: LogicalPlan,
    outer: LogicalPlan,
    correlated: list[n.Expr],
    width: int,
    left: Sequence[exp.Expr],
) -> None:
    """A correlated ``x IN (SELECT a, b ...)`` whose columns do not match the tested value's is
    Spark's IN_SUBQUERY_LENGTH_MISMATCH, shown with the outer columns the subquery reads
    (``listquery(name)``), rather than a test of the first columns only."""
    starred = any(isinstance(x, exp.Star) or isinstance(x, exp.Column) and isinstance(x.this, exp.Star) for x in sub.expressions)
    names = [a.name for a in output(plan)] if starred else [x.alias_or_name for x in sub.expressions]
    if len(names) == width:
        return
    from engine.expr.display import expr_sql
    from engine.logical.subquery_joins import in_length_mismatch

    inner, outside = output(plan), output(outer)
    reads = [
        c.parts[-1]
        for cond in correlated
        for c in tr.walk(cond)
        if isinstance(c, n.UnresolvedColumn) and not resolves(c, inner, q.cs) and resolves(c, outside, q.cs)
    ]
    raise in_length_mismatch([expr_sql(q.expr(x)) for x in left], names, list(dict.fromkeys(reads)))


def _positive_limit(q: QueryTranslator, sub: exp.Select) -> bool:
    value = q.constant(sub.args["limit"].expression)
    return isinstance(value, int) and value > 0 and sub.args.get("offset") is None


def _grouped_by_correlation(q: QueryTranslator, sub: exp.Select, inner: LogicalPlan) -> tuple[LogicalPlan, list[n.Expr], n.Expr]:
    """``x IN (SELECT max(y) FROM t WHERE t.k = o.k)``: the subquery grouped by its side of each
    equality with the outer query (``SELECT max(y), t.k FROM t GROUP BY t.k``), joined on them."""
    local: list[exp.Expr] = []
    pairs: list[tuple[exp.Expr, exp.Expr]] = []
    child = q.child()
    for c in conjuncts(sub.args["where"].this):
        if resolves(child.expr(c), output(inner), q.cs):
            local.append(c)
            continue
        sides = (c.this, c.expression) if isinstance(c, exp.EQ) else ()
        mine = [x for x in sides if resolves(child.expr(x), output(inner), q.cs)]
        if len(mine) != 1 or len(sides) != 2:
            raise _NotAJoinCondition()  # ``t2.b > t1.b``: the builder groups by the outer values it reads
        pairs.append((mine[0], sides[1] if mine[0] is sides[0] else sides[0]))
    grouped = sub.copy()
    grouped.set("where", exp.Where(this=exp.and_(*local)) if local else None)
    names = [f"__corr{i}" for i in range(len(pairs))]
    grouped.select(*(exp.alias_(i.copy(), name) for (i, _), name in zip(pairs, names)), copy=False)
    grouped.group_by(*(i.copy() for i, _ in pairs), copy=False)
    plan = child.query(grouped)
    conds: list[n.Expr] = [n.UnresolvedFunction("=", (n.UnresolvedColumn(name), q.expr(o))) for (_, o), name in zip(pairs, names)]
    return plan, conds, output(plan)[0]


def _has_aggregate(q: QueryTranslator, sub: exp.Select) -> bool:
    from sql.aggregates import has_aggregate

    return any(has_aggregate(q.expr(s)) for s in sub.expressions if not isinstance(s, exp.Star))


# ---------------------------------------------------------------------------- scalar


def _scalar_subqueries(tree: exp.Expr) -> list[exp.Subquery]:
    """The scalar subqueries of `tree` sqlglot may decorrelate: not those of a JOIN's ON, where
    Spark refuses a correlated one (the logical builder raises its error)."""
    return [
        s for s in tree.find_all(exp.Subquery)
        if not isinstance(s.parent, (exp.From, exp.Join, exp.In, exp.Exists, exp.Union, exp.Intersect, exp.Except))
        and isinstance(s.this, (exp.Select, exp.SetOperation))
        and not _in_join_condition(s)
    ]  # fmt: skip


def _in_join_condition(e: exp.Expr) -> bool:
    node = e
    while node.parent is not None:
        if isinstance(node.parent, exp.Join) and node.arg_key == "on":
            return True
        node = node.parent
    return False


def decorrelate_scalar_subqueries(q: QueryTranslator, tree: exp.Expr) -> exp.Expr:
    """`tree` with correlated scalar subqueries turned into joins by sqlglot's `decorrelate`.

    ``WHERE x = (SELECT min(y) FROM t WHERE t.k = o.k)`` becomes a LEFT JOIN to
    ``SELECT min(y), k FROM t GROUP BY k``. Queries without a correlated scalar subquery
    come back unchanged (unqualified), so their names and spelling stay as written.
    """
    if not _scalar_subqueries(tree):
        return tree
    schema = _schema(q, tree)
    if schema is None:
        return tree
    from sql.parse import DIALECT

    names = _output_names(tree)
    try:
        qualified = qualify(tree.copy(), dialect=DIALECT, schema=schema, validate_qualify_columns=False)
    except (OptimizeError, Exception):
        return tree
    scopes = [s for s in traverse_scope(qualified) if s.external_columns and s.expression.parent_select is not None]
    scalar = [
        s for s in scopes
        if isinstance(s.expression.parent, exp.Subquery) and s.expression.parent in _scalar_subqueries(qualified)
        and _one_row_per_key(q, s.expression)
    ]  # fmt: skip
    if not scalar:
        return tree
    next_alias = name_sequence("_u_")
    for s in scalar:
        _name_value(s.expression)
        decorrelate(s.expression, s.expression.parent_select, s.external_columns, next_alias)
    _restore_names(qualified, names)
    return qualified


def _name_value(sub: exp.Expr) -> None:
    """Alias a correlated scalar subquery's one value ``scalarsubquery(<outer columns>)``, the
    name Spark shows for it inside a larger expression (``coalesce(scalarsubquery(k), 0)``);
    the decorrelating join's column takes that name instead of qualify's ``_col_0``."""
    if not isinstance(sub, exp.Select) or len(sub.expressions) != 1 or not (outer := _outer_columns(sub)):
        return
    if isinstance(sub.parent, exp.Subquery) and isinstance(sub.parent.parent, exp.Lateral | exp.From | exp.Join):
        return  # a LATERAL relation: its columns keep their names
    value = sub.expressions[0]
    value = value.this if isinstance(value, exp.Alias) else value
    name = exp.to_identifier(f"scalarsubquery({', '.join(outer)})", quoted=True)
    sub.set("expressions", [exp.alias_(value, name)])


def _one_row_per_key(q: QueryTranslator, sub: exp.Expr) -> bool:
    """Whether a correlated scalar subquery aggregates without GROUP BY, so sqlglot's
    decorrelation (grouping it by its correlation keys) keeps its meaning. Any other is left
    to the engine's subquery join, which raises Spark's SCALAR_SUBQUERY_TOO_MANY_ROWS where a
    row of the outer query meets more than one row of it. So is a count: sqlglot fills an outer
    row without matches with ``coalesce(count, 0)``, typed not null, where Spark's value is
    nullable (the engine's join reads the count over no rows instead)."""
    if isinstance(sub.parent, exp.Subquery) and isinstance(sub.parent.parent, exp.Lateral):
        return True  # a LATERAL relation, not a value: it may have any number of rows
    if isinstance(sub, exp.Select) and any(x.find(exp.Count) for x in sub.expressions):
        return False
    return isinstance(sub, exp.Select) and not sub.args.get("group") and _has_aggregate(q, sub)


def _schema(q: QueryTranslator, tree: exp.Expr) -> dict[str, object] | None:
    cte_names = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    schema: dict[str, object] = {}
    for t in tree.find_all(exp.Table):
        if t.name.lower() in cte_names or t.db or not isinstance(t.this, exp.Identifier):
            if t.db:
                return None
            continue
        try:
            plan = q.session.lookup_table(t.name)
        except AnalysisException:
            return None
        schema[t.name.lower()] = {a.name.lower(): a.dtype.simpleString() for a in output(plan)}
    return schema


def _output_names(tree: exp.Expr) -> list[str | None]:
    """The outermost SELECT's column names as written (None where Spark derives the name)."""
    if not isinstance(tree, exp.Select):
        return []
    out: list[str | None] = []
    for s in tree.expressions:
        if isinstance(s, exp.Alias):
            out.append(s.alias)
        elif isinstance(s, exp.Column) and not isinstance(s.this, exp.Star):
            out.append(s.name)
        elif isinstance(s, exp.Subquery) and (outer := _outer_columns(s.this)):
            out.append(f"scalarsubquery({', '.join(outer)})")  # Spark names it by its outer columns
        else:
            out.append(None)
    return out


def _outer_columns(sub: exp.Expr) -> list[str]:
    """The outer query's columns a correlated subquery reads (qualified by a relation it does
    not have), by name, once per use."""
    from sql.lateral import _own_sources

    own = {t.alias_or_name.lower() for t in _own_sources(sub)}
    names = [c.name for c in sub.find_all(exp.Column, bfs=False) if c.table and c.table.lower() not in own]
    return names  # a column read twice is named twice, as Spark names it


def _restore_names(tree: exp.Expr, names: list[str | None]) -> None:
    """Undo qualify's renaming of the outer select: original alias case, no ``_col_0`` names."""
    if not isinstance(tree, exp.Select) or len(tree.expressions) != len(names):
        return
    for s, name in zip(list(tree.expressions), names):
        if not isinstance(s, exp.Alias):
            continue
        if name is None:
            s.replace(s.this)
        else:
            s.set("alias", exp.to_identifier(name, quoted=True))
