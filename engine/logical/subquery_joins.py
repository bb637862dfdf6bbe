"""Filters, selects and lateral joins of the DataFrame API that use correlated subqueries.

Each subquery is decorrelated (engine.logical.correlated) and joined into the outer plan;
the expression that used it then reads the joined column. The outer query's own columns
are resolved before any join, so a subquery column of the same name cannot capture them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.display import in_value_sql, sql_name
from engine.expr.nodes import Expr
from engine.expr.resolve import Scope
from engine.logical import nodes as L
from engine.logical.correlated import (
    Pulled,
    and_all,
    bind_local,
    conjuncts,
    domain_joined,
    grouping_keys,
    is_equality,
    join_subquery,
    outer_binder,
    outer_reference_uses,
    outer_references,
    pull_up,
    with_empty_values,
    with_matched,
)
from engine.logical.nodes import LogicalPlan, output


def scalar_column(plan: LogicalPlan) -> n.Attribute:
    """The one column of a scalar subquery's plan; Spark's error when it has more."""
    columns = output(plan)
    if len(columns) != 1:
        raise AnalysisException(
            "[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] Invalid subquery: "
            f"Scalar subquery must return only one column, but got {len(columns)}.",
            "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
        )
    return columns[0]


def has_correlated_subquery(e: Expr) -> bool:
    return tr.contains(e, n.CorrelatedSubquery)


def filter_with_subqueries(plan: LogicalPlan, condition: Expr, case_sensitive: bool) -> LogicalPlan:
    """``outer.where(cond)``: [NOT] EXISTS conjuncts become left semi/anti joins, any other
    subquery a left join read by the condition; the result keeps the outer columns only."""
    from engine.logical.builder import filter_

    columns = output(plan)
    rest: list[Expr] = []
    for c in conjuncts(bind_local(condition, Scope(columns, case_sensitive))):
        negated = isinstance(c, n.UnresolvedFunction) and c.name == "not" and len(c.args) == 1
        inner = c.args[0] if negated else c  # type: ignore[union-attr]
        if isinstance(inner, n.CorrelatedSubquery) and inner.kind == "exists" and _exists_always(inner, plan):
            rest.append(n.Literal(not negated, T.BooleanType()))
            continue
        if isinstance(inner, n.CorrelatedSubquery) and inner.kind == "exists" and _tested_above(inner, plan):
            rest.append(c)  # read as a value: its HAVING tests the subquery's one row per outer row
            continue
        if isinstance(inner, n.CorrelatedSubquery) and inner.kind in ("exists", "in"):
            how = "left_anti" if negated else "left_semi"
            pulled = pull_up(inner.plan, plan)
            if inner.kind == "in" and pulled.single_row and len(output(inner.plan)) == 1:
                # One row per outer row (an ungrouped aggregate, null or 0 over no rows): x IN it
                # is x = it, so NOT IN fails on its null as SQL requires.
                test: Expr = n.UnresolvedFunction(
                    "=", (inner.value, n.CorrelatedSubquery(inner.plan, "scalar"))
                )  # type: ignore[arg-type]
                rest.append(n.UnresolvedFunction("not", (test,)) if negated else test)
                continue
            if inner.kind == "in":
                value = bind_local(inner.value, Scope(columns, case_sensitive))  # type: ignore[arg-type]
                tested = _in_condition(value, output(inner.plan), null_aware=negated)
                pulled = replace(pulled, conditions=(*pulled.conditions, tested))
            plan = join_subquery(plan, pulled, how, case_sensitive=case_sensitive).plan
        else:
            rest.append(c)
    if rest:
        plan, replaced = _inline(plan, [and_all(rest)], case_sensitive)
        plan = filter_(plan, replaced[0], case_sensitive)
    return plan if output(plan) == columns else L.Project(plan, columns)


def project_with_subqueries(plan: LogicalPlan, exprs: Sequence[Expr], case_sensitive: bool) -> LogicalPlan:
    """``outer.select(..., sub.scalar(), sub.exists())``: each subquery left-joined in."""
    from engine.logical.builder import expand_stars, project

    scope = Scope(output(plan), case_sensitive)
    bound = [bind_local(e, scope) for e in expand_stars(plan, exprs, scope)]
    joined, replaced = _inline(plan, bound, case_sensitive)
    return project(joined, replaced, case_sensitive)


def lateral_join(
    left: LogicalPlan,
    right: LogicalPlan,
    on: Expr | None,
    how: str,
    case_sensitive: bool,
    alias: str | None = None,
    names: Sequence[str] = (),
) -> LogicalPlan:
    """``left.lateralJoin(right, on, how)``: `right` evaluated for each row of `left`; `how`
    as the user spelled it (inner, cross, left, leftouter or left_outer).

    `right` may filter on outer columns anywhere its predicates can be pulled up, and its top
    select may compute with them (computed after the join). A subquery that aggregates without
    grouping yields one row for every outer row, so an inner lateral join with it keeps outer
    rows without matches (``count`` 0), as in Spark. `alias` qualifies the subquery's columns,
    `names` renames them (``LATERAL (...) AS s(a, b)``).
    """
    from engine.logical.builder import filter_, join_type, project

    spelled, how = how, join_type(how)
    if how not in ("inner", "left", "cross"):
        raise AnalysisException(
            f"[UNSUPPORTED_JOIN_TYPE] Unsupported join type '{spelled}'. Supported join types include: "
            "'inner', 'leftouter', 'left', 'left_outer', 'cross'.",
            "UNSUPPORTED_JOIN_TYPE",
        )
    deferred = isinstance(right, L.Project) and any(tr.contains(e, n.OuterRef) for e in right.exprs)
    if alias is not None and not deferred:
        right = L.SubqueryAlias(right, alias)
    body = right.input if deferred else right  # type: ignore[union-attr]
    pulled = with_matched(pull_up(body, left, values=True))
    # ON reads the subquery's values as the outer row sees them: computed after the join.
    on_after = on is not None and (pulled.single_row or deferred)
    kind = "left" if pulled.single_row else how
    joined = join_subquery(left, pulled, kind, None if on_after else on, case_sensitive)
    keep = len(output(left))
    if deferred:
        bind = outer_binder(left, dict(zip(output(pulled.plan), joined.columns)), case_sensitive)
        own = [bind(e) for e in right.exprs]  # type: ignore[union-attr]
    else:
        own = with_empty_values(pulled, joined.columns, output(right))
    plan = _qualified(project(joined.plan, [*output(left), *own], case_sensitive), keep, alias, names)
    if not on_after:
        return plan
    if how != "left":
        return filter_(plan, on, case_sensitive)  # type: ignore[arg-type]
    # A left lateral join keeps every outer row; the subquery's columns are null where ON fails.
    columns = output(plan)
    cond = n.UnresolvedFunction("coalesce", (on, n.Literal(False, T.BooleanType())))  # type: ignore[arg-type]
    kept = [
        n.Alias(n.UnresolvedFunction("if", (cond, a, n.Literal(None, a.dtype))), a.name)
        for a in columns[keep:]
    ]
    return _qualified(project(plan, [*columns[:keep], *kept], case_sensitive), keep, alias, ())


def _qualified(plan: LogicalPlan, keep: int, alias: str | None, names: Sequence[str]) -> LogicalPlan:
    """`plan` with its columns after the first `keep` qualified by `alias` and renamed to
    `names` (``LATERAL (...) s(a, b)``)."""
    if alias is None and not names:
        return plan
    columns = output(plan)
    mine = columns[keep:]
    if names and len(names) != len(mine):
        raise AnalysisException(
            f"[ASSIGNMENT_ARITY_MISMATCH] The number of columns in the alias ({len(names)}) does not match the "
            f"number of columns of the relation ({len(mine)}).",
            "ASSIGNMENT_ARITY_MISMATCH",
        )
    if names:
        plan = L.Project(plan, (*columns[:keep], *(n.Alias(a, name) for a, name in zip(mine, names))))
        columns = output(plan)
    qualifier = (alias,) if alias else ()
    return L.Project(plan, (*columns[:keep], *(replace(a, qualifier=qualifier) for a in columns[keep:])))


def _inline(plan: LogicalPlan, exprs: list[Expr], case_sensitive: bool) -> tuple[LogicalPlan, list[Expr]]:
    """Left-join every subquery of `exprs` into `plan`; the expressions then read its value.

    A subquery standing alone as a select item keeps Spark's name for it
    (``scalarsubquery(k)``, ``exists(k)``: the outer columns it names).
    """
    values: dict[int, Expr] = {}
    exprs = [_bind_in_values(e, Scope(output(plan), case_sensitive)) for e in exprs]
    for e in exprs:
        for s in tr.walk(e):
            if id(s) in values:
                continue
            if _not_in(s):
                sub = s.args[0]  # type: ignore[union-attr]
                value = bind_local(sub.value, Scope(output(plan), case_sensitive))  # type: ignore[arg-type]
                if len(output(sub.plan)) == 1:
                    plan, found = _join_value(plan, sub, case_sensitive)
                    plan, unknown = _null_match(plan, sub, value, case_sensitive)
                    answer = n.UnresolvedFunction("not", (n.UnresolvedFunction("or", (found, unknown)),))
                else:
                    plan, found = _null_aware_match(plan, sub, value, case_sensitive)
                    answer = n.UnresolvedFunction("not", (found,))
                values[id(s)] = values[id(sub)] = _typed_as_in(answer, sub, value, plan)
            elif isinstance(s, n.CorrelatedSubquery):
                value = bind_local(s.value, Scope(output(plan), case_sensitive)) if s.kind == "in" else None  # type: ignore[arg-type]
                before = plan
                plan, values[id(s)] = _join_value(plan, s, case_sensitive)
                if value is not None:
                    values[id(s)] = _typed_as_in(values[id(s)], s, value, before)

    def name(e: Expr) -> str | None:
        if isinstance(e, n.CorrelatedSubquery):
            return _spark_name(e)
        return f"(NOT {_spark_name(e.args[0])})" if _not_in(e) else None  # type: ignore[union-attr]

    def swap(x: Expr) -> Expr:
        # the value keeps Spark's name for the subquery, also inside a larger expression:
        # ``((a IN (listquery())) AND true)``, ``(NOT exists(k))``
        if id(x) in values:
            label = name(x)
            return values[id(x)] if label is None else n.Alias(values[id(x)], label)
        return tr.map_children(x, swap)

    return plan, [swap(e) for e in exprs]


def _bind_in_values(e: Expr, scope: Scope) -> Expr:
    """`e` with the tested value of each ``value IN (subquery)`` resolved against the outer
    query's columns, before any subquery is joined in: a second IN (``a IN (SELECT a FROM u)
    OR a IN (SELECT b FROM u)``) must not see the first one's ``u.a`` beside the outer ``a``."""

    def bind(x: Expr) -> Expr:
        if isinstance(x, n.CorrelatedSubquery) and x.kind == "in" and x.value is not None:
            return replace(x, value=bind_local(x.value, scope))
        return x

    return tr.transform_up(e, bind)


def _typed_as_in(answer: Expr, s: n.CorrelatedSubquery, value: Expr, plan: LogicalPlan) -> Expr:
    """`answer` (true or false, never null: Spark's ExistenceJoin) typed as Spark types
    ``value [NOT] IN (s)``: nullable when the value (a column of a tuple) or a subquery column is. A CASE without
    ELSE is typed nullable (though `answer` is never null, one of its branches always holds),
    a coalesce with false is not."""
    from engine.expr.resolve import resolve
    from engine.expr.typing import nullable_of

    tuple_ = isinstance(value, n.UnresolvedFunction) and value.name in ("struct", "named_struct")
    parts = value.args if tuple_ else (value,)  # type: ignore[union-attr]
    scope = Scope(output(plan))
    nullable = any(nullable_of(resolve(p, scope)) for p in parts) or any(a.nullable for a in output(s.plan))
    if nullable:
        holds = (answer, n.Literal(True, T.BooleanType()))
        fails = (n.UnresolvedFunction("not", (answer,)), n.Literal(False, T.BooleanType()))
        return n.CaseWhen((holds, fails), None)
    return n.UnresolvedFunction("coalesce", (answer, n.Literal(False, T.BooleanType())))


def _not_in(e: Expr) -> bool:
    """``x NOT IN (subquery)``, ``(a, b) NOT IN (subquery)``."""
    return (
        isinstance(e, n.UnresolvedFunction) and e.name == "not" and len(e.args) == 1
        and isinstance(e.args[0], n.CorrelatedSubquery) and e.args[0].kind == "in"
    )  # fmt: skip


def _null_aware_match(
    plan: LogicalPlan, s: n.CorrelatedSubquery, value: Expr, case_sensitive: bool
) -> tuple[LogicalPlan, Expr]:
    """`plan` left-joined with whether the tuple ``value`` meets a row of `s` where every
    column's comparison is true or null (Spark's null-aware ExistenceJoin for ``(a, b) NOT IN``:
    ``(1, NULL)`` meets ``(1, 1)`` but not ``(2, 1)``). That condition cannot be a hash key, so
    the subquery is joined with the distinct outer values the condition reads (`domain_joined`)
    and the answer joined back on them."""
    pulled = pull_up(s.plan, plan)
    mine = {a.id for a in output(plan)}

    def outer(x: Expr) -> Expr:
        return n.OuterRef(x) if isinstance(x, n.Attribute) and x.id in mine else x

    tested = tr.transform_up(_in_condition(value, output(s.plan), null_aware=True), outer)
    pulled = domain_joined(replace(pulled, conditions=(*pulled.conditions, tested)), plan)
    keys = grouping_keys(pulled.conditions)
    found = L.Aggregate(pulled.plan, tuple(keys), (*keys, n.Alias(n.Literal(True, T.BooleanType()), "__exists")))
    joined = join_subquery(plan, Pulled(found, pulled.conditions), "left", case_sensitive=case_sensitive)
    return joined.plan, n.UnresolvedFunction("coalesce", (joined.columns[-1], n.Literal(False, T.BooleanType())))


def _null_match(
    plan: LogicalPlan, s: n.CorrelatedSubquery, value: Expr, case_sensitive: bool
) -> tuple[LogicalPlan, Expr]:
    """`plan` left-joined with whether ``value IN s`` meets a null: `s` has rows (for this
    outer row) and the value or one of them is null. Spark's NOT IN is null-aware (an ExistenceJoin on
    ``c OR isnull(c)``), so there it answers false, never null."""
    from engine.logical.builder import aggregate

    pulled = pull_up(s.plan, plan)
    column = output(s.plan)[0]
    has_null = n.UnresolvedFunction("max", (n.UnresolvedFunction("isnull", (column,)),))
    keys = grouping_keys(pulled.conditions)
    grouped = aggregate(pulled.plan, keys, [n.Alias(has_null, "__has_null"), *keys])
    joined = join_subquery(plan, Pulled(grouped, pulled.conditions), "left", case_sensitive=case_sensitive)
    flag = joined.columns[0]  # null: no rows
    either = n.UnresolvedFunction("or", (flag, n.UnresolvedFunction("isnull", (value,))))
    return joined.plan, n.UnresolvedFunction("and", (n.UnresolvedFunction("isnotnull", (flag,)), either))


def _join_value(plan: LogicalPlan, s: n.CorrelatedSubquery, case_sensitive: bool) -> tuple[LogicalPlan, Expr]:
    """`plan` left-joined with subquery `s`, and the expression giving its value per row."""
    if s.kind == "exists" and _exists_always(s, plan):
        return plan, n.Literal(True, T.BooleanType())
    if s.kind == "exists" and _tested_above(s, plan):
        return _exists_tested_above(plan, s, case_sensitive)
    pulled = pull_up(s.plan, plan, values=s.kind == "scalar")
    if s.kind in ("exists", "in"):
        if not all(is_equality(c) for c in pulled.conditions):
            # ``EXISTS (... WHERE t2.y > t1.x)``: the subquery's rows found per distinct outer
            # value the conditions read, joined back on those values (Spark's existence join
            # on a non-equality condition)
            pulled = domain_joined(pulled, plan)
        keys = grouping_keys(pulled.conditions)
        if s.kind == "in":  # one row per (correlation keys, subquery row): a match never repeats
            keys += [a for a in output(s.plan) if a.id not in {k.id for k in keys}]
            value = bind_local(s.value, Scope(output(plan), case_sensitive))  # type: ignore[arg-type]
            pulled = replace(
                pulled, conditions=(*pulled.conditions, _in_condition(value, output(s.plan), False))
            )
        flag = n.Alias(n.Literal(True, T.BooleanType()), "__exists")
        if keys:
            found = L.Aggregate(pulled.plan, tuple(keys), (*keys, flag))
        else:  # uncorrelated EXISTS: one row if the subquery has any
            found = L.Project(L.Limit(pulled.plan, 1), (flag,))
        pulled = Pulled(found, pulled.conditions)
        joined = join_subquery(plan, pulled, "left", case_sensitive=case_sensitive)
        found = joined.columns[-1]
        return joined.plan, n.UnresolvedFunction("coalesce", (found, n.Literal(False, T.BooleanType())))
    columns = (scalar_column(s.plan),)
    rows: n.Attribute | None = None
    if pulled.single_row:
        pulled = with_matched(pulled)
    else:
        pulled, columns, rows = _checked_single_row(pulled, columns[0], plan)
    joined = join_subquery(plan, pulled, "left", case_sensitive=case_sensitive)
    value = with_empty_values(pulled, joined.columns, columns)[0]
    value = tr.strip_alias(value) if isinstance(value, n.Alias) else value
    if rows is not None:  # checked after the join: only a key some outer row reads may repeat
        from engine.expr.signatures.assertions import SCALAR_SUBQUERY_VALUE

        after = {a.id: b for a, b in zip(output(pulled.plan), joined.columns)}
        value = n.UnresolvedFunction(SCALAR_SUBQUERY_VALUE, (after[rows.id], value))
    return joined.plan, value


def _exists_always(s: n.CorrelatedSubquery, plan: LogicalPlan) -> bool:
    """EXISTS over an ungrouped aggregate without HAVING (``EXISTS (SELECT count(*) FROM t2
    WHERE t2.k = t1.k)``) holds for every outer row: the aggregate gives a row even over none."""
    pulled = pull_up(s.plan, plan, values=True, keep_above=True)
    return pulled.single_row and pulled.having is None and not pulled.above


def _tested_above(s: n.CorrelatedSubquery, plan: LogicalPlan) -> bool:
    """Whether EXISTS `s` aggregates without grouping under a HAVING that reads outer columns."""
    return bool(pull_up(s.plan, plan, values=True, keep_above=True).above)


def _exists_tested_above(plan: LogicalPlan, s: n.CorrelatedSubquery, case_sensitive: bool) -> tuple[LogicalPlan, Expr]:
    """``EXISTS (SELECT 1 FROM t WHERE t.k = o.k HAVING max(t.v) > o.x)``: the aggregation has
    one row for each outer row (its values over no rows where nothing matches, ``count`` 0), so
    EXISTS is whether the HAVING holds on that row, read after a left join as Spark does."""
    pulled = with_matched(pull_up(s.plan, plan, values=True, keep_above=True))
    joined = join_subquery(plan, pulled, "left", case_sensitive=case_sensitive)
    values = with_empty_values(pulled, joined.columns, output(pulled.plan))
    by_id = {a.id: tr.strip_alias(v) for a, v in zip(output(pulled.plan), values)}
    outer_scope = Scope(output(plan), case_sensitive)

    def bind(e: Expr) -> Expr:
        if isinstance(e, n.OuterRef):
            from engine.expr.resolve import resolve

            return resolve(e.child, outer_scope)
        if isinstance(e, n.Attribute) and e.id in by_id:
            return by_id[e.id]
        return tr.map_children(e, bind)

    test = and_all([bind(c) for c in pulled.above])
    return joined.plan, n.UnresolvedFunction("coalesce", (test, n.Literal(False, T.BooleanType())))


def _checked_single_row(
    sub: Pulled, column: n.Attribute, outer: LogicalPlan
) -> tuple[Pulled, tuple[n.Attribute], n.Attribute | None]:
    """A correlated scalar subquery that does not aggregate, grouped by its correlation keys:
    its value and its row count per key, which reads as Spark's SCALAR_SUBQUERY_TOO_MANY_ROWS
    error where an outer row meets more than one row (a left join would instead repeat the
    outer row). Correlations other than ``inner = outer`` (``t2.b > t1.b``) are first joined
    with the distinct outer values they read (`domain_joined`), which then are the keys."""
    if not sub.conditions:
        return sub, (column,), None
    if not all(is_equality(c) for c in sub.conditions):
        sub = domain_joined(sub, outer)
    from engine.logical.builder import aggregate

    sub = _expression_keys(sub)
    keys = grouping_keys(sub.conditions)
    rows = n.Alias(n.UnresolvedFunction("count", (n.Literal(1, T.IntegerType()),)), "__rows")
    value = n.Alias(n.UnresolvedFunction("first", (column,)), column.name)
    grouped = aggregate(sub.plan, keys, [value, rows, *keys])
    return Pulled(grouped, sub.conditions), (output(grouped)[0],), output(grouped)[1]


def _expression_keys(sub: Pulled) -> Pulled:
    """`sub` with the inner side of each ``inner = outer`` condition that is an expression
    (``y1 + y2 = outer(x1)``) computed as a column, so rows are counted per value of it rather
    than per value of the columns it reads (two groups y1 = 2, 3 may both give y1 + y2 = 2)."""
    from engine.logical.builder import project

    extra: list[Expr] = []
    for i, c in enumerate(sub.conditions):
        assert isinstance(c, n.UnresolvedFunction)
        inner = next(x for x in c.args if not tr.contains(x, n.OuterRef))
        if not isinstance(inner, n.Attribute):
            extra.append(n.Alias(inner, f"__corr_key{i}"))
    if not extra:
        return sub
    projected = project(sub.plan, [*output(sub.plan), *extra])
    made = iter(output(projected)[len(output(sub.plan)):])
    conditions: list[Expr] = []
    for c in sub.conditions:
        assert isinstance(c, n.UnresolvedFunction)
        inner = next(x for x in c.args if not tr.contains(x, n.OuterRef))
        if isinstance(inner, n.Attribute):
            conditions.append(c)
            continue
        key = next(made)
        conditions.append(replace(c, args=tuple(key if x is inner else x for x in c.args)))
    return replace(sub, plan=projected, conditions=tuple(conditions))


def in_length_mismatch(left: list[str], right: list[str], outer: list[str] | None = None) -> AnalysisException:
    """Spark's IN_SUBQUERY_LENGTH_MISMATCH for ``left IN (subquery of right)``; a tuple on the
    left is shown as the ``named_struct`` Spark builds of it, and a correlated subquery with the
    `outer` columns it reads (``listquery(name)``)."""
    value = left[0] if len(left) == 1 else "named_struct(" + ", ".join(f"'{x}', {x}" for x in left) + ")"
    shown = f'"({value} IN (listquery({", ".join(outer or [])})))"'
    lhs, rhs = ", ".join(f'"{x}"' for x in left), ", ".join(f'"{x}"' for x in right)
    return AnalysisException(
        f"[DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH] Cannot resolve {shown} due to data type mismatch: "
        "The number of columns in the left hand side of an IN subquery does not match the number of columns in "
        f"the output of subquery. Left hand side columns(length: {len(left)}): [{lhs}], right hand side "
        f"columns(length: {len(right)}): [{rhs}].",
        "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH",
        {"sqlExpr": shown, "leftColumns": lhs, "leftLength": str(len(left)), "rightLength": str(len(right)),
         "rightColumns": rhs},
    )


def _in_condition(value: Expr, columns: tuple[n.Attribute, ...], null_aware: bool) -> Expr:
    """``value IN (subquery)`` as a join condition: ``struct(a, b)`` against two columns is
    ``a = c1 AND b = c2``. NOT IN is null-aware: a null comparison also counts as a match, so
    a null on either side removes the row, as SQL's NOT IN does."""
    is_struct = isinstance(value, n.UnresolvedFunction) and value.name in ("struct", "named_struct")
    values = value.args if is_struct and len(columns) > 1 else (value,)  # type: ignore[union-attr]
    if is_struct and len(columns) > 1 and value.name == "named_struct":  # type: ignore[union-attr]
        values = values[1::2]  # the tuple's values, without their field names
    if len(values) != len(columns):
        from engine.expr.display import expr_sql

        raise in_length_mismatch([expr_sql(v) for v in values], [c.name for c in columns])
    cond = and_all([n.UnresolvedFunction("=", (v, c)) for v, c in zip(values, columns)])
    return n.UnresolvedFunction("or", (cond, n.UnresolvedFunction("isnull", (cond,)))) if null_aware else cond


def _spark_name(s: n.CorrelatedSubquery) -> str:
    """``scalarsubquery(dept)`` / ``exists(dept)`` / ``(age IN (listquery(dept)))``: the outer
    columns the subquery names, each use once (``scalarsubquery(x1, x1)``)."""
    names = [r.child.parts[-1] for r in outer_reference_uses(s.plan) if isinstance(r.child, n.UnresolvedColumn)]
    if s.kind == "in":
        return f"({in_value_sql(s.value)} IN (listquery({', '.join(names)})))"  # type: ignore[arg-type]
    prefix = "scalarsubquery" if s.kind == "scalar" else "exists"
    return f"{prefix}({', '.join(names)})"


def join_with_subqueries(
    left: LogicalPlan, right: LogicalPlan, kind: str, on: Expr, case_sensitive: bool
) -> LogicalPlan:
    """``left JOIN right ON cond`` where `cond` holds [NOT] EXISTS / IN subqueries.

    A subquery that reads the columns of one side only is evaluated on that side, as Spark
    rewrites it: that side is left-joined with the subquery (an existence flag per row, null-aware
    for NOT IN) and the condition reads the flag, so every join type keeps its meaning
    (``x LEFT JOIN y ON x1 = y1 AND EXISTS (... z2 = x2)`` keeps each x row). One that reads
    both sides is Spark's UNSUPPORTED_CORRELATED_EXPRESSION_IN_JOIN_CONDITION.
    """
    from engine.logical.builder import join

    helpers: set[int] = set()
    sides = [left, right]

    def place(unit: Expr) -> Expr:
        if isinstance(unit, n.CorrelatedSubquery) and unit.kind == "scalar" and outer_references(unit.plan):
            raise AnalysisException(
                "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY] Unsupported "
                "subquery expression: Correlated scalar subqueries can only be used in filters, aggregations, "
                f"projections, and UPDATE/MERGE/DELETE commands: {_spark_name(unit)} in a join condition.",
                "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY",
            )
        refs = _unit_columns(unit)
        for i, side in enumerate(sides):
            if all(_resolves(r, side, case_sensitive) for r in refs):
                sides[i], flag = _with_value(side, unit, case_sensitive)
                helpers.add(flag.id)
                return flag
        shown = _spark_name(unit.args[0] if _not_in(unit) else unit)  # type: ignore[union-attr,arg-type]
        raise AnalysisException(
            "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_EXPRESSION_IN_JOIN_CONDITION] "
            "Unsupported subquery expression: Correlated subqueries in the join predicate cannot reference "
            f"both join inputs: {shown}.",
            "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_EXPRESSION_IN_JOIN_CONDITION",
        )

    def swap(e: Expr) -> Expr:
        if _not_in(e) or isinstance(e, n.CorrelatedSubquery):
            return place(e)
        return tr.map_children(e, swap)

    cond = swap(on)  # (adds each side's flags before the join reads the sides)
    joined = join(sides[0], sides[1], kind, cond, case_sensitive)
    kept = tuple(a for a in output(joined) if a.id not in helpers)
    return joined if len(kept) == len(output(joined)) else L.Project(joined, kept)


def _unit_columns(unit: Expr) -> list[Expr]:
    """The outer columns a subquery (or ``NOT (x IN subquery)``) reads, with an IN's tested value."""
    s = unit.args[0] if _not_in(unit) else unit  # type: ignore[union-attr]
    assert isinstance(s, n.CorrelatedSubquery)
    found: list[Expr] = [r.child for r in outer_references(s.plan)]
    if s.kind == "in" and s.value is not None:
        found.append(s.value)
    return found


def _resolves(e: Expr, plan: LogicalPlan, case_sensitive: bool) -> bool:
    from engine.expr.resolve import resolve

    try:
        resolve(e, Scope(output(plan), case_sensitive))
    except AnalysisException:
        return False
    return True


def _with_value(
    plan: LogicalPlan, unit: Expr, case_sensitive: bool, name: str = "__subquery_flag"
) -> tuple[LogicalPlan, n.Attribute]:
    """`plan` with one more column `name`: the value of the subquery (predicate) `unit` for each row."""
    from engine.logical.builder import project

    joined, (value,) = _inline(plan, [unit], case_sensitive)
    value = tr.strip_alias(value) if isinstance(value, n.Alias) else value
    flagged = project(joined, [*output(plan), n.Alias(value, name)], case_sensitive)
    return flagged, output(flagged)[-1]


def aggregate_input_subqueries(
    plan: LogicalPlan, groupings: list[Expr], outputs: list[Expr], case_sensitive: bool
) -> tuple[LogicalPlan, list[Expr], list[Expr]]:
    """The subqueries an aggregation reads for each of its input rows, joined into its input.

    A subquery in a grouping key or inside an aggregate's arguments or FILTER
    (``sum(salary) FILTER (WHERE EXISTS (... dept.id = emp.dept_id))``,
    ``GROUP BY (SELECT max(d) FROM t2 WHERE t2.a = t1.a)``) is a value of the input row, as in
    Spark: it becomes a column of `plan`, and the keys and aggregates read that column.
    """
    per_row: list[Expr] = []

    def collect(e: Expr, per_input_row: bool) -> None:
        if _not_in(e) or isinstance(e, n.CorrelatedSubquery):
            if per_input_row:
                per_row.append(e)
            return
        inside = per_input_row or _is_aggregate(e)
        for c in tr.children(e):
            collect(c, inside)

    for g in groupings:
        collect(g, True)
    for o in outputs:
        collect(o, False)
    if not per_row:
        return plan, groupings, outputs
    columns: dict[int, Expr] = {}
    for unit in per_row:
        plan, value = _with_value(plan, unit, case_sensitive, "__subquery_value")
        # read under Spark's name for the subquery: ``sum(salary) FILTER (WHERE exists(dept_id))``
        label = f"(NOT {_spark_name(unit.args[0])})" if _not_in(unit) else _spark_name(unit)  # type: ignore[union-attr,arg-type]
        columns[id(unit)] = n.Alias(value, label)

    def swap(e: Expr) -> Expr:
        return columns[id(e)] if id(e) in columns else tr.map_children(e, swap)

    return plan, [swap(g) for g in groupings], [swap(o) for o in outputs]


def _is_aggregate(e: Expr) -> bool:
    if isinstance(e, n.AggCall):
        return True
    if not isinstance(e, n.UnresolvedFunction):
        return False
    from engine.expr.registry import lookup

    fd = lookup(e.name)
    return fd is not None and fd.kind == "aggregate"


def with_named_placeholders(e: Expr) -> Expr:
    """`e` with each subquery replaced by a typed null under Spark's name for it, so that `e`
    resolves and displays as Spark names it (``sum(salary) FILTER (WHERE exists(dept_id))``)
    before the subquery is joined in."""

    def swap(x: Expr) -> Expr:
        if _not_in(x):
            return n.Alias(n.Literal(None, T.BooleanType()), f"(NOT {_spark_name(x.args[0])})")  # type: ignore[union-attr,arg-type]
        if isinstance(x, n.CorrelatedSubquery):
            dtype = scalar_column(x.plan).dtype if x.kind == "scalar" else T.BooleanType()
            return n.Alias(n.Literal(None, dtype), _spark_name(x))
        return tr.map_children(x, swap)

    return swap(e)


def refuse_outer_references_in_aggregates(outputs: Sequence[Expr], groupings: Sequence[Expr] = ()) -> None:
    """Spark's errors for an aggregate of a subquery that reads outer columns: mixed with the
    subquery's own (``sum(t2.b + outer(t1.b))``) AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES,
    of outer columns only (``sum(outer(t0a))``) or grouping by them CORRELATED_REFERENCE."""
    for g in groupings:
        if tr.contains(g, n.OuterRef):
            raise AnalysisException(
                "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Unsupported subquery expression: "
                f'Expressions referencing the outer query are not supported outside of WHERE/HAVING clauses: "{sql_name(g)}".',
                "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE",
            )

    def visit(e: Expr) -> None:
        if _is_aggregate(e) and tr.contains(e, n.OuterRef):
            local = any(
                isinstance(x, (n.UnresolvedColumn, n.Attribute)) for x in _outside_outer_refs(e)
            )
            shown = sql_name(e)
            if local:
                raise AnalysisException(
                    "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES] "
                    "Unsupported subquery expression: Found an aggregate function in a correlated predicate that "
                    f"has both outer and local references, which is not supported: {shown}.",
                    "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.AGGREGATE_FUNCTION_MIXED_OUTER_LOCAL_REFERENCES",
                )
            raise AnalysisException(
                "[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Unsupported subquery expression: "
                f'Expressions referencing the outer query are not supported outside of WHERE/HAVING clauses: "{shown}".',
                "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE",
            )
        if not isinstance(e, (n.OuterRef, n.CorrelatedSubquery)):
            for c in tr.children(e):
                visit(c)

    for o in outputs:
        visit(o)


def _outside_outer_refs(e: Expr) -> list[Expr]:
    """The nodes of `e` not inside an outer reference."""
    if isinstance(e, n.OuterRef):
        return []
    found = [e]
    for c in tr.children(e):
        found += _outside_outer_refs(c)
    return found
