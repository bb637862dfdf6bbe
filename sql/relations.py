"""The FROM clause: tables, views, file paths, derived tables, VALUES, joins and lateral views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlglot import exp

from engine import types as T
from engine.errors import AnalysisException, ParseException
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.resolve import Scope, resolve
from engine.logical import builder as B
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, output
from sql.expressions import unsupported
from sql.lateral import is_lateral_subquery, lateral_subquery
from sql.table_functions import refuse_in_lateral_view

if TYPE_CHECKING:
    from sql.to_logical import QueryTranslator

_FILE_FORMATS = ("parquet", "csv", "json", "xml")  # xml needs a rowTag: Spark refuses it with XML_ROW_TAG_MISSING


def one_row() -> LogicalPlan:
    """The relation of ``SELECT 1`` (no FROM): one row, no visible columns."""
    return L.Range(0, 1, 1, 1, n.Attribute("__one_row", T.LongType(), False, n.new_id(), hidden=True))


def relation(q: QueryTranslator, e: exp.Expr) -> LogicalPlan:
    """One FROM item (without its joins), with its alias, then its PIVOT/UNPIVOT clauses."""
    from sql.pivots import apply_pivot

    plan = _aliased_relation(q, e)
    for pivot in e.args.get("pivots") or []:
        plan = apply_pivot(q, plan, pivot)
    return plan


def _aliased_relation(q: QueryTranslator, e: exp.Expr) -> LogicalPlan:
    if isinstance(e, exp.Table):
        plan = _table(q, e)
    elif isinstance(e, exp.Subquery):
        # a parenthesised join's relations are fresh already, and keep their names (``a.x``)
        plan = _parenthesized_join(q, e.this) if _has_joins(e.this) else _fresh(q, q.query(e.this))
        if e.alias:
            plan = L.SubqueryAlias(plan, e.alias)
        return _rename_columns(plan, e.args.get("alias"))
    elif isinstance(e, exp.Values):
        e = values_alias(e)
        plan = values(q, e)
    elif isinstance(e, (exp.Select, exp.SetOperation)):
        plan = q.query(e)
    else:
        raise unsupported(f"the FROM item {e.sql(dialect='spark')!r}")
    plan = _fresh(q, plan)
    alias = e.args.get("alias")
    if alias is not None and alias.name:
        plan = L.SubqueryAlias(_rename_columns(plan, alias), alias.name)
    sample = e.args.get("sample")
    if sample is not None:
        plan = _sample(plan, sample)
    return plan


def _has_joins(e: exp.Expr) -> bool:
    return isinstance(e, (exp.Table, exp.Subquery)) and bool(e.args.get("joins"))


def _parenthesized_join(q: QueryTranslator, e: exp.Expr) -> LogicalPlan:
    """``(a JOIN b ON ...)`` as a FROM item: the join itself, every column of both sides (sqlglot
    hangs the joins on the first relation, which alone would otherwise be read)."""
    first = e.copy()
    first.set("joins", None)
    if isinstance(first, exp.Table) and isinstance(first.this, (exp.Values, exp.Subquery)):
        inner = first.this  # ``((VALUES ...) AS l JOIN ...)``: sqlglot wraps the first item in a Table
        if first.args.get("alias") is not None:
            inner.set("alias", first.args["alias"])
        first = inner
    plan, rest = from_clause(q, exp.Select(from_=exp.From(this=first), joins=e.args["joins"]), [])
    assert not rest
    return plan


def _fresh(q: QueryTranslator, plan: LogicalPlan) -> LogicalPlan:
    """A second reference to a table in one statement (a self-join, a subquery over the same
    table) gets new column ids, so ``l1.l_orderkey`` and ``l3.l_orderkey`` stay distinct."""
    attrs = output(plan)
    if not any(a.id in q.used_ids for a in attrs):
        q.used_ids.update(a.id for a in attrs)
        return plan
    fresh = L.Project(plan, tuple(n.Alias(a, a.name) for a in attrs))
    q.used_ids.update(a.id for a in output(fresh))
    if isinstance(plan, L.SubqueryAlias):
        return L.SubqueryAlias(fresh, plan.alias)
    return fresh


def _table(q: QueryTranslator, e: exp.Table) -> LogicalPlan:
    if isinstance(e.this, exp.Window):  # ``FROM rank() OVER (...)``: Spark's grammar stops at OVER's (
        raise ParseException(
            "[PARSE_SYNTAX_ERROR] Syntax error at or near '('. SQLSTATE: 42601", "PARSE_SYNTAX_ERROR", {"error": "'('", "hint": ""}
        )
    if isinstance(e.this, exp.Anonymous):
        return _table_function(q, e.this)
    db = e.db.lower() if e.db else ""
    if db in _FILE_FORMATS and e.this.args.get("quoted"):
        from engine.api.readwriter import file_scan, session_read_options

        return L.SubqueryAlias(file_scan(db, e.name, session_read_options(q.session, {}), None), e.name)
    if not e.db and e.name.lower() in q.ctes:
        return L.SubqueryAlias(q.ctes[e.name.lower()], e.name)
    name = ".".join(p for p in (e.catalog, e.db, e.name) if p)
    return q.session.lookup_table(name)


def _table_function(q: QueryTranslator, fn: exp.Anonymous) -> LogicalPlan:
    """``FROM range(...)``; generators (``FROM explode(array(...))``) run over one row."""
    name = fn.name.lower()
    if name == "range":
        args = [q.constant(a) for a in fn.expressions]
        if not args or not all(isinstance(a, int) for a in args):
            raise AnalysisException("range() in FROM takes 1 to 4 integer arguments: range([start,] end[, step[, parts]]).")
        start, end = (0, args[0]) if len(args) == 1 else (args[0], args[1])
        step = args[2] if len(args) > 2 else 1
        parts = args[3] if len(args) > 3 else q.session.default_parallelism
        return L.Range(int(start), int(end), int(step), int(parts), n.Attribute("id", T.LongType(), False, n.new_id()))
    from engine.api.udtf import lookup_udtf

    udtf = lookup_udtf(name)
    if udtf is not None:
        from sql.udtf_calls import udtf_relation

        return udtf_relation(q, udtf, fn, one_row())
    try:
        return B.project(one_row(), [q.expr(fn)])
    except AnalysisException as e:
        shown = f"`{fn.name}`"
        if e.error_class != "UNRESOLVED_ROUTINE" or f"routine {shown.lower()}" not in str(e).lower():
            raise
        raise AnalysisException(  # neither a built-in generator nor a registered UDTF
            f"[UNRESOLVABLE_TABLE_VALUED_FUNCTION] Could not resolve {shown} to a table-valued function.\n"
            f"Please make sure that {shown} is defined as a table-valued function and that all required "
            f"parameters are provided correctly.\nIf {shown} is not defined, please create the table-valued "
            "function before using it.\nFor more information about defining table-valued functions, please "
            "refer to the Apache Spark documentation.",
            "UNRESOLVABLE_TABLE_VALUED_FUNCTION",
        ) from None


def values(q: QueryTranslator, e: exp.Values) -> LogicalPlan:
    """``VALUES (1, 'a'), (2, 'b')``: a union of one-row projections; columns col1, col2, ..."""
    rows = [t.expressions if isinstance(t, exp.Tuple) else [t] for t in e.expressions]
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise AnalysisException(
            "[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table expected "
            f"{width} columns but found a row with a different number of columns.",
            "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH",
        )
    columns = e.args["alias"].args.get("columns") if e.args.get("alias") is not None else None
    if columns and len(columns) != width:
        raise AnalysisException(
            f"[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table expected {len(columns)} "
            f"columns but found {width} columns in row 0. SQLSTATE: 42000",
            "INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH",
        )
    exprs = [[q.expr(v) for v in r] for r in rows]
    for x in (x for r in exprs for x in r):
        _check_inline_value(x)
    plans = [B.project(one_row(), [n.Alias(x, f"col{i + 1}") for i, x in enumerate(r)]) for r in exprs]
    _check_inline_types(plans)
    _evaluate_inline_values(q, plans)
    return B.union(plans) if len(plans) > 1 else plans[0]


def _evaluate_inline_values(q: QueryTranslator, plans: list[LogicalPlan]) -> None:
    """Spark evaluates an inline table's computed values while analysing the query: one that
    fails (``CAST('x' AS BOOLEAN)``, ``1 / 0``) is INVALID_INLINE_TABLE.FAILED_SQL_EXPRESSION_EVALUATION
    then, naming it, instead of its own error when the rows are read. Literals, values reading
    columns (a LATERAL inline table's outer references) and subqueries are left to run time."""
    from dataclasses import replace

    import pyarrow as pa

    from engine.api.execution import eval_context
    from engine.compute.expr_eval import evaluate_array
    from engine.errors import PySparkException
    from engine.expr.display import sql_name
    from engine.optimizer.exprs import is_deterministic

    computed = [
        e.child
        for p in plans
        if isinstance(p, L.Project)
        for e in p.exprs
        if isinstance(e, n.Alias) and not isinstance(e.child, n.Literal)
    ]
    computed = [x for x in computed if not tr.attribute_ids(x) and is_deterministic(x)]
    if not computed:
        return
    ctx = replace(eval_context(q.session), num_rows=1)
    one = pa.RecordBatch.from_arrays([pa.nulls(1)], names=["_"])
    for x in computed:
        try:
            evaluate_array(x, one, ctx)
        except AnalysisException:
            raise
        except PySparkException as err:
            shown = sql_name(x)
            raise AnalysisException(
                f'[INVALID_INLINE_TABLE.FAILED_SQL_EXPRESSION_EVALUATION] Invalid inline table. Failed to evaluate the '
                f'SQL expression "{shown}". Please check your syntax and ensure all required tables and columns are '
                "available. SQLSTATE: 42000",
                "INVALID_INLINE_TABLE.FAILED_SQL_EXPRESSION_EVALUATION",
                {"sqlExpr": f'"{shown}"'},
            ) from err


def values_alias(e: exp.Values) -> exp.Values:
    """``VALUES 0, 1 AS t(id)`` (rows without parentheses) as Spark reads it: sqlglot hangs the
    name on the last value (``1 AS t``) and keeps a nameless table alias ``(id)``."""
    alias = e.args.get("alias")
    last = e.expressions[-1] if e.expressions else None
    holder = last if isinstance(last, exp.Tuple) and last.expressions else None
    item = holder.expressions[-1] if holder is not None else last
    if (alias is not None and alias.name) or not isinstance(item, exp.Alias):
        return e
    fixed = e.copy()
    hung = fixed.expressions[-1].expressions[-1] if holder is not None else fixed.expressions[-1]
    name = hung.args["alias"]
    hung.replace(hung.this)
    columns = alias.args.get("columns") if alias is not None else None
    fixed.set("alias", exp.TableAlias(this=name, columns=columns))
    return fixed


def _check_inline_value(x: n.Expr) -> None:
    """An inline table's value is evaluated once, as a constant: an aggregate or a
    nondeterministic call (``rand(5)``) in it is Spark's CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE."""
    from engine.expr.display import sql_name
    from engine.expr.registry import lookup

    for call in (c for c in tr.walk(x) if isinstance(c, n.UnresolvedFunction)):
        fd = lookup(call.name)
        if fd is not None and (fd.kind == "aggregate" or not fd.deterministic):
            shown = sql_name(call)
            raise AnalysisException(
                "[INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE] Invalid inline table. Cannot "
                f'evaluate the expression "{shown}" in inline table definition. SQLSTATE: 42000',
                "INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE",
                {"expr": f'"{shown}"'},
            )


def _check_inline_types(plans: list[LogicalPlan]) -> None:
    """Spark widens an inline table's columns without turning a string into another type:
    ``VALUES (1), ('a')`` is INCOMPATIBLE_TYPES_IN_INLINE_TABLE, not a failed cast of 'a'."""
    from engine.expr.coercion import common_type

    for column in zip(*(output(p) for p in plans)):
        types = [a.dtype for a in column if not isinstance(a.dtype, T.NullType)]
        strings = [isinstance(t, T.StringType) for t in types]
        if common_type(types) is None or (any(strings) and not all(strings)):
            raise AnalysisException(
                "[INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE] Invalid inline table. Found "
                f"incompatible types in the column `{column[0].name}` for inline table. SQLSTATE: 42000",
                "INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE",
            )


def _rename_columns(plan: LogicalPlan, alias: exp.Expr | None) -> LogicalPlan:
    cols = alias.args.get("columns") if alias is not None else None
    if not cols:
        return plan
    attrs = output(plan)
    if len(cols) != len(attrs):
        raise AnalysisException(
            f"[ASSIGNMENT_ARITY_MISMATCH] The number of columns in the alias ({len(cols)}) does not match the "
            f"number of columns of the relation ({len(attrs)}).",
            "ASSIGNMENT_ARITY_MISMATCH",
        )
    return L.Project(plan, tuple(n.Alias(a, c.name) for a, c in zip(attrs, cols)))


def _sample(plan: LogicalPlan, sample: exp.Expr) -> LogicalPlan:
    percent = sample.args.get("percent")
    rows = sample.args.get("size")
    if percent is None and isinstance(rows, exp.Literal) and not rows.is_string:
        return L.Limit(plan, int(rows.this), 0)  # ``TABLESAMPLE (n ROWS)``: Spark takes the first n rows
    if percent is None:
        raise unsupported("TABLESAMPLE other than (n PERCENT) or (n ROWS)")
    seed = sample.args.get("seed")
    fraction = float(percent.this) / 100.0
    if not 0.0 <= fraction <= 1.0:
        raise ParseException(
            f"[INVALID_TABLESAMPLE_FRACTION] Sampling fraction ({fraction}) must be on interval [0, 1]. SQLSTATE: 22023",
            "INVALID_TABLESAMPLE_FRACTION",
        )
    return L.Sample(plan, fraction, False, int(seed.this) if seed is not None else 0)


# ---------------------------------------------------------------------------- joins

_JOIN_KINDS = {
    ("", ""): "inner", ("", "INNER"): "inner", ("LEFT", ""): "left", ("LEFT", "OUTER"): "left",
    ("RIGHT", ""): "right", ("RIGHT", "OUTER"): "right", ("FULL", ""): "full", ("FULL", "OUTER"): "full",
    ("", "OUTER"): "full", ("LEFT", "SEMI"): "left_semi", ("", "SEMI"): "left_semi",
    ("LEFT", "ANTI"): "left_anti", ("", "ANTI"): "left_anti", ("", "CROSS"): "cross",
}  # fmt: skip


def from_clause(q: QueryTranslator, select: exp.Select, where: list[n.Expr]) -> tuple[LogicalPlan, list[n.Expr]]:
    """The joined FROM relations, and the WHERE conjuncts not already used as join conditions.

    Relations listed with commas (or CROSS JOIN) are joined in an order where each join
    has an equality from WHERE to join on: ``FROM a, b, c WHERE a.x = b.x AND b.y = c.y``
    becomes ``(a JOIN b ON a.x = b.x) JOIN c ON b.y = c.y``, never a cross product.
    """
    src = select.args.get("from_")
    if src is None:
        return one_row(), where
    plan = relation(q, src.this)
    joins = select.args.get("joins") or []
    free: list[LogicalPlan] = [plan]
    given = list(where)
    kinds = [_JOIN_KINDS.get((str(j.side or "").upper(), str(j.kind or "").upper())) for j in joins]
    for i, j in enumerate(joins):
        # a WHERE conjunct filters a relation before it joins only while no RIGHT/FULL join to come
        # could null that relation's columns (the filter would then keep rows WHERE drops)
        push = not any(k in ("right", "full") for k in kinds[i:])
        method = str(j.args.get("method") or "").upper()
        if method not in ("", "NATURAL"):
            raise unsupported(f"{method} JOIN")
        kind = _JOIN_KINDS.get((str(j.side or "").upper(), str(j.kind or "").upper()))
        if kind is None:
            raise unsupported(f"the join type {j.side or ''} {j.kind or ''} JOIN")
        on, using = j.args.get("on"), j.args.get("using")
        if on is not None and on.find(exp.Window) is not None:  # as Spark, no window function in ON
            raise AnalysisException(
                "[UNSUPPORTED_EXPR_FOR_OPERATOR] The query operator `Join` contains one or more unsupported expressions.\n"
                "Consider to rewrite it to avoid window functions, aggregate functions, and generator functions in the "
                f"WHERE clause. Invalid expressions: [{on.find(exp.Window).sql(dialect='spark')}] SQLSTATE: 42K0E",
                "UNSUPPORTED_EXPR_FOR_OPERATOR",
            )
        if _lateral_generator(j.this) and kind in ("inner", "cross") and not using and _always_true(on):
            # ``FROM t, LATERAL explode(t.xs) AS g(x)``: the generator runs over the rows so far
            left, where = _join_free(free, where, q, push)
            free = [lateral_view(q, left, j.this)]
            continue
        udtf = _lateral_udtf(j.this.this) if isinstance(j.this, exp.Lateral) else None
        if udtf is not None and kind == "left" and not using and _always_true(on):
            from sql.udtf_calls import lateral_udtf

            left, where = _join_free(free, where, q, push)  # rows without UDTF rows stay, with nulls
            free = [lateral_udtf(q, udtf, j.this, left, outer=True)]
            continue
        if is_lateral_subquery(j.this) and not using:
            left, where = _join_free(free, where, q, push)
            free = [lateral_subquery(q, left, j.this, kind, None if _always_true(on) else q.expr(on))]
            continue
        right = relation(q, j.this)
        if method == "NATURAL":
            left, where = _join_free(free, where, q, push)
            free = [B.join(left, right, kind, _common_names(left, right, q.cs), q.cs, hide_using_keys=True)]
            continue
        if kind in ("inner", "cross") and on is None and not using:
            free.append(right)
            continue
        left, where = _join_free(free, where, q, push)
        cond = [u.name for u in using] if using else q.expr(on) if on is not None else None
        free = [B.join(left, right, kind, cond, q.cs, hide_using_keys=True)]
    plan, where = _join_free(free, where, q, True)
    # a conjunct used early resolved against fewer relations than WHERE sees: ``dept`` in two
    # of them is still ambiguous, as Spark says
    _check_unambiguous([c for c in given if c not in where], [plan], q.cs)
    for lateral in select.args.get("laterals") or []:
        plan = lateral_view(q, plan, lateral)
    return plan, where


def _lateral_generator(e: exp.Expr) -> bool:
    return isinstance(e, exp.Lateral) and not isinstance(e.this, (exp.Subquery, exp.Select))


def _lateral_udtf(e: exp.Expr) -> Any:
    """The registered Python UDTF a LATERAL call names, if it is one."""
    from engine.api.udtf import lookup_udtf

    return lookup_udtf(e.name) if isinstance(e, exp.Anonymous) else None


def _always_true(on: exp.Expr | None) -> bool:
    return on is None or (isinstance(on, exp.Boolean) and bool(on.this))


def _common_names(left: LogicalPlan, right: LogicalPlan, cs: bool) -> list[str]:
    """NATURAL JOIN's USING list: the left side's columns that the right side also has."""
    key = (lambda s: s) if cs else str.lower
    theirs = {key(a.name) for a in output(right) if not a.hidden}
    return list(dict.fromkeys(a.name for a in output(left) if not a.hidden and key(a.name) in theirs))


def _join_free(
    plans: list[LogicalPlan], where: list[n.Expr], q: QueryTranslator, push: bool
) -> tuple[LogicalPlan, list[n.Expr]]:
    """The comma-listed `plans` joined on the WHERE equalities that connect them (each one
    filtered first by the conjuncts only it needs, when `push`), and the conjuncts left over."""
    remaining = list(where)
    if len(plans) > 1:
        _check_unambiguous(remaining, plans, q.cs)
    if push:
        plans = [_push_filters(p, remaining, q.cs) for p in plans]
    current, rest = plans[0], plans[1:]
    while rest:
        pick = next((r for r in rest if any(_connects(c, current, r, q.cs) for c in remaining)), rest[0])
        rest.remove(pick)
        conds = [c for c in remaining if _connects(c, current, pick, q.cs)]
        for c in conds:
            remaining.remove(c)
        current = B.join(current, pick, "inner", _and(conds) if conds else None, q.cs)
    return current, remaining


def _check_unambiguous(conditions: list[n.Expr], plans: list[LogicalPlan], cs: bool) -> None:
    """``FROM a, b WHERE x = 1`` with an ``x`` in both: Spark's AMBIGUOUS_REFERENCE, before a
    condition is pushed into the one side that alone would resolve it. Other failures (outer
    columns of a correlated subquery) are left to the resolution that follows."""
    scope = Scope(tuple(a for p in plans for a in output(p)), cs, suggest=False)
    for c in conditions:
        try:
            resolve(c, scope)
        except AnalysisException as e:
            if e.error_class == "AMBIGUOUS_REFERENCE":
                raise


def _push_filters(plan: LogicalPlan, conjuncts: list[n.Expr], cs: bool) -> LogicalPlan:
    """Conjuncts that only need `plan`'s columns filter it before it joins anything."""
    mine = [c for c in conjuncts if _has_columns(c) and resolves(c, output(plan), cs)]
    for c in mine:
        conjuncts.remove(c)
    return B.filter_(plan, _and(mine), cs) if mine else plan


def _connects(c: n.Expr, left: LogicalPlan, right: LogicalPlan, cs: bool) -> bool:
    lo, ro = output(left), output(right)
    return resolves(c, lo + ro, cs) and not resolves(c, lo, cs) and not resolves(c, ro, cs)


def resolves(e: n.Expr, attrs: tuple[n.Attribute, ...], cs: bool) -> bool:
    """Whether every column `e` names exists (unambiguously) among `attrs`."""
    try:
        resolve(e, Scope(attrs, cs, suggest=False))
    except AnalysisException:
        return False
    return True


def _has_columns(e: n.Expr) -> bool:
    from engine.expr import traverse as tr

    return tr.contains(e, n.UnresolvedColumn) or tr.contains(e, n.Attribute)


def _and(conds: list[n.Expr]) -> n.Expr:
    out = conds[0]
    for c in conds[1:]:
        out = n.UnresolvedFunction("and", (out, c))
    return out


def lateral_view(q: QueryTranslator, plan: LogicalPlan, lateral: exp.Lateral) -> LogicalPlan:
    """``LATERAL VIEW [OUTER] explode(xs) t AS x``: the generator's columns join each row."""
    if lateral.args.get("view"):
        refuse_in_lateral_view(lateral.this)
    udtf = _lateral_udtf(lateral.this)
    if udtf is not None:
        from sql.udtf_calls import lateral_udtf

        return lateral_udtf(q, udtf, lateral, plan, bool(lateral.args.get("outer")))
    call = resolve(q.expr(lateral.this), Scope(output(plan), q.cs))
    alias = lateral.args.get("alias")
    cols = [c.name for c in alias.args.get("columns") or []] if alias is not None else []
    gen_plan, attrs = B.generate(plan, call, bool(lateral.args.get("outer")))
    if cols and len(cols) != len(attrs):
        raise AnalysisException(
            f"[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not match the "
            f"number of columns output by the UDTF. Expected {len(attrs)} aliases, but got {', '.join(cols)}.",
            "UDTF_ALIAS_NUMBER_MISMATCH",
        )
    qualifier = (alias.name,) if alias is not None and alias.name else ()
    renamed = tuple(
        n.Attribute(cols[i] if cols else a.name, a.dtype, a.nullable, a.id, qualifier) for i, a in enumerate(attrs)
    )
    assert isinstance(gen_plan, L.Generate)
    return L.Generate(gen_plan.input, gen_plan.generator, renamed, gen_plan.outer)
