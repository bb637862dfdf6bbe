"""GROUP BY / HAVING / aggregate select lists: an Aggregate, then a projection over its output.

Aggregate calls (and complex grouping expressions) are computed by the Aggregate under
hidden names; the select list, HAVING, QUALIFY, window functions and ORDER BY are then
evaluated over its output. That one shape covers ``rank() OVER (ORDER BY sum(x))`` and
``HAVING count(*) > 1`` alike.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import TypeVar

from sqlglot import exp

from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.registry import lookup
from engine.expr.resolve import Scope, resolve_column

_GROUPING_FUNCTIONS = ("grouping", "grouping_id")
T = TypeVar("T")


def is_aggregate_call(e: n.Expr) -> bool:
    if not isinstance(e, n.UnresolvedFunction):
        return False
    if e.name.lower() in _GROUPING_FUNCTIONS:
        return True
    from engine.expr.resolve import SESSION_UDFS

    registered = SESSION_UDFS.get(e.name.lower())
    if registered is not None:  # a UDF shadows a built-in; a grouped pandas UDF aggregates
        return registered.kind == "pandas_agg"
    fd = lookup(e.name)
    return fd is not None and fd.kind == "aggregate"


def has_aggregate(e: n.Expr) -> bool:
    """Whether `e` aggregates outside any window (making its SELECT an aggregation)."""
    if isinstance(e, n.WindowExpr):
        return any(has_aggregate(a) for a in tr.children(e.function)) or any(
            has_aggregate(x) for x in (*e.spec.partition_by, *e.spec.order_by)
        )
    if is_aggregate_call(e):
        return True
    return any(has_aggregate(c) for c in tr.children(e))


class Hoister:
    """Replaces aggregate calls and grouping expressions by references to hidden Aggregate outputs."""

    def __init__(self, groupings: list[n.Expr], scope: Scope | None = None) -> None:
        self.groupings = groupings
        self.scope = scope  # the aggregate's input columns: ``t.c`` and ``c`` are one grouping key
        self._keys = [_same_shape(g, scope) for g in groupings]
        self.aggregates: dict[n.Expr, str] = {}  # aggregate call -> its hidden output name
        self._ids = itertools.count()

    def grouping_name(self, i: int) -> str:
        return f"__grp{i}"

    def rewrite(self, e: n.Expr) -> n.Expr:
        key = _same_shape(e, self.scope)
        for i, g in enumerate(self.groupings):
            if key == self._keys[i] and not isinstance(g, n.UnresolvedColumn):
                return n.UnresolvedColumn(self.grouping_name(i))
        if isinstance(e, n.WindowExpr):
            fn = e.function
            if isinstance(fn, n.UnresolvedFunction):
                fn = n.UnresolvedFunction(
                    fn.name, tuple(self.rewrite(a) for a in fn.args), fn.distinct, fn.ignore_nulls, fn.filter
                )
            spec = n.WindowSpecDef(
                tuple(self.rewrite(p) for p in e.spec.partition_by),
                tuple(self.rewrite(o) for o in e.spec.order_by),  # type: ignore[misc]
                e.spec.frame,
            )
            return n.WindowExpr(fn, spec)
        if is_aggregate_call(e):
            name = self.aggregates.get(e)
            if name is None:
                name = self.aggregates[e] = f"__agg{next(self._ids)}"
            return n.UnresolvedColumn(name)
        return tr.map_children(e, self.rewrite)


_COMMUTATIVE = frozenset({"+", "*", "=", "==", "<=>", "and", "or", "&", "|", "^"})


def _same_shape(e: n.Expr, scope: Scope | None = None) -> n.Expr:
    """`e` with every alias id zeroed (two parses of ``window(ts, '1 hour')``, whose struct
    fields are aliases each with a fresh id, are the same grouping expression) and the operands
    of a commutative operator in one order (``b + a`` groups as ``a + b``, as Spark compares
    grouping expressions by their canonical form). With the input's `scope`, a column is the
    one it names however it is spelled (``lower(t.c)`` is ``lower(c)``), as Spark compares
    resolved attributes."""

    def canonical(x: n.Expr) -> n.Expr:
        if isinstance(x, n.UnresolvedColumn) and scope is not None:
            return _column_identity(x, scope)
        if isinstance(x, n.Alias):
            return replace(x, id=0)
        if isinstance(x, n.CorrelatedSubquery):  # two parses of one subquery: the same plan but for ids
            return replace(x, plan=_plan_shape(x.plan))
        if isinstance(x, n.UnresolvedFunction) and x.name.lower() in _COMMUTATIVE and len(x.args) == 2:
            return replace(x, args=tuple(sorted(x.args, key=repr)))
        return x

    return tr.transform_up(e, canonical)


def _column_identity(c: n.UnresolvedColumn, scope: Scope) -> n.Expr:
    """The input column `c` names, as an id alone, or `c` itself when it names none (an alias of
    the select list, a struct field, an outer column) or is ambiguous: those keep matching by
    spelling."""
    from engine.errors import AnalysisException

    try:
        found = resolve_column(c.parts, scope, c.name)
    except AnalysisException:
        return c
    if not isinstance(found, n.Attribute):
        return c
    return n.UnresolvedColumn(f"#{found.id}", ("#", str(found.id)))


def _plan_shape(plan: object) -> str:
    """A subquery's plan as text without attribute ids, to compare two parses of it."""
    import re

    from engine.logical.display import tree_string

    return re.sub(r"#\d+", "#", tree_string(plan))  # type: ignore[arg-type]


def grouping_spec(q_expr, group: exp.Group, items: list[n.Expr]) -> tuple[list[n.Expr], tuple[tuple[int, ...], ...] | None]:  # type: ignore[no-untyped-def]
    """GROUP BY's expressions (ordinals replaced by select items) and its grouping sets, if any."""
    exprs: list[n.Expr] = []

    def index(e: exp.Expr) -> int:
        x = _ordinal(q_expr, e, items)
        shapes = [_same_shape(g) for g in exprs]
        if _same_shape(x) not in shapes:  # ``GROUPING SETS ((a + b), (b + a))``: one expression
            exprs.append(x)
            return len(exprs) - 1
        return shapes.index(_same_shape(x))

    plain = [index(e) for e in group.expressions if not isinstance(e, (exp.Rollup, exp.Cube, exp.GroupingSets))]
    sets: list[list[tuple[int, ...]]] = []
    for e in group.expressions:
        if isinstance(e, (exp.Rollup, exp.Cube)):
            elements = [tuple(index(x) for x in _element_members(m, e)) for m in e.expressions]
            if isinstance(e, exp.Rollup):
                sets.append([_flat(elements[:k]) for k in range(len(elements), -1, -1)])
            else:
                sets.append([_flat(c) for c in _cube(elements)])
        elif isinstance(e, exp.GroupingSets):
            sets.append([tuple(index(x) for x in _set_members(s)) for s in e.expressions])
    for hive in group.args.get("grouping_sets") or []:  # GROUP BY a, b GROUPING SETS (...): the sets alone
        sets.append([tuple(index(x) for x in _set_members(s)) for s in hive.expressions])
        plain = []
    for key, cube in (("rollup", False), ("cube", True)):
        if group.args.get(key) and not group.expressions:  # ``GROUP BY WITH ROLLUP``: nothing to roll up
            from engine.errors import ParseException

            raise ParseException(
                f"[PARSE_SYNTAX_ERROR] Syntax error at or near '{key.upper()}'. SQLSTATE: 42601", "PARSE_SYNTAX_ERROR"
            )
        if group.args.get(key):  # GROUP BY a, b WITH ROLLUP / WITH CUBE
            sets.append(_cube(plain) if cube else [tuple(plain[:k]) for k in range(len(plain), -1, -1)])
            plain = []
    if not sets:
        return exprs, None
    combined: list[tuple[int, ...]] = [tuple(plain)]
    for options in sets:
        combined = [tuple(dict.fromkeys(a + b)) for a in combined for b in options]
    return exprs, tuple(combined)


def _cube(ids: list[T]) -> list[tuple[T, ...]]:
    out: list[tuple[T, ...]] = []
    for k in range(len(ids), -1, -1):
        out.extend(tuple(c) for c in itertools.combinations(ids, k))
    return out


def _flat(elements: list[tuple[int, ...]] | tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    """The grouping set of ROLLUP/CUBE elements, each a column or a parenthesised list of them:
    ``ROLLUP(a, (a, b), ())`` has elements (a), (a, b) and (), so its sets are (a, b), (a) and ()."""
    return tuple(dict.fromkeys(i for element in elements for i in element))


def _element_members(m: exp.Expr, within: exp.Rollup | exp.Cube) -> list[exp.Expr]:
    """The columns of one ROLLUP/CUBE element; an empty one, ``()``, is a syntax error in Spark."""
    members = _set_members(m)
    if not members:
        from engine.errors import ParseException

        kind = "ROLLUP" if isinstance(within, exp.Rollup) else "CUBE"
        raise ParseException(f"Empty set in {kind} grouping sets is not supported.", "_LEGACY_ERROR_TEMP_0051")
    return members


def _set_members(s: exp.Expr) -> list[exp.Expr]:
    if isinstance(s, exp.Tuple):
        return list(s.expressions)
    if isinstance(s, exp.Paren):
        return [s.this]
    return [s]


def _ordinal(q_expr, e: exp.Expr, items: list[n.Expr]) -> n.Expr:  # type: ignore[no-untyped-def]
    negative = isinstance(e, exp.Neg) and isinstance(e.this, exp.Literal)  # ``GROUP BY -1``: a position too
    number = e.this if negative else e
    if isinstance(number, exp.Literal) and not number.is_string and str(number.this).isdigit():
        i = -int(number.this) if negative else int(number.this)
        if any(isinstance(it, n.UnresolvedStar) for it in items):
            from engine.errors import AnalysisException

            raise AnalysisException(
                "[STAR_GROUP_BY_POS] Star (*) is not allowed in a select list when GROUP BY an ordinal position "
                "is used. SQLSTATE: 0A000",
                "STAR_GROUP_BY_POS",
            )
        if not 1 <= i <= len(items):
            from engine.errors import AnalysisException

            raise AnalysisException(
                f"[GROUP_BY_POS_OUT_OF_RANGE] GROUP BY position {i} is not in select list (valid range is "
                f"[1, {len(items)}]). SQLSTATE: 42805",
                "GROUP_BY_POS_OUT_OF_RANGE",
            )
        item = items[i - 1]
        if has_aggregate(item):
            from engine.errors import AnalysisException
            from engine.expr.display import sql_name

            name = item.name if isinstance(item, n.Alias) else sql_name(item)
            shown = f"{sql_name(item.child if isinstance(item, n.Alias) else item)} AS `{name}`"
            raise AnalysisException(
                f"[GROUP_BY_POS_AGGREGATE] GROUP BY {i} refers to an expression {shown} that contains an aggregate "
                "function. Aggregate functions are not allowed in GROUP BY. SQLSTATE: 42903",
                "GROUP_BY_POS_AGGREGATE",
            )
        return item.child if isinstance(item, n.Alias) else item
    return q_expr(e)
