"""Builds resolved logical plans from unresolved expressions: the analyzer, one node at a time.

Both the DataFrame API and the SQL front end build plans only through these functions, so
the two agree on naming, type coercion and errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from engine import types as T
from engine.errors import AnalysisException
from engine.expr import collation
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.coercion import common_type
from engine.expr.display import sql_name
from engine.expr.nodes import Attribute, Expr
from engine.expr.registry import lookup
from engine.expr.resolve import (
    Scope,
    cannot_expand_star,
    quote,
    resolve,
    star_columns,
    struct_star_fields,
    unresolved_column_error,
)
from engine.expr.typing import cast_may_null, dtype_of
from engine.logical import nodes as L
from engine.logical.collated_grouping import by_collation_keys
from engine.logical.correlated import bind_local
from engine.logical.hidden import expose
from engine.logical.map_checks import refuse_variant_grouping
from engine.logical.nodes import LogicalPlan, output
from engine.logical.subquery_joins import (
    filter_with_subqueries,
    has_correlated_subquery,
    project_with_subqueries,
)
from engine.logical.union_by_name import nested_layout, reshaped, same_layout
from engine.logical.window_checks import check_window


def scope_of(plan: LogicalPlan, case_sensitive: bool = False) -> Scope:
    return Scope(output(plan), case_sensitive)


def named(e: Expr) -> Expr:
    """`e` as an output column: attributes and aliases keep their names, others get Spark's."""
    if isinstance(e, (Attribute, n.Alias)):
        return e
    return n.Alias(e, sql_name(e))


def expand_stars(plan: LogicalPlan, exprs: Sequence[Expr], scope: Scope) -> list[Expr]:
    """``*``, ``t.*`` and ``struct_col.*`` replaced by the columns they stand for."""
    out: list[Expr] = []
    for e in exprs:
        if not isinstance(e, n.UnresolvedStar):
            out.append(e)
            continue
        if e.columns is not None:
            out.extend(e.columns)
            continue
        if e.pattern is not None:
            out.extend(_regex_columns(e, scope))
            continue
        if e.qualifier is None:
            out.extend(star_columns(None, scope))
            continue
        q = e.qualifier
        matched = star_columns(q, scope) or _table_path_columns(q, scope)
        if matched:
            out.extend(matched)
            continue
        fields = struct_star_fields(q, scope)
        if fields is None:  # neither a table nor a struct column: Spark blames the star
            raise cannot_expand_star(q, scope)
        out.extend(fields)
    return out


def _table_path_columns(qualifier: str, scope: Scope) -> list[Attribute]:
    """The columns ``db.t.*`` stands for: those of table `t` whose qualifier agrees with the
    path as far as both go (``spark_catalog.default.t``); none for a one-part name."""
    path = n.split_name(qualifier)
    if len(path) < 2:
        return []
    return [
        a
        for a in star_columns(path[-1], scope)
        if all(scope.same(x, y) for x, y in zip(reversed(a.qualifier), reversed(path)))
    ]


def _regex_columns(star: n.UnresolvedStar, scope: Scope) -> list[Attribute]:
    """The columns (of table `star.qualifier`, if given) whose whole name matches `star.pattern`
    (case-insensitively unless the session is case-sensitive), as Spark's UnresolvedRegex."""
    import re

    assert star.pattern is not None
    regex = re.compile(star.pattern, re.DOTALL | (0 if scope.case_sensitive else re.IGNORECASE))
    q = star.qualifier
    return [
        a
        for a in scope.attrs
        if not a.hidden and regex.fullmatch(a.name) and (q is None or (a.qualifier and scope.same(a.qualifier[-1], q)))
    ]


def _is_aggregate(e: Expr) -> bool:
    """Whether `e` computes an aggregate outside any window (so the select is an aggregation)."""
    if isinstance(e, n.WindowExpr):
        return False
    if isinstance(e, n.AggCall):
        return True
    return any(_is_aggregate(c) for c in tr.children(e))


def _is_generator(e: Expr) -> bool:
    if isinstance(e, n.Call):
        fd = lookup(e.name)
        return fd is not None and fd.kind == "generator"
    return False


def project(plan: LogicalPlan, exprs: Sequence[Expr], case_sensitive: bool = False) -> LogicalPlan:
    """``SELECT exprs FROM plan``; aggregates make it a global aggregation, windows a Window."""
    if any(has_correlated_subquery(e) for e in exprs):
        return project_with_subqueries(plan, exprs, case_sensitive)
    scope = scope_of(plan, case_sensitive)
    if not all(_resolves(r.child, scope) for e in exprs for r in tr.walk(e) if isinstance(r, n.OuterRef)):
        # A lateral subquery's select naming outer columns: computed once joined (lateral_join).
        return L.Project(plan, tuple(bind_local(e, scope) for e in expand_stars(plan, exprs, scope)))
    expanded = expand_stars(plan, exprs, scope)  # ``*`` is the visible columns only
    plan = expose(plan, expanded)
    resolved = [resolve(e, scope_of(plan, case_sensitive)) for e in expanded]
    # generators name their own columns (col, key/value, struct fields) unless aliased
    resolved = [e if _is_generator(e) else named(e) for e in resolved]
    if any(_is_aggregate(e) for e in resolved):
        return aggregate_resolved(plan, [], resolved)
    return _with_windows(plan, resolved, _project_with_generators)


def _resolves(e: Expr, scope: Scope) -> bool:
    try:
        resolve(e, scope)
    except AnalysisException:
        return False
    return True


def _project_with_generators(plan: LogicalPlan, exprs: list[Expr]) -> LogicalPlan:
    for e in exprs:
        top = tr.strip_alias(e)  # a generator inside another's arguments is nested too (``stack(2, explode(a))``)
        if any(_is_generator(x) for x in tr.walk(top) if x is not top):
            raise AnalysisException(
                "[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in "
                f'expressions "{sql_name(top)}". Select the generator on its own and compute on its output '
                "in a second select.",
                "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS",
            )
    gens = [(i, e) for i, e in enumerate(exprs) if _is_generator(tr.strip_alias(e))]
    if not gens:
        return L.Project(plan, tuple(exprs))
    # several generators multiply, as Spark 4 runs them: the first one's rows each expand by the next's
    expanded: dict[int, tuple[Expr, ...]] = {}
    for i, gexpr in gens:
        plan, expanded[i] = generate(plan, gexpr)
    return L.Project(plan, tuple(x for i, e in enumerate(exprs) for x in expanded.get(i, (e,))))


def generate(plan: LogicalPlan, gexpr: Expr, outer: bool = False) -> tuple[LogicalPlan, tuple[Attribute, ...]]:
    """A Generate node for ``explode(...)``-like `gexpr`; returns it and its new columns."""
    from engine.expr.signatures.collections import generator_output_names, generator_output_nullable

    call = tr.strip_alias(gexpr)
    assert isinstance(call, n.Call)
    names = generator_output_names(call)
    if isinstance(gexpr, n.Alias) and gexpr.names:
        if len(gexpr.names) != len(names):
            raise AnalysisException(
                "[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not match "
                f"the number of columns output by the UDTF. Expected {len(names)} aliases, but got "
                f"{', '.join(gexpr.names)}.",
                "UDTF_ALIAS_NUMBER_MISMATCH",
            )
        names = list(gexpr.names)
    elif isinstance(gexpr, n.Alias) and len(names) == 1:
        names = [gexpr.name]
    rt = call.dtype
    expands = isinstance(rt, T.StructType) and (len(names) > 1 or call.name.startswith("inline"))
    types = [f.dataType for f in rt.fields] if expands else [rt]
    is_outer = outer or call.name.endswith("_outer")
    nullable = (None if is_outer else generator_output_nullable(call)) or [True] * len(names)
    attrs = tuple(Attribute(nm, t, nl, n.new_id()) for nm, t, nl in zip(names, types, nullable))
    return L.Generate(plan, call, attrs, is_outer), attrs


def _with_windows(plan: LogicalPlan, exprs: list[Expr], finish) -> LogicalPlan:  # type: ignore[no-untyped-def]
    """Moves window expressions into Window nodes under the final projection/aggregation."""
    if not any(tr.contains(e, n.WindowExpr) for e in exprs):
        return finish(plan, exprs)
    windows: list[n.Alias] = []

    def lift(e: Expr) -> Expr:
        if isinstance(e, n.WindowExpr):
            check_window(e)
            alias = n.Alias(e, sql_name(e))
            windows.append(alias)
            return L.to_attribute(alias)
        return e

    rewritten = []
    for e in exprs:
        if isinstance(e, n.Alias) and isinstance(e.child, n.WindowExpr):
            check_window(e.child)
            windows.append(e)
            rewritten.append(L.to_attribute(e))
        else:
            rewritten.append(tr.transform_up(e, lift))
    if any(_is_aggregate(e) for e in exprs):
        raise AnalysisException(
            "Window functions over aggregates in one select are not supported from the DataFrame "
            "API; aggregate first (groupBy().agg()), then add the window column."
        )
    base = plan
    for spec, group in _group_by_spec(windows):
        base = L.Window(base, tuple(group), spec.partition_by, spec.order_by)
    return finish(base, rewritten)


def _group_by_spec(windows: list[n.Alias]) -> list[tuple[n.WindowSpecDef, list[n.Alias]]]:
    groups: dict[tuple, tuple[n.WindowSpecDef, list[n.Alias]]] = {}
    for w in windows:
        assert isinstance(w.child, n.WindowExpr)
        spec = w.child.spec
        key = (spec.partition_by, spec.order_by)
        groups.setdefault(key, (spec, []))[1].append(w)
    return list(groups.values())


def filter_(plan: LogicalPlan, condition: Expr, case_sensitive: bool = False) -> LogicalPlan:
    """``WHERE condition``; a condition naming outer columns (a subquery's) waits, its own
    columns resolved, until the subquery is joined to the query using it."""
    if has_correlated_subquery(condition):
        return filter_with_subqueries(plan, condition, case_sensitive)
    if tr.contains(condition, n.OuterRef):
        return L.Filter(plan, bind_local(condition, scope_of(plan, case_sensitive)))
    # ``where(r.id.isNull())`` after a USING join; ``select("x").where(df.id > 1)``
    exposed = expose(plan, [condition], dropped=True)
    cond = resolve(condition, scope_of(exposed, case_sensitive))
    ct = dtype_of(cond)
    if not isinstance(ct, (T.BooleanType, T.NullType)):
        raise AnalysisException(
            f"[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve {quote(sql_name(cond))}: filter "
            f"expression is of type {ct.simpleString().upper()}, not BOOLEAN.",
            "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
        )
    if any(_is_generator(x) for x in tr.walk(cond)):  # ``WHERE explode(xs) > 0``: a generator makes rows
        raise AnalysisException(
            "[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator is not supported: outside the SELECT clause, "
            f"found: 'Filter {sql_name(cond)}. SQLSTATE: 42K0E",
            "UNSUPPORTED_GENERATOR.OUTSIDE_SELECT",
        )
    if tr.contains(cond, n.WindowExpr):  # Spark refuses it when analysing, not when running
        raise AnalysisException(
            "[WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE] It is not allowed to use window functions inside WHERE clause.",
            "WINDOW_FUNCTION_NOT_ALLOWED_IN_CLAUSE",
            {"clauseName": "WHERE"},
        )
    if _is_aggregate(cond):
        raise AnalysisException(
            f"[INVALID_WHERE_CONDITION] The WHERE condition {quote(sql_name(cond))} contains an "
            "aggregate; use HAVING (filter after groupBy().agg()) instead.",
            "INVALID_WHERE_CONDITION",
        )
    if exposed is not plan:
        return L.Project(L.Filter(exposed, cond), output(plan))
    return L.Filter(plan, cond)


def aggregate(
    plan: LogicalPlan,
    groupings: Sequence[Expr],
    outputs: Sequence[Expr],
    grouping_sets: tuple[tuple[int, ...], ...] | None = None,
    case_sensitive: bool = False,
) -> LogicalPlan:
    """``GROUP BY groupings`` with result columns `outputs` (resolved against `plan`)."""
    if any(tr.contains(e, n.OuterRef) for e in (*groupings, *outputs)):  # an aggregating subquery's
        from engine.logical.subquery_joins import refuse_outer_references_in_aggregates

        refuse_outer_references_in_aggregates(outputs, groupings)
    if any(has_correlated_subquery(e) for e in (*groupings, *outputs)):
        from engine.logical.subquery_joins import aggregate_input_subqueries

        plan, groupings, outputs = aggregate_input_subqueries(plan, list(groupings), list(outputs), case_sensitive)
    scope = scope_of(plan, case_sensitive)
    groupings, outputs = expand_stars(plan, groupings, scope), expand_stars(plan, outputs, scope)
    plan = expose(plan, [*groupings, *outputs])  # ``groupBy(r.id)`` after a USING join
    scope = scope_of(plan, case_sensitive)
    rgroups = [resolve(g, scope) for g in groupings]
    routs = [named(resolve(o, scope)) for o in outputs]
    return aggregate_resolved(plan, rgroups, routs, grouping_sets)


def aggregate_resolved(
    plan: LogicalPlan,
    groupings: list[Expr],
    outputs: list[Expr],
    grouping_sets: tuple[tuple[int, ...], ...] | None = None,
) -> LogicalPlan:
    windows = [x for g in groupings for x in tr.walk(g) if isinstance(x, n.WindowExpr)]
    if windows:  # ``GROUP BY ALL`` over ``row_number() OVER w``: a window is computed after grouping
        shown = ", ".join(f'"{sql_name(w)}"' for w in windows)
        raise AnalysisException(
            "[UNSUPPORTED_EXPR_FOR_OPERATOR] The query operator Aggregate contains one or more unsupported "
            "expressions.\nConsider to rewrite it to avoid window functions, aggregate functions, and generator "
            f"functions in the Aggregate operator.\nInvalid expressions: [{shown}] SQLSTATE: 42K0E",
            "UNSUPPORTED_EXPR_FOR_OPERATOR",
        )
    if any(tr.contains(o, n.WindowExpr) for o in outputs):
        return _aggregate_then_windows(plan, groupings, outputs, grouping_sets)
    if grouping_sets is None and any(
        isinstance(x, n.Call) and x.name in ("grouping", "grouping_id") for o in outputs for x in tr.walk(o)
    ):
        raise AnalysisException(
            "[UNSUPPORTED_GROUPING_EXPRESSION] grouping()/grouping_id() can only be used with "
            "GroupingSets/Cube/Rollup.",
            "UNSUPPORTED_GROUPING_EXPRESSION",
        )
    keys = [tr.strip_alias(g) for g in groupings]
    refuse_variant_grouping(keys)
    for o in outputs:
        _check_grouped_or_global(o, keys, bool(groupings))  # GROUPING SETS (()) alone is a global one
    if grouping_sets is None:  # collated string keys group by their collation keys
        groupings, outputs = by_collation_keys(groupings, outputs)
    return L.Aggregate(plan, tuple(groupings), tuple(outputs), grouping_sets)


def _aggregate_then_windows(
    plan: LogicalPlan,
    groupings: list[Expr],
    outputs: list[Expr],
    grouping_sets: tuple[tuple[int, ...], ...] | None,
) -> LogicalPlan:
    """Windows over aggregates (``sum(v) / sum(sum(v)) OVER ()``), as Spark extracts them:
    the aggregation computes the keys and every aggregate the outputs use, the windows run
    over its rows, and a projection computes the outputs."""
    if any(isinstance(x, n.AggCall) and tr.contains(x, n.WindowExpr) for o in outputs for x in tr.walk(o)):
        raise AnalysisException(  # ``count(rank() OVER (...))``: Spark's message and error class
            "It is not allowed to use a window function inside an aggregate function. Please use the inner "
            "window function in a sub-query.",
            "_LEGACY_ERROR_TEMP_1031",
        )
    keys = [tr.strip_alias(g) for g in groupings]
    key_outs = [g if isinstance(g, Attribute) else n.Alias(tr.strip_alias(g), sql_name(g)) for g in groupings]
    key_attrs = [L.to_attribute(k) for k in key_outs]
    computed: list[n.Alias] = []

    def column_for(call: n.AggCall) -> Expr:
        for a in computed:
            if a.child == call:
                return L.to_attribute(a)
        alias = n.Alias(call, sql_name(call))
        computed.append(alias)
        return L.to_attribute(alias)

    def above(e: Expr) -> Expr:
        """`e` rewritten to read the aggregation's output columns."""
        for k, attr in zip(keys, key_attrs):
            if tr.same_expr(e, k):
                return attr
        if isinstance(e, n.AggCall):
            return column_for(e)
        if isinstance(e, n.WindowExpr):  # the window function itself runs above; its inputs are rewritten
            spec = n.WindowSpecDef(
                tuple(above(x) for x in e.spec.partition_by),
                tuple(n.SortOrder(above(o.child), o.ascending, o.nulls_first) for o in e.spec.order_by),
                e.spec.frame,
            )
            return n.WindowExpr(tr.map_children(e.function, above), spec, e.dtype)
        return tr.map_children(e, above)

    projected: list[Expr] = []
    for o in outputs:
        if isinstance(o, n.Alias):
            projected.append(n.Alias(above(o.child), o.name, o.id))
        else:
            new = above(o)
            projected.append(new if isinstance(new, Attribute) and new.id == o.id else n.Alias(new, o.name, o.id))  # type: ignore[union-attr]
    available: list[Expr] = [*key_attrs, *(L.to_attribute(a) for a in computed)]
    grouped = bool(groupings)  # ``GROUP BY GROUPING SETS (())`` alone aggregates globally
    for o in projected:
        _check_grouped_or_global(_without_windows(o), available, grouped)
        for w in (x for x in tr.walk(o) if isinstance(x, n.WindowExpr)):
            # the window's own inputs must come from the aggregation too (its function runs above)
            for e in (*tr.children(w.function), *w.spec.partition_by, *(s.child for s in w.spec.order_by)):
                _check_grouped_or_global(e, available, grouped)
    aggregated = aggregate_resolved(plan, groupings, [*key_outs, *computed], grouping_sets)
    return _with_windows(aggregated, projected, lambda p, es: L.Project(p, tuple(es)))


def _check_grouped_or_global(e: Expr, keys: list[Expr], grouped: bool) -> None:
    """`_check_grouped`; in an aggregation without GROUP BY (a select mixing aggregates and
    plain columns) the error is Spark's MISSING_GROUP_BY."""
    try:
        _check_grouped(e, keys)
    except AnalysisException as err:
        if grouped or err.error_class != "MISSING_AGGREGATION":
            raise
        msg = (
            "[MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY or turn it "
            "into the window functions using OVER clauses."
        )
        raise AnalysisException(msg, "MISSING_GROUP_BY") from None


def _without_windows(e: Expr) -> Expr:
    """`e` with window expressions replaced by a null literal (for the grouping check)."""
    return tr.transform_up(e, lambda x: n.Literal(None, T.NullType()) if isinstance(x, n.WindowExpr) else x)


def _check_grouped(e: Expr, keys: list[Expr]) -> None:
    """Every column used outside an aggregate must be (part of) a grouping expression."""
    inner = tr.strip_alias(e)
    if any(tr.same_expr(inner, k) for k in keys) or isinstance(inner, (n.AggCall, n.Literal)):
        return
    if isinstance(inner, Attribute):
        raise AnalysisException(
            f'[MISSING_AGGREGATION] The non-aggregating expression "{inner.name}" is based on '
            "columns which are not participating in the GROUP BY clause.\nAdd the columns or the "
            f"expression to the GROUP BY, aggregate the expression, or use \"any_value({inner.name})\" "
            "if you do not care which of the values within a group is returned.",
            "MISSING_AGGREGATION",
            {"expression": f'"{inner.name}"', "expressionAnyValue": f'"any_value({inner.name})"'},
        )
    if isinstance(inner, n.Call) and inner.name in ("grouping", "grouping_id"):
        return
    for c in tr.children(inner):
        _check_grouped(c, keys)


def sort(plan: LogicalPlan, orders: Sequence[Expr], is_global: bool = True, case_sensitive: bool = False) -> LogicalPlan:
    """``ORDER BY``; keys may name columns the select list dropped (resolved below it, as Spark does).

    A name two input columns share is not AMBIGUOUS_REFERENCE here: Spark's Sort leaves it
    unresolved and reports an unknown column, suggesting the sort input's columns."""
    try:
        return _sort(plan, orders, is_global, case_sensitive)
    except AnalysisException as e:
        if e.error_class != "AMBIGUOUS_REFERENCE":
            raise
        name = e.message_parameters["name"][1:-1].replace("``", "`")
        raise unresolved_column_error(name, [a.name for a in output(plan) if not a.hidden]) from None


def _sort(plan: LogicalPlan, orders: Sequence[Expr], is_global: bool, case_sensitive: bool) -> LogicalPlan:
    sorders = [o if isinstance(o, n.SortOrder) else n.SortOrder(o, True, None) for o in orders]
    exposed = expose(plan, sorders, dropped=True)  # ``orderBy(r.id)`` after a USING join
    if exposed is not plan:
        resolved = [resolve(o, scope_of(exposed, case_sensitive)) for o in sorders]
        return L.Project(L.Sort(exposed, _collated(resolved), is_global), output(plan))  # type: ignore[arg-type]
    try:
        resolved = [resolve(o, scope_of(plan, case_sensitive)) for o in sorders]
        return L.Sort(plan, _collated(resolved), is_global)  # type: ignore[arg-type]
    except AnalysisException:
        if not isinstance(plan, L.Project):
            raise
    inner_scope = scope_of(plan.input, case_sensitive)
    resolved = [resolve(o, inner_scope) for o in sorders]
    present = {a.id for a in output(plan)}
    extra = [a for o in resolved for a in tr.attributes(o) if a.id not in present]
    widened = L.Project(plan.input, plan.exprs + tuple(dict.fromkeys(extra)))
    try:
        resolved = [resolve(o, scope_of(widened, case_sensitive)) for o in sorders]
    except AnalysisException:
        resolved = [resolve(o, inner_scope) for o in sorders]
    sorted_plan = L.Sort(widened, _collated(resolved), is_global)  # type: ignore[arg-type]
    return L.Project(sorted_plan, tuple(output(plan)))


def _collated(orders: Sequence[Expr]) -> tuple[Expr, ...]:
    """Sort orders whose collated string keys sort by their collation keys (UTF8_LCASE by lower case)."""
    return tuple(
        replace(o, child=collation.sort_key(o.child)) if isinstance(o, n.SortOrder) else o for o in orders
    )


JOIN_TYPES = {
    "inner": "inner", "cross": "cross",
    "outer": "full", "full": "full", "fullouter": "full", "full_outer": "full",
    "left": "left", "leftouter": "left", "left_outer": "left",
    "right": "right", "rightouter": "right", "right_outer": "right",
    "semi": "left_semi", "leftsemi": "left_semi", "left_semi": "left_semi",
    "anti": "left_anti", "leftanti": "left_anti", "left_anti": "left_anti",
}  # fmt: skip


# The join type spellings in the order Spark's UNSUPPORTED_JOIN_TYPE message lists them.
_SPARK_JOIN_TYPE_LIST = (
    "inner", "outer", "full", "fullouter", "full_outer", "leftouter", "left", "left_outer", "rightouter",
    "right", "right_outer", "leftsemi", "left_semi", "semi", "leftanti", "left_anti", "anti", "cross",
)  # fmt: skip


def join_type(how: str | None) -> str:
    key = (how or "inner").lower().replace(" ", "")
    if key not in JOIN_TYPES:
        supported = ", ".join(f"'{k}'" for k in _SPARK_JOIN_TYPE_LIST)
        raise AnalysisException(
            f"[UNSUPPORTED_JOIN_TYPE] Unsupported join type '{how}'. Supported join types include: {supported}.",
            "UNSUPPORTED_JOIN_TYPE",
        )
    return JOIN_TYPES[key]


def deduplicate_right(left: LogicalPlan, right: LogicalPlan) -> LogicalPlan:
    """A self-join's right side gets fresh attribute ids so both sides stay distinguishable.

    Aliases (``df.alias("y")``) stay on top, so ``col("y.k")`` still resolves.
    """
    left_ids = {a.id for a in output(left)}
    if not any(a.id in left_ids for a in output(right)):
        return right
    if isinstance(right, (L.SubqueryAlias, L.Hint)):
        return replace(right, input=deduplicate_right(left, right.input))
    return L.Project(right, tuple(n.Alias(a, a.name) for a in output(right)))


def join(
    left: LogicalPlan,
    right: LogicalPlan,
    how: str | None,
    on: Expr | Sequence[str] | None,
    case_sensitive: bool = False,
    hide_using_keys: bool = False,
) -> LogicalPlan:
    """``left JOIN right`` on a condition, or USING a list of column names (keys appear once).

    With `hide_using_keys` (SQL), the USING keys a join does not show stay reachable by a
    qualified name, as Spark's hidden output: ``d.dept`` after ``p JOIN d USING (dept)``.
    """
    kind = join_type(how)
    if tr.is_expr(on) and has_correlated_subquery(on):  # type: ignore[arg-type]
        from engine.logical.subquery_joins import join_with_subqueries

        return join_with_subqueries(left, right, kind, on, case_sensitive)  # type: ignore[arg-type]
    fresh = deduplicate_right(left, right)
    if tr.is_expr(on):
        _check_self_join(left, right, _split_trivial_self_equalities(on, left, right, None))
        on = _split_trivial_self_equalities(on, left, right, fresh)
    else:
        _check_self_join(left, right, on)
    right = fresh
    hint = "broadcast_right" if _broadcast_hinted(right) else "broadcast_left" if _broadcast_hinted(left) else None
    joined = _join(left, right, kind, on, case_sensitive, hide_using_keys)
    return _with_hint(joined, hint) if hint else joined


def _split_trivial_self_equalities(
    on: Expr, left: LogicalPlan, right: LogicalPlan, fresh: LogicalPlan | None
) -> Expr:
    """``df.join(df, df.id == df.id)``: as Spark does, an equality of one column with itself
    across a self-join means the left side's column equals the right side's (`fresh` is the
    right side with new attribute ids); other uses of a shared column stay ambiguous.

    Without `fresh`, such equalities become TRUE, leaving what the ambiguity check must see."""
    right_ids = [a.id for a in output(right)]
    shared = {a.id for a in output(left)} & set(right_ids)
    if not shared:
        return on

    def split(e: Expr) -> Expr:
        if isinstance(e, n.UnresolvedFunction) and e.name in ("=", "==", "<=>") and len(e.args) == 2:
            a, b = e.args
            if isinstance(a, Attribute) and isinstance(b, Attribute) and a.id == b.id and a.id in shared:
                if fresh is None:
                    return n.Literal(True, T.BooleanType())
                other = output(fresh)[right_ids.index(b.id)]
                return replace(e, args=(a, replace(other, qualifier=b.qualifier)))
        return e

    return tr.transform_up(on, split)


def _check_self_join(left: LogicalPlan, right: LogicalPlan, on: object) -> None:
    """``df.join(df, df.a == df.b)``: the columns could be either side's, so Spark refuses."""
    if on is None or isinstance(on, (list, tuple, str)):
        return
    both = {a.id for a in output(left)} & {a.id for a in output(right)}
    ambiguous = [x for x in tr.walk(on) if isinstance(x, Attribute) and x.id in both]  # type: ignore[arg-type]
    if ambiguous:
        names = ", ".join(f"{a.name}#{a.id}" for a in ambiguous)
        raise AnalysisException(
            f"Column {names} are ambiguous. It's probably because you joined several Datasets together, "
            "and some of these Datasets are the same. This column points to one of the Datasets but "
            "Spark is unable to figure out which one. Please alias the Datasets with different names "
            'via `Dataset.as` before joining them, and specify the column using qualified name, e.g. '
            '`df.alias("a").join(df.alias("b"), col("a.id") > col("b.id"))`.',
            "_LEGACY_ERROR_TEMP_1182",
        )


_BROADCAST_HINTS = ("broadcast", "broadcastjoin", "mapjoin")


def _broadcast_hinted(plan: LogicalPlan) -> bool:
    while isinstance(plan, (L.SubqueryAlias, L.Hint)):
        if isinstance(plan, L.Hint) and plan.name in _BROADCAST_HINTS:
            return True
        plan = plan.input
    return False


def _with_hint(plan: LogicalPlan, hint: str) -> LogicalPlan:
    if isinstance(plan, L.Join):
        return replace(plan, hint=hint)
    if isinstance(plan, L.Project) and isinstance(plan.input, L.Join):
        return replace(plan, input=replace(plan.input, hint=hint))
    return plan


def _join(
    left: LogicalPlan, right: LogicalPlan, kind: str, on: Expr | Sequence[str] | None, case_sensitive: bool, hide_keys: bool
) -> LogicalPlan:
    if on is None or (isinstance(on, (list, tuple)) and not on):
        if kind not in ("inner", "cross"):
            return L.Join(left, right, kind, n.Literal(True, T.BooleanType()))
        return L.Join(left, right, "cross" if kind == "inner" else kind, None)
    if isinstance(on, (list, tuple)):
        return _using_join(left, right, kind, list(on), case_sensitive, hide_keys)
    both = Scope(output(left) + output(right), case_sensitive)
    if tr.contains(on, n.OuterRef):  # a join inside a subquery, on the outer query's columns
        return L.Join(left, right, "inner" if kind == "cross" else kind, bind_local(on, both))
    cond = resolve(on, both)
    if not isinstance(dtype_of(cond), (T.BooleanType, T.NullType)):
        raise AnalysisException(
            f"[DATATYPE_MISMATCH] Join condition {quote(sql_name(cond))} must be BOOLEAN, "
            f"got {dtype_of(cond).simpleString().upper()}.",
            "DATATYPE_MISMATCH",
        )
    return L.Join(left, right, "inner" if kind == "cross" else kind, cond)


def _own_spelling(e: Expr, scope: Scope) -> Expr:
    """`e` as the attribute of `scope` it resolved to, with that column's own name."""
    if isinstance(e, Attribute):
        return next((a for a in scope.attrs if a.id == e.id), e)
    return e


def _using_join(left: LogicalPlan, right: LogicalPlan, kind: str, names: list[str], cs: bool, hide_keys: bool) -> LogicalPlan:
    lscope, rscope = scope_of(left, cs), scope_of(right, cs)
    lkeys, rkeys = [], []
    for name in names:
        try:
            lk = resolve(n.UnresolvedColumn(name), lscope)
            rk = resolve(n.UnresolvedColumn(name), rscope)
        except AnalysisException as e:
            side = "left" if name not in [a.name for a in lscope.attrs] else "right"
            raise AnalysisException(
                f"[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column {quote(name)} cannot be resolved on "
                f"the {side} side of the join. The {side}-side columns: "  # listed sorted, as Spark lists them
                f"[{', '.join(sorted(quote(a.name) for a in (lscope if side == 'left' else rscope).attrs))}].",
                "UNRESOLVED_USING_COLUMN_FOR_JOIN",
            ) from e
        # the key keeps its own side's spelling (`ID` joined on "id" stays `ID`), not the query's
        lkeys.append(_own_spelling(lk, lscope))
        rkeys.append(_own_spelling(rk, rscope))
    conds = [n.UnresolvedFunction("=", (lk, rk)) for lk, rk in zip(lkeys, rkeys)]
    cond: Expr = conds[0]
    for c in conds[1:]:
        cond = n.UnresolvedFunction("and", (cond, c))
    both = Scope(output(left) + output(right), cs)
    joined = L.Join(left, right, kind, resolve(cond, both))
    if kind in ("left_semi", "left_anti"):  # the USING columns first, as in every USING join
        keys = [k for k in lkeys if isinstance(k, Attribute)]
        return L.Project(joined, (*keys, *(a for a in output(left) if a.id not in {k.id for k in keys})))
    key_ids = {a.id for a in lkeys if isinstance(a, Attribute)} | {a.id for a in rkeys if isinstance(a, Attribute)}
    key_cols: list[Expr] = []
    for lk, rk in zip(lkeys, rkeys):
        assert isinstance(lk, Attribute) and isinstance(rk, Attribute)
        if kind == "right":
            key_cols.append(rk)
        elif kind == "full":
            ct = common_type([lk.dtype, rk.dtype]) or lk.dtype
            # nullable, as Spark has it: either side's key is null where that side found no match
            key_cols.append(n.Alias(n.Call("coalesce", (lk, rk), ct, True), lk.name))
        else:
            key_cols.append(lk)
    rest = [a for a in output(joined) if a.id not in key_ids]
    hidden: list[Expr] = []
    if hide_keys:  # as Spark: the right keys, the left ones of a RIGHT join, both of a FULL join
        sides = {"right": (lkeys,), "full": (lkeys, rkeys)}.get(kind, (rkeys,))
        ids = {k.id for side in sides for k in side if isinstance(k, Attribute)}
        hidden = [replace(a, hidden=True) for a in output(joined) if a.id in ids]
    return L.Project(joined, tuple(key_cols + rest + hidden))


def union(
    inputs: Sequence[LogicalPlan], by_name: bool = False, allow_missing: bool = False, operation: str = "UNION"
) -> LogicalPlan:
    """``UNION ALL`` by position (or by name); column types widen to their common type.
    `operation` names the set operation in errors (INTERSECT and EXCEPT widen the same way,
    but only UNION takes structs whose field names differ)."""
    first = output(inputs[0])
    plans = list(inputs)
    if by_name:
        if allow_missing:
            names = {a.name.lower() for a in first}
            extra: list[Attribute] = []
            for p in plans[1:]:
                for a in output(p):
                    if a.name.lower() not in names:
                        names.add(a.name.lower())
                        extra.append(a)
            if extra:
                nulls = tuple(n.Alias(n.Literal(None, a.dtype), a.name) for a in extra)
                plans[0] = L.Project(plans[0], tuple(first) + nulls)
                first = output(plans[0])
        plans = [plans[0]] + [_align_by_name(first, p, allow_missing) for p in plans[1:]]
    for k, p in enumerate(plans[1:], 2):
        if len(output(p)) != len(first):
            raise num_columns_mismatch(operation, len(first), k, len(output(p)))
    if by_name:
        plans = _align_nested_by_name(plans, allow_missing)
    attrs = []
    for i, a in enumerate(first):
        types = [output(p)[i].dtype for p in plans]
        renamed = [_named_like(t, types[0]) if operation == "UNION" else t for t in types[1:]]
        types = [types[0], *(r if r.simpleString() == types[0].simpleString() else t for r, t in zip(renamed, types[1:]))]
        wide = common_type(types)
        if wide is None:
            k = next(j for j in range(1, len(types)) if common_type(types[: j + 1]) is None)
            raise AnalysisException(
                f"[INCOMPATIBLE_COLUMN_TYPE] {operation} can only be performed on tables with compatible column "
                f"types. The {_ordinal(i + 1)} column of the {_ordinal(k + 1)} table is "
                f'"{types[k].simpleString().upper()}" type which is not compatible with '
                f'"{_upper(common_type(types[:k]))}" at the same column of the first table..',
                "INCOMPATIBLE_COLUMN_TYPE",
            )
        # a side cast to the wider type may null where the cast can (a string read as a date)
        nullable = any(output(p)[i].nullable or cast_may_null(output(p)[i].dtype, wide) for p in plans)
        attrs.append(replace(a, dtype=wide, nullable=nullable, qualifier=()))
    cast_plans = tuple(_cast_to_attrs(p, attrs) for p in plans)
    return L.Union(cast_plans, tuple(attrs))


def num_columns_mismatch(operation: str, first: int, k: int, count: int) -> AnalysisException:
    """Spark's NUM_COLUMNS_MISMATCH: the `k`-th input of a set operation has `count` columns
    where the first has `first`."""
    return AnalysisException(
        f"[NUM_COLUMNS_MISMATCH] {operation} can only be performed on inputs with the same number of columns, "
        f"but the first input has {first} columns and the {_ordinal(k)} input has {count} columns.",
        "NUM_COLUMNS_MISMATCH",
        {"operator": operation, "firstNumColumns": str(first), "invalidOrdinalNum": _ordinal(k),
         "invalidNumColumns": str(count)},
    )


def _named_like(t: T.DataType, like: T.DataType) -> T.DataType:
    """`t` with the struct field names of `like` where their shapes match: UNION takes structs
    that differ only in field names and keeps the first input's names, as Spark does
    (``struct(1 AS a) UNION struct(2 AS b)`` is a ``struct<a:int>``; the caller keeps the
    rename only when no field also needs widening)."""
    if isinstance(t, T.StructType) and isinstance(like, T.StructType) and len(t.fields) == len(like.fields):
        return T.StructType([
            T.StructField(lf.name, _named_like(f.dataType, lf.dataType), f.nullable) for f, lf in zip(t.fields, like.fields)
        ])  # fmt: skip
    if isinstance(t, T.ArrayType) and isinstance(like, T.ArrayType):
        return T.ArrayType(_named_like(t.elementType, like.elementType), t.containsNull)
    if isinstance(t, T.MapType) and isinstance(like, T.MapType):
        return T.MapType(_named_like(t.keyType, like.keyType), _named_like(t.valueType, like.valueType), t.valueContainsNull)
    return t


def _cast_to_attrs(plan: LogicalPlan, attrs: list[Attribute]) -> LogicalPlan:
    out = output(plan)
    if all(a.dtype == b.dtype for a, b in zip(out, attrs)):
        return plan
    exprs = tuple(
        a if a.dtype == b.dtype else n.Alias(n.Cast(a, b.dtype, implicit=True), a.name)
        for a, b in zip(out, attrs)
    )
    return L.Project(plan, exprs)


def _align_by_name(first: tuple[Attribute, ...], plan: LogicalPlan, allow_missing: bool) -> LogicalPlan:
    scope = scope_of(plan)
    exprs: list[Expr] = []
    for a in first:
        match = [b for b in scope.attrs if b.name.lower() == a.name.lower()]
        if match:
            exprs.append(match[0])
        elif allow_missing:
            exprs.append(n.Alias(n.Literal(None, a.dtype), a.name))
        else:
            raise AnalysisException(
                f'[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name "{a.name}" among '
                f"({', '.join(b.name for b in scope.attrs)}).",
                "UNRESOLVED_COLUMN_AMONG_FIELD_NAMES",
            )
    if not allow_missing:
        names = {a.name.lower() for a in first}
        extra = [b.name for b in scope.attrs if b.name.lower() not in names]
        if extra:
            raise num_columns_mismatch("UNION", len(first), 2, len(scope.attrs))
    return L.Project(plan, tuple(exprs))


def _align_nested_by_name(plans: list[LogicalPlan], allow_missing: bool) -> list[LogicalPlan]:
    """`plans` (columns already aligned by name) with struct fields aligned by name too."""
    columns = list(zip(*(output(p) for p in plans)))
    layouts = [nested_layout([a.dtype for a in col], allow_missing) for col in columns]
    out = []
    for p in plans:
        attrs = output(p)
        if all(same_layout(a.dtype, t) for a, t in zip(attrs, layouts)):
            out.append(p)
            continue
        scope = scope_of(p)
        exprs = tuple(
            a if same_layout(a.dtype, t) else n.Alias(resolve(reshaped(a, a.dtype, t, allow_missing), scope), a.name)
            for a, t in zip(attrs, layouts)
        )
        out.append(L.Project(p, exprs))
    return out


def _ordinal(i: int) -> str:
    """Spark's ordinals in error messages: first, second, ... then 11th."""
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
    return words[i - 1] if 1 <= i <= len(words) else f"{i}th"


def _upper(dt: T.DataType | None) -> str:
    return dt.simpleString().upper() if dt is not None else "NULL"
