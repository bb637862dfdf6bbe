"""Correlated subqueries turned into joins: the DataFrame API's (``col.outer()``) and SQL's
that sqlglot's decorrelation leaves (LATERAL, aggregates over non-equality correlation).

A subquery keeps each filter that names outer columns with those references unresolved
(`n.OuterRef`). Decorrelation pulls such predicates up to the top of the
subquery, through projections (which keep the columns a predicate needs) and aggregations
(grouped by the inner side of each equality), as Spark's PullupCorrelatedPredicates does.
The predicates then join the subquery to the outer plan: EXISTS is a left semi join (NOT
EXISTS a left anti join), a scalar subquery or an EXISTS value a left outer join, a
lateral join the join asked for.

Before: ``Filter(e1, salary > scalar(Aggregate([], [avg(salary)], Filter(e2, dept = outer(e1.dept)))))``
After:  ``Filter(Join(e1, Aggregate([dept], [avg(salary), dept], e2), left, dept = e1.dept), salary > avg)``
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.display import sql_name
from engine.expr.nodes import Expr
from engine.expr.resolve import Scope, resolve
from engine.expr.typing import dtype_of
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output

# Aggregates whose value over no rows is 0, not null: a correlated scalar subquery gives an
# outer row without matches its aggregates' values over no rows (Spark's "count bug" handling).
_COUNTS = frozenset({"count", "count_if", "approx_count_distinct", "regr_count"})
# Aggregates whose value over no rows is an empty array.
_COLLECTS = frozenset({"collect_list", "collect_set", "array_agg"})


def bind_local(e: Expr, scope: Scope) -> Expr:
    """`e` with its own columns resolved against `scope`; outer references and subqueries
    are left for the query they belong to."""
    if isinstance(e, (n.OuterRef, n.CorrelatedSubquery, n.ScalarSubquery, n.Lambda)):
        return e
    if isinstance(e, n.UnresolvedColumn):
        return resolve(e, scope)
    return tr.map_children(e, lambda c: bind_local(c, scope))


def is_correlated(plan: LogicalPlan) -> bool:
    """Whether `plan` holds a filter (or a join condition) naming outer columns."""
    if isinstance(plan, L.Filter) and tr.contains(plan.condition, n.OuterRef):
        return True
    if isinstance(plan, L.Join) and plan.condition is not None and tr.contains(plan.condition, n.OuterRef):
        return True
    return any(is_correlated(c) for c in L.children(plan))


def resolve_outer_references(plan: LogicalPlan) -> LogicalPlan:
    """A plan run as it is (not as a subquery) reads its outer references as its own columns,
    as Spark does: ``col("k").outer()`` is ``k`` (or Spark's UNRESOLVED_COLUMN error)."""
    kids = L.children(plan)
    new_kids = tuple(resolve_outer_references(k) for k in kids)
    if any(a is not b for a, b in zip(kids, new_kids)):
        plan = L.with_children(plan, new_kids)
    if isinstance(plan, L.Filter) and tr.contains(plan.condition, n.OuterRef):
        return L.Filter(plan.input, resolve(plan.condition, Scope(output(plan.input))))
    if isinstance(plan, L.Project) and any(tr.contains(e, n.OuterRef) for e in plan.exprs):
        from engine.logical.builder import named

        scope = Scope(output(plan.input))
        return L.Project(plan.input, tuple(named(resolve(e, scope)) for e in plan.exprs))
    return plan


@dataclass(frozen=True)
class Pulled:
    """A subquery without its correlated predicates, and those predicates.

    `conditions` hold the subquery's own columns as Attributes of `plan`'s output and the
    outer query's as `OuterRef`s. `single_row` says the subquery aggregates without grouping
    (one row per outer row, even without matches); `empty` gives the value each of its columns
    then takes for an outer row without matches, where that may not be null (``count(*) + 1``
    is 1), as Spark's count-bug handling evaluates the subquery over no rows.

    `matched` (see `with_matched`) is a column of `plan` that is true on every row: after the
    left join it is null exactly where no row matched, which tells such an outer row from a
    match whose value is null. `having` is the HAVING condition of an ungrouped aggregation,
    kept as a column rather than a filter so that a group it rejects is told from no match.
    `above` (see `pull_up`'s `keep_above`) is a HAVING of an ungrouped aggregation that reads
    outer columns: it tests the one row the subquery has for each outer row, after the join.
    """

    plan: LogicalPlan
    conditions: tuple[Expr, ...] = ()
    single_row: bool = False
    empty: dict[int, Expr] = field(default_factory=dict)
    matched: n.Attribute | None = None
    having: n.Attribute | None = None
    above: tuple[Expr, ...] = ()


def pull_up(
    plan: LogicalPlan, outer: LogicalPlan | None = None, values: bool = False, keep_above: bool = False
) -> Pulled:
    """Remove the correlated predicates of `plan`, keeping what they need in its output.

    `outer` is the query the subquery is used in: an aggregation below predicates other than
    ``inner = outer`` is grouped by the outer values they read (see `domain_joined`). Where the
    subquery's values are read (`values`: a scalar subquery, a lateral join), the HAVING of an
    ungrouped aggregation stays the `having` column for `with_empty_values`; elsewhere (EXISTS,
    IN) it filters, as written. With `keep_above`, a HAVING of an ungrouped aggregation that
    reads outer columns stays `above`, to test the subquery's values after the join (EXISTS);
    otherwise it joins as the other correlated predicates.
    """
    pulled = _pull_up(plan, outer)
    if pulled.above and not keep_above:
        pulled = replace(pulled, conditions=pulled.conditions + pulled.above, above=())
    if values or pulled.having is None:
        return pulled
    return replace(pulled, plan=L.Filter(pulled.plan, pulled.having), having=None)


def _pull_up(plan: LogicalPlan, outer: LogicalPlan | None) -> Pulled:
    match plan:
        case L.Filter(input=child, condition=cond) if tr.contains(cond, n.OuterRef):
            inner = _pull_up(child, outer)
            if inner.single_row and inner.conditions:
                # ``HAVING max(b) > outer(x)``: one row per outer row below, tested after the join
                return replace(inner, above=inner.above + tuple(conjuncts(cond)))
            local = [c for c in conjuncts(cond) if not tr.contains(c, n.OuterRef)]
            if local:
                inner = _filtered(inner, resolve(and_all(local), Scope(output(inner.plan))))
            found = tuple(c for c in conjuncts(cond) if tr.contains(c, n.OuterRef))
            return replace(inner, conditions=inner.conditions + found)
        case L.Limit(input=child, n=limit, offset=int(offset)) if is_correlated(child) and (
            isinstance(limit, int) or offset > 0
        ):
            return _pull_limited(child, limit, outer, offset)
        case L.Filter(input=child, condition=cond):
            inner = _pull_up(child, outer)
            return _filtered(inner, cond) if inner.conditions else Pulled(plan)
        case L.SubqueryAlias(input=child) | L.Hint(input=child):
            return _above(plan, _pull_up(child, outer))
        case L.Union() | L.SetOp() if outer is not None and is_correlated(plan):
            return _pull_set_operation(plan, outer)
        case L.Distinct(input=child) if is_correlated(child):
            return _pull_distinct(child, outer)
        case L.Join() if is_correlated(plan):
            return _pull_join(plan, outer)
        case L.Window(input=child) if is_correlated(child):
            return _pull_window(plan, outer)
        case L.Project(input=child, exprs=exprs) if is_correlated(child) and any(
            tr.contains(e, n.OuterRef) for e in exprs
        ):
            shown = next(sql_name(e) for e in exprs if tr.contains(e, n.OuterRef))
            raise AnalysisException(
                "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Unsupported subquery expression: "
                f'Expressions referencing the outer query are not supported outside of WHERE/HAVING clauses: "{shown}".',
                "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE",
            )
        case L.Project(input=child) | L.Sort(input=child):
            return _above(plan, _pull_up(child, outer))
        case L.Aggregate(input=child, groupings=groupings, outputs=outs, grouping_sets=None):
            inner = _pull_up(child, outer)
            if inner.conditions:
                if outer is not None and not all(is_equality(c) for c in inner.conditions):
                    inner = domain_joined(inner, outer)
                keys = grouping_keys(inner.conditions)
                grouped = {g.id for g in groupings if isinstance(g, n.Attribute)}
                shown = {a.id for a in output(plan)}
                aggregated = L.Aggregate(
                    inner.plan,
                    (*groupings, *(k for k in keys if k.id not in grouped)),
                    (*outs, *(k for k in keys if k.id not in shown)),
                )
                if groupings:
                    return replace(inner, plan=aggregated)
                # over an ungrouped aggregation (``SELECT sum(c) FROM (SELECT count(*) c ...)``) an
                # outer row without matches still sees one row below: the inner values over none
                below = inner.empty if inner.single_row and inner.having is None else None
                return replace(inner, plan=aggregated, single_row=True, empty=_empty_values(outs, below))
            return Pulled(plan)
    if is_correlated(plan):
        raise AnalysisException(
            "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Unsupported subquery "
            f"expression: outer column references below a {type(plan).__name__.lower()} of a subquery. "
            "Filter on outer columns (col(...).outer()) above joins and set operations.",
            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE",
        )
    return Pulled(plan)


def _outer_domain(refs: Sequence[n.OuterRef], outer: LogicalPlan) -> L.Distinct:
    """The distinct values of the outer columns `refs` read, as columns ``__outer<i>``."""
    scope = Scope(output(outer))
    values = tuple(n.Alias(resolve(r.child, scope), f"__outer{i}") for i, r in enumerate(refs))
    return L.Distinct(L.Project(outer, values))


def _pull_set_operation(plan: L.Union | L.SetOp, outer: LogicalPlan) -> Pulled:
    """A UNION / INTERSECT / EXCEPT whose branches filter on outer columns, as Spark's domain
    join: each branch is joined with the distinct outer values its predicates read (a branch
    without any with all of them), so the set operation runs per outer value, its key.

    Before: ``Union(Filter(t1, a = outer(x)), Filter(t2, b = outer(y)))``
    After:  ``Union(Join(t1, D, a = d0), Join(t2, D, b = d1))`` with ``d0 <=> outer(x), d1 <=> outer(y)``
    where D is ``Distinct(Project(outer, [x AS d0, y AS d1]))``.
    """
    from engine.logical.builder import union

    refs = outer_references(plan)
    branches: list[LogicalPlan] = []
    for kid in plan.inputs if isinstance(plan, L.Union) else (plan.left, plan.right):
        pulled = _pull_up(kid, outer)
        domain = _outer_domain(refs, outer)
        if pulled.conditions:
            slots = dict(zip(refs, output(domain)))
            both = Scope((*output(pulled.plan), *output(domain)))
            cond = resolve(and_all([_read_from(c, slots) for c in pulled.conditions]), both)
            joined: LogicalPlan = L.Join(pulled.plan, domain, "inner", cond)
        else:
            joined = L.Join(kid, domain, "cross")
        branches.append(L.Project(joined, (*output(kid), *output(domain))))
    merged = union(branches) if isinstance(plan, L.Union) else replace(plan, left=branches[0], right=branches[1])
    keys = output(merged)[len(output(plan)):]
    return Pulled(merged, tuple(n.UnresolvedFunction("<=>", (k, r)) for k, r in zip(keys, refs)))


def _read_from(e: Expr, slots: dict[n.OuterRef, n.Attribute]) -> Expr:
    """`e` with each outer reference read from its column of the outer values' domain."""
    return slots[e] if isinstance(e, n.OuterRef) else tr.map_children(e, lambda c: _read_from(c, slots))


def _pull_join(plan: L.Join, outer: LogicalPlan | None) -> Pulled:
    """A join inside the subquery with outer references below it or in its condition: an inner
    join's predicates on outer columns (its own, and those of both inputs) are pulled above it;
    a left (right) join may pull those of its preserved side only, as Spark does."""
    how = plan.how
    pull_left = how in ("inner", "cross", "left", "left_semi", "left_anti")
    pull_right = how in ("inner", "cross", "right")
    own = [c for c in conjuncts(plan.condition) if tr.contains(c, n.OuterRef)] if plan.condition is not None else []
    if own and how == "left" and outer is not None and not is_correlated(plan.right):
        return _left_join_on_outer_values(plan, outer)
    left = _pull_up(plan.left, outer) if pull_left else Pulled(plan.left)
    right = _pull_up(plan.right, outer) if pull_right else Pulled(plan.right)
    if (own and how not in ("inner", "cross")) or any(
        is_correlated(side) for side, pulled in ((plan.left, pull_left), (plan.right, pull_right)) if not pulled
    ):
        raise AnalysisException(
            "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.ACCESSING_OUTER_QUERY_COLUMN_IS_NOT_ALLOWED] Unsupported "
            f"subquery expression: Accessing outer query column is not allowed in this location: a {how} join "
            "of a subquery, on its null-supplying side or in its condition.",
            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.ACCESSING_OUTER_QUERY_COLUMN_IS_NOT_ALLOWED",
        )
    local = [c for c in conjuncts(plan.condition) if not tr.contains(c, n.OuterRef)] if plan.condition else []
    both = Scope((*output(left.plan), *output(right.plan)))
    cond = resolve(and_all(local), both) if local else None
    if cond is None and how in ("inner", "cross"):
        joined = L.Join(left.plan, right.plan, "cross")
    else:
        joined = L.Join(left.plan, right.plan, "inner" if how == "cross" else how, cond)
    if left.single_row or right.single_row:
        raise AnalysisException(
            "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Unsupported subquery expression: "
            "a join with a correlated aggregation inside a subquery.",
            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE",
        )
    found = tuple(bind_local(c, both) for c in own)
    return Pulled(joined, left.conditions + right.conditions + found)


def _left_join_on_outer_values(plan: L.Join, outer: LogicalPlan) -> Pulled:
    """``l LEFT JOIN r ON l.a = outer(x) AND ...``: every row of `l` (with its own correlated
    predicates) joined with the distinct outer values the subquery reads, then left-joined with
    `r` on the condition reading those values; the values are the keys (Spark's domain join)."""
    refs = outer_references(plan)
    domain = _outer_domain(refs, outer)
    slots = dict(zip(refs, output(domain)))
    left = _pull_up(plan.left, outer)
    with_domain = Scope((*output(left.plan), *output(domain)))
    if left.conditions:
        cond = resolve(and_all([_read_from(c, slots) for c in left.conditions]), with_domain)
        base: LogicalPlan = L.Join(left.plan, domain, "inner", cond)
    else:
        base = L.Join(left.plan, domain, "cross")
    assert plan.condition is not None
    both = Scope((*output(base), *output(plan.right)))
    joined = L.Join(base, plan.right, "left", resolve(_read_from(plan.condition, slots), both))
    return Pulled(joined, tuple(n.UnresolvedFunction("<=>", (slots[r], r)) for r in refs))


def _pull_window(plan: L.Window, outer: LogicalPlan | None) -> Pulled:
    """Window functions over a correlated input run per correlation group: its keys join the
    partitioning of every window, as Spark's decorrelation adds them."""
    inner = _keyed(_pull_up(plan.input, outer), outer)
    if not inner.conditions:
        return Pulled(plan)
    have = {p.id for p in plan.partition_by if isinstance(p, n.Attribute)}
    extra = tuple(k for k in grouping_keys(inner.conditions) if k.id not in have)

    def partitioned(e: Expr) -> Expr:
        if isinstance(e, n.WindowExpr):
            return replace(e, spec=replace(e.spec, partition_by=(*e.spec.partition_by, *extra)))
        return e

    exprs = tuple(replace(a, child=tr.transform_up(a.child, partitioned)) for a in plan.exprs)
    return replace(inner, plan=L.Window(inner.plan, exprs, (*plan.partition_by, *extra), plan.order_by))


def _pull_distinct(child: LogicalPlan, outer: LogicalPlan | None) -> Pulled:
    """DISTINCT over a correlated input: distinct rows per correlation key (the inner side of
    each ``inner = outer``; other predicates first join the outer values they read)."""
    inner = _pull_up(child, outer)
    if outer is not None and not all(is_equality(c) for c in inner.conditions):
        inner = domain_joined(inner, outer)
    keys = grouping_keys(inner.conditions)
    shown = {a.id for a in output(child)}
    columns = (*output(child), *(k for k in keys if k.id not in shown))
    return replace(inner, plan=L.Distinct(L.Project(inner.plan, columns)))


def _above(plan: LogicalPlan, inner: Pulled) -> Pulled:
    """`plan` (a one-input node) rebuilt over the pulled-up input; a projection keeps the
    columns the pulled predicates need."""
    if not inner.conditions:
        return Pulled(plan)
    if isinstance(plan, L.Project):
        have = {a.id for a in output(plan)}
        flags = [inner.having] if inner.having is not None else []
        needed = _inner_attributes((*inner.conditions, *inner.above))
        extra = [a for a in (*needed, *flags) if a.id not in have]
        projected = L.Project(inner.plan, (*plan.exprs, *dict.fromkeys(extra)))
        kept = {a.id: inner.empty[a.id] for a in extra if a.id in inner.empty}  # a HAVING's count(*)
        return replace(inner, plan=projected, empty={**kept, **_projected_empty_values(inner.empty, plan.exprs)})
    return replace(inner, plan=replace(plan, input=inner.plan))  # type: ignore[call-arg]


def _filtered(inner: Pulled, cond: Expr) -> Pulled:
    """The pulled-up subquery filtered by `cond` (its own columns only). Above an ungrouped
    aggregation the filter (a HAVING) becomes the `having` column instead, and the values over
    no rows hold only where it holds over no rows, as Spark pulls a HAVING above the join
    (``HAVING count(*) > 1`` leaves an outer row without matches null, not 0)."""
    if not inner.single_row:
        return replace(inner, plan=L.Filter(inner.plan, cond))
    scope = Scope(output(inner.plan))
    holds = _over_no_rows(resolve(cond, scope), inner.empty)  # (the values already hold an earlier HAVING)
    if inner.having is not None:
        cond = n.UnresolvedFunction("and", (inner.having, cond))
    plan = L.Project(inner.plan, (*output(inner.plan), n.Alias(resolve(cond, scope), "__having")))
    empty: dict[int, Expr] = {
        k: n.CaseWhen(((holds, v),), n.Literal(None, dtype_of(v)), dtype_of(v))
        for k, v in inner.empty.items()
    }
    return replace(inner, plan=plan, empty=empty, having=output(plan)[-1])


def _pull_limited(plan: LogicalPlan, limit: int | None, outer: LogicalPlan | None, offset: int = 0) -> Pulled:
    """``LIMIT k OFFSET m`` above `plan`: rows m + 1 to m + k of every correlation group, in the
    order of the sort below the limit (found through projections), as Spark rewrites it."""
    match plan:
        case L.Sort(input=child, order=order):
            inner = _keyed(_pull_up(child, outer), outer)
            keys = grouping_keys(inner.conditions)
            return replace(inner, plan=_top_per_group(inner.plan, keys, order, limit, offset))
        case L.Project(input=child) | L.SubqueryAlias(input=child) | L.Hint(input=child):
            return _above(plan, _pull_limited(child, limit, outer, offset))
    inner = _keyed(_pull_up(plan, outer), outer)
    return replace(inner, plan=_top_per_group(inner.plan, grouping_keys(inner.conditions), (), limit, offset))


def _keyed(inner: Pulled, outer: LogicalPlan | None) -> Pulled:
    """`inner` with only ``inner = outer`` predicates: others first join the outer values they
    read (`domain_joined`), whose columns then key the groups."""
    if outer is not None and not all(is_equality(c) for c in inner.conditions):
        return domain_joined(inner, outer)
    return inner


def conjuncts(e: Expr) -> list[Expr]:
    if isinstance(e, (n.UnresolvedFunction, n.Call)) and e.name.lower() == "and" and len(e.args) == 2:
        return conjuncts(e.args[0]) + conjuncts(e.args[1])
    return [e]


def and_all(parts: list[Expr]) -> Expr:
    out = parts[0]
    for p in parts[1:]:
        out = n.UnresolvedFunction("and", (out, p))
    return out


def _inner_attributes(conditions: Sequence[Expr]) -> list[n.Attribute]:
    """The subquery's own columns the conditions name (not those inside outer references)."""
    found: dict[int, n.Attribute] = {}

    def visit(e: Expr) -> None:
        if isinstance(e, n.Attribute):
            found.setdefault(e.id, e)
        elif not isinstance(e, n.OuterRef):
            for c in tr.children(e):
                visit(c)

    for c in conditions:
        visit(c)
    return list(found.values())


def is_equality(c: Expr) -> bool:
    """``inner = outer``: one side names only the subquery's columns, the other only outer ones."""
    sides = c.args if isinstance(c, n.UnresolvedFunction) and c.name in ("=", "==", "<=>") else ()
    return len(sides) == 2 and any(tr.contains(s, n.OuterRef) and not _inner_attributes([s]) for s in sides)


def grouping_keys(conditions: tuple[Expr, ...]) -> list[n.Attribute]:
    """An aggregate below correlated predicates is grouped by their inner sides, which needs
    every predicate to be ``inner = outer``."""
    for c in conditions:
        if not is_equality(c):
            raise AnalysisException(
                "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_COLUMN_IS_NOT_ALLOWED_IN_PREDICATE] "
                f"Unsupported subquery expression: the correlated predicate {sql_name(c)} of an aggregating "
                "subquery must be an equality between an outer column and the subquery's own columns.",
                "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_COLUMN_IS_NOT_ALLOWED_IN_PREDICATE",
            )
    return _inner_attributes(conditions)


def domain_joined(inner: Pulled, outer: LogicalPlan) -> Pulled:
    """Predicates such as ``salary > outer(budget)`` below an aggregation: the subquery's rows
    joined with every distinct outer value they read (the domain), so that the aggregation can
    group by those values; the remaining predicates are ``domain <=> outer`` equalities.

    Before: ``Aggregate([], [count(1)], Filter(emp, salary > outer(budget)))``
    After:  ``Aggregate([d], [count(1), d], Join(emp, Distinct(Project(dept, [budget AS d])), salary > d))``
    with ``d <=> outer(budget)`` left to join the aggregate back to the outer query.
    """
    refs = list(dict.fromkeys(x for c in inner.conditions for x in tr.walk(c) if isinstance(x, n.OuterRef)))
    scope = Scope(output(outer))
    values = [n.Alias(resolve(r.child, scope), f"__outer{i}") for i, r in enumerate(refs)]
    domain = L.Distinct(L.Project(outer, tuple(values)))
    slots = dict(zip(refs, output(domain)))

    def swap(e: Expr) -> Expr:
        return slots[e] if isinstance(e, n.OuterRef) else tr.map_children(e, swap)

    both = Scope((*output(inner.plan), *output(domain)))
    joined = L.Join(inner.plan, domain, "inner", resolve(and_all([swap(c) for c in inner.conditions]), both))
    return Pulled(joined, tuple(n.UnresolvedFunction("<=>", (slots[r], r)) for r in refs))


def outer_references(plan: LogicalPlan) -> list[n.OuterRef]:
    """The outer references of `plan`'s filters and join conditions, top down, each once."""
    return list(dict.fromkeys(outer_reference_uses(plan)))


def outer_reference_uses(plan: LogicalPlan) -> list[n.OuterRef]:
    """Every use of an outer column in `plan`'s filters and join conditions, top down (a column
    read twice, twice)."""
    found: list[n.OuterRef] = []
    if isinstance(plan, L.Filter):
        found += [x for x in tr.walk(plan.condition) if isinstance(x, n.OuterRef)]
    if isinstance(plan, L.Join) and plan.condition is not None:
        found += [x for x in tr.walk(plan.condition) if isinstance(x, n.OuterRef)]
    for child in L.children(plan):
        found += outer_reference_uses(child)
    return found


def _top_per_group(
    plan: LogicalPlan, keys: list[n.Attribute], orders: tuple[n.SortOrder, ...], limit: int | None, offset: int = 0
) -> LogicalPlan:
    """Rows `offset` + 1 to `offset` + `limit` of every correlation group (row_number over the
    group in `orders`; without an order any rows, as an unordered LIMIT takes)."""
    if not orders:
        orders = tuple(n.SortOrder(k, True) for k in keys)  # equal within a group: an arbitrary order
    spec = n.WindowSpecDef(tuple(keys), orders, n.Frame("rows", None, 0))
    scope = Scope(output(plan))
    rank = n.Alias(resolve(n.WindowExpr(n.UnresolvedFunction("row_number", ()), spec), scope), "__rank")
    ranked = L.Window(plan, (rank,), tuple(keys), orders)
    rank_col = n.UnresolvedColumn("__rank")
    bounds: list[Expr] = []
    if limit is not None:
        bounds.append(n.UnresolvedFunction("<=", (rank_col, n.Literal(offset + limit, T.IntegerType()))))
    if offset:
        bounds.append(n.UnresolvedFunction(">", (rank_col, n.Literal(offset, T.IntegerType()))))
    kept = L.Filter(ranked, resolve(and_all(bounds), Scope(output(ranked))))
    return L.Project(kept, output(plan))


def _over_no_rows(e: Expr, empty: dict[int, Expr]) -> Expr:
    """`e` (over an ungrouped aggregation's columns) as it reads over no rows: each column is
    its value over no rows (`empty`, else null)."""

    def swap(x: Expr) -> Expr:
        if isinstance(x, n.Attribute):
            return empty.get(x.id, n.Literal(None, x.dtype))
        return x

    return tr.transform_up(e, swap)


def _projected_empty_values(empty: dict[int, Expr], exprs: tuple[Expr, ...]) -> dict[int, Expr]:
    """The values over no rows of a projection above an ungrouped aggregation: ``count(*) + 1``
    is ``0 + 1``, ``coalesce(sum(x), 0)`` is ``coalesce(null, 0)``."""
    if not empty:
        return {}
    out: dict[int, Expr] = {}
    for e in exprs:
        if isinstance(e, n.Attribute):
            out[e.id] = _over_no_rows(e, empty)
        elif isinstance(e, n.Alias):
            out[e.id] = _over_no_rows(e.child, empty)
    return out


def _empty_values(outputs: tuple[Expr, ...], below: dict[int, Expr] | None = None) -> dict[int, Expr]:
    """Each output of an ungrouped aggregation over no rows: counts are 0, collections empty,
    every other aggregate null (``count(*) + 1`` is ``0 + 1``). With `below` (the aggregation
    reads an ungrouped aggregation, which gives one row even over none) each is its value over
    that one row of `below` values where that is known: ``count(*)`` 1, ``sum(c)`` c."""

    def over_no_rows(e: Expr) -> Expr:
        if not isinstance(e, n.AggCall):
            return e
        if below is not None:
            one = _over_one_row(e, below)
            if one is not None:
                return one
        name = e.name.lower()
        return n.Literal(0 if name in _COUNTS else [] if name in _COLLECTS else None, e.dtype)

    return {o.id: tr.transform_up(o.child, over_no_rows) for o in outputs if isinstance(o, n.Alias)}


def _over_one_row(call: n.AggCall, row: dict[int, Expr]) -> n.Literal | None:
    """`call` over one row whose columns hold the literal values `row` (else null), for the
    aggregates whose value over one row is plain; None for any other."""
    args = [_over_no_rows(a, row) for a in call.args]
    if call.distinct or call.filter is not None or not all(isinstance(a, n.Literal) for a in args):
        return None
    values = [a.value for a in args if isinstance(a, n.Literal)]
    name = call.name.lower()
    if name == "count":
        return n.Literal(0 if any(v is None for v in values) else 1, call.dtype)
    if name in ("sum", "min", "max", "first", "last", "first_value", "last_value", "any_value") and len(values) == 1:
        if isinstance(values[0], (bool, int, float)) or values[0] is None:
            return n.Literal(values[0], call.dtype)
    return None


@dataclass(frozen=True)
class Joined:
    """The outer plan joined with a subquery: the join, and the subquery's columns in it."""

    plan: LogicalPlan
    columns: tuple[n.Attribute, ...]


def outer_binder(
    outer: LogicalPlan, renamed: dict[n.Attribute, n.Attribute], case_sensitive: bool
) -> Callable[[Expr], Expr]:
    """Binds a pulled-up subquery expression for use above its join with `outer`: outer
    references resolve against `outer`, the subquery's columns take their names after the join."""
    outer_scope = Scope(output(outer), case_sensitive)
    by_id = {a.id: b for a, b in renamed.items()}

    def bind(e: Expr) -> Expr:
        if isinstance(e, n.OuterRef):
            return resolve(e.child, outer_scope)
        if isinstance(e, n.Attribute):
            return by_id.get(e.id, e)
        return tr.map_children(e, bind)

    return bind


def join_subquery(
    outer: LogicalPlan, sub: Pulled, how: str, extra: Expr | None = None, case_sensitive: bool = False
) -> Joined:
    """`outer` joined (`how`) with the pulled-up subquery on its correlated predicates (and `extra`)."""
    from engine.logical.builder import deduplicate_right

    right = deduplicate_right(outer, sub.plan)
    bind = outer_binder(outer, dict(zip(output(sub.plan), output(right))), case_sensitive)
    parts = [bind(c) for c in sub.conditions]
    both = Scope((*output(outer), *output(right)), case_sensitive)
    if extra is not None:
        parts.append(bind_local(extra, both))
    cond = resolve(and_all(parts), both) if parts else None
    if cond is None and how in ("inner", "cross"):
        return Joined(L.Join(outer, right, "cross"), output(right))
    plan = L.Join(outer, right, how, cond if cond is not None else n.Literal(True, T.BooleanType()))
    return Joined(plan, output(right))


def with_matched(sub: Pulled) -> Pulled:
    """`sub` with its `matched` column, when a value of it over no rows is not null (Spark's
    count bug: ``count(*) + 1`` over no rows is 1, not the left join's null). Like Spark's
    evalSubqueryOnZeroTups, each such value is evaluated to find out."""
    if not any(not _null_over_no_rows(v) for v in sub.empty.values()):
        return sub
    plan = L.Project(sub.plan, (*output(sub.plan), n.Alias(n.Literal(True, T.BooleanType()), "__matched")))
    return replace(sub, plan=plan, matched=output(plan)[-1])


def _null_over_no_rows(e: Expr) -> bool:
    """Whether a value over no rows (literals only) is null; one that fails to evaluate is not."""
    if isinstance(e, n.Literal):
        return e.value is None
    import pyarrow as pa

    from engine.compute.context import EvalContext
    from engine.compute.expr_eval import evaluate_array

    try:
        one_row = pa.RecordBatch.from_arrays([pa.nulls(1)], names=["_"])
        return not evaluate_array(e, one_row, EvalContext(ansi=True))[0].is_valid
    except Exception:  # noqa: BLE001 - an error over no rows is raised where the query reads it
        return False


def with_empty_values(
    sub: Pulled, joined: tuple[n.Attribute, ...], originals: tuple[n.Attribute, ...]
) -> list[Expr]:
    """The `originals` columns of the subquery as read after its left join (`joined` are all of
    the subquery's columns there), as Spark's RewriteCorrelatedScalarSubquery gives them: an
    outer row without matches reads each value over no rows (``count`` 0) when `sub` has its
    `matched` column, and a group its HAVING rejects reads null."""
    after = {a.id: b for a, b in zip(output(sub.plan), joined)}
    having = after[sub.having.id] if sub.having is not None else None
    out: list[Expr] = []
    for orig in originals:
        col = after[orig.id]
        if sub.matched is not None:
            unmatched = n.UnresolvedFunction("isnull", (after[sub.matched.id],))
            default = sub.empty.get(orig.id, n.Literal(None, orig.dtype))
            branches: list[tuple[Expr, Expr]] = [(unmatched, default)]
            if having is not None:  # as in Spark, a HAVING that is null keeps the value
                branches.append((n.UnresolvedFunction("not", (having,)), n.Literal(None, orig.dtype)))
            out.append(n.Alias(n.CaseWhen(tuple(branches), col), col.name))
        elif having is not None:
            out.append(n.Alias(n.CaseWhen(((having, col),), None), col.name))
        else:
            out.append(col)
    return out
