"""Moves filter conditions, and single-side ON conditions, into the join side that owns their columns."""

from __future__ import annotations

from dataclasses import replace

from engine.expr import traverse as tr
from engine.expr.nodes import Alias, Attribute, Call, Expr
from engine.logical.nodes import FileScan, Filter, Join, LogicalPlan, Project, children, output
from engine.optimizer.driver import node_rule
from engine.optimizer.exprs import TRUE, conjoin, ids, is_deterministic, refs, split_conjuncts
from engine.types import BooleanType

# Which sides a WHERE conjunct may move into: the sides whose rows the join never null-extends.
_WHERE_SIDES = {
    "inner": "lr", "cross": "lr", "left": "l", "right": "r", "left_semi": "l", "left_anti": "l", "full": "",
}  # fmt: skip
# Which sides an ON conjunct may move into: inner/semi both; an outer join only its null-producing side.
_ON_SIDES = {
    "inner": "lr", "cross": "lr", "left_semi": "lr", "left": "r", "left_anti": "r", "right": "l", "full": "",
}  # fmt: skip


@node_rule(order="down")
def push_filter_through_join(plan: LogicalPlan) -> LogicalPlan:
    """Filter(c, Join(l, r)) -> Join(Filter(c_l, l), Filter(c_r, r)), and the same for ON conjuncts.

    Before: ``Filter ((a#1 > 1) AND (b#2 < 5)) / Join Inner, (k#0 = k#3) / l(a#1), r(b#2)``
    After:  ``Join Inner, (k#0 = k#3) / Filter (a#1 > 1) / l`` and ``Filter (b#2 < 5) / r``

    A WHERE conjunct goes into a side that the join does not null-extend (for a left
    join only the left); one on both sides of an inner join joins the ON condition. An
    ON conjunct on one side goes into that side for inner and semi joins, and for outer
    joins only into the null-producing side (the right of a LEFT JOIN). Only
    deterministic conjuncts move.
    """
    match plan:
        case Filter(input=Join() as join, condition=cond):
            return _push_where(plan, join, cond)
        case Join(condition=cond) if cond is not None:
            return _push_on(plan, cond)
        case _:
            return plan


def _push_where(plan: Filter, join: Join, cond: Expr) -> LogicalPlan:
    sides = _WHERE_SIDES.get(join.how, "")
    lids, rids = ids(output(join.left)), ids(output(join.right))
    left, right, on, up = [], [], [], []
    for c in split_conjuncts(cond):
        used = refs(c)
        if not is_deterministic(c):
            up.append(c)
        elif "l" in sides and used <= lids:
            left.append(c)
        elif "r" in sides and used <= rids:
            right.append(c)
        elif join.how in ("inner", "cross") and used <= lids | rids:
            on.append(c)
        else:
            up.append(c)
    _add_implied(join, on + up, sides, left, right)
    if not (left or right or on):
        return plan
    how = "inner" if join.how == "cross" and on else join.how
    new = replace(
        join,
        left=_filtered(join.left, left),
        right=_filtered(join.right, right),
        how=how,
        condition=conjoin([*split_conjuncts(join.condition), *on]),
    )
    rest = conjoin(up)
    return new if rest is None else Filter(new, rest)


def _push_on(join: Join, cond: Expr) -> LogicalPlan:
    sides = _ON_SIDES.get(join.how, "")
    lids, rids = ids(output(join.left)), ids(output(join.right))
    left, right, keep = [], [], []
    for c in split_conjuncts(cond):
        used = refs(c)
        if used and is_deterministic(c) and "l" in sides and used <= lids:
            left.append(c)
        elif used and is_deterministic(c) and "r" in sides and used <= rids:
            right.append(c)
        else:
            keep.append(c)
    _add_implied(join, keep, sides, left, right)
    if not (left or right):
        return join
    rest = conjoin(keep)
    if rest is None and join.how not in ("inner", "cross"):
        rest = TRUE  # outer and semi joins keep a condition, as the builder makes them
    how = "cross" if rest is None else join.how
    return replace(
        join, left=_filtered(join.left, left), right=_filtered(join.right, right), how=how, condition=rest
    )


def _filtered(plan: LogicalPlan, conds: list[Expr]) -> LogicalPlan:
    cond = conjoin(conds)
    return plan if cond is None else Filter(plan, cond)


def _add_implied(join: Join, kept: list[Expr], sides: str, left: list[Expr], right: list[Expr]) -> None:
    """Adds to `left`/`right` what the kept two-sided disjunctions imply about one side alone.

    ``(n1 = 'FRANCE' AND n2 = 'GERMANY') OR (n1 = 'GERMANY' AND n2 = 'FRANCE')`` implies
    ``n1 = 'FRANCE' OR n1 = 'GERMANY'``: that filter can run on n1's side before the join
    while the whole condition stays where it was (Spark's PushExtraPredicateThroughJoin).
    A filter the side already has is not added again, so the rule reaches a fixed point.
    """
    for target, side, owned in (("l", join.left, left), ("r", join.right, right)):
        if target not in sides:
            continue
        side_ids = ids(output(side))
        present = {tr.canonical(c) for c in _conjuncts_below(side) | set(owned)}
        for c in kept:
            implied = _implied_by(c, side_ids)
            if implied is not None and tr.canonical(implied) not in present:
                owned.append(implied)
                present.add(tr.canonical(implied))


def _implied_by(c: Expr, side_ids: set[int]) -> Expr | None:
    """A condition on `side_ids` alone that every disjunct of `c` implies, or None."""
    disjuncts = _split_disjuncts(c)
    if len(disjuncts) < 2 or not is_deterministic(c):
        return None
    parts: list[Expr] = []
    for d in disjuncts:
        own = [x for x in split_conjuncts(d) if refs(x) and refs(x) <= side_ids]
        if not own:
            return None
        parts.append(conjoin(own))  # type: ignore[arg-type]  # own is not empty
    out = parts[0]
    for p in parts[1:]:
        out = Call("or", (out, p), BooleanType(), True)
    return out


def _split_disjuncts(e: Expr) -> list[Expr]:
    if isinstance(e, Call) and e.name == "or" and len(e.args) == 2:
        return [*_split_disjuncts(e.args[0]), *_split_disjuncts(e.args[1])]
    return [e]


def _conjuncts_below(plan: LogicalPlan) -> set[Expr]:
    """Every filter conjunct in `plan` (filters and scan filters) over `plan`'s own columns, to not
    push one twice: below a projection that renames a column (a second nation's ``n_name#26 AS
    n_name#64``) a conjunct is seen under the name above it."""
    match plan:
        case Filter(input=child, condition=cond):
            return set(split_conjuncts(cond)) | _conjuncts_below(child)
        case FileScan(filters=filters):
            return {c for f in filters for c in split_conjuncts(f)}
        case Project(input=child, exprs=exprs):
            renamed = {}
            for e, a in zip(exprs, output(plan)):
                source = e.child if isinstance(e, Alias) else e
                if isinstance(source, Attribute):
                    renamed.setdefault(source.id, a)
            return {
                tr.transform_up(c, lambda x: renamed[x.id] if isinstance(x, Attribute) else x)
                for c in _conjuncts_below(child)
                if refs(c) <= renamed.keys()
            }
    return {c for k in children(plan) for c in _conjuncts_below(k)}
