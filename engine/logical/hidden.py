"""Hidden columns a DataFrame column can still name: the join keys a USING join merges.

``l.join(r, "id", "full")`` shows one ``id`` (``coalesce(l.id, r.id)``), but Spark keeps both
sides' keys as hidden output, so ``l.id`` and ``r.id`` (columns resolved against `l` and `r`)
still read each side's own value: null where that side found no match. The join builds the
keys hidden (as the SQL front end does for ``JOIN ... USING``) under a projection of the
visible columns (`visible`), so ``*``, ``columns``, ``schema`` and results never see them;
an operator whose expressions name one has it brought back up to its input (`expose`), as
Spark's AddMetadataColumns does. Hidden keys are reachable through projections, filters,
sorts, limits, distinct, joins and caches (as in Spark, whose cached data a plan naming a hidden
key no longer matches, the cached frame's plan is then computed again); not through aggregates,
set operations, aliases or local checkpoints, where naming a merged-away key fails with MISSING_ATTRIBUTES, as it
does for the right side's key of a semi or anti join (`merged_away`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.expr.nodes import Attribute, Expr
from engine.expr.resolve import Scope, missing_attribute_error
from engine.logical import nodes as L
from engine.logical.nodes import LogicalPlan, children, output

# Operators whose output is their input's output, rows filtered or reordered: a hidden column
# added to the input flows through them unchanged (through a distinct too, as in Spark).
_PASS_THROUGH = (L.Filter, L.Sort, L.Limit, L.Repartition, L.Sample, L.Hint, L.Distinct)


def visible(plan: LogicalPlan) -> LogicalPlan:
    """`plan` without the hidden columns of its output (a USING join's merged-away keys)."""
    columns = output(plan)
    if not any(a.hidden for a in columns):
        return plan
    return L.Project(plan, tuple(a for a in columns if not a.hidden))


def reachable(plan: LogicalPlan, dropped: bool = False) -> dict[int, Attribute]:
    """The hidden columns below `plan` that `expose` can bring up, by attribute id; with
    `dropped`, also the columns a projection left out (Spark's missing references, which a
    filter or sort may name: ``df.select("x").where(df.id > 1)``). A column both sides of a
    join reach (a self-join) is left out: it could be either side's."""
    match plan:
        case L.Project(input=child):  # the projection over a USING join hides its keys
            found = reachable(child, dropped)
            found.update({a.id: a for a in output(child) if a.hidden or dropped})
            return found
        case L.Join(left=left, right=right, how=how) if how not in ("left_semi", "left_anti"):
            lhs, rhs = reachable(left, dropped), reachable(right, dropped)
            return {i: a for i, a in (lhs | rhs).items() if (i in lhs) != (i in rhs)}
        case L.Cached(input=child, checkpoint=False):
            return reachable(child, dropped)
        case _ if isinstance(plan, _PASS_THROUGH):
            return reachable(plan.input, dropped)  # type: ignore[union-attr]
        case _:
            return {}


def merged_away(plan: LogicalPlan) -> set[int]:
    """The ids of the join keys a USING join below `plan` merged away: those it keeps hidden, and
    the right side's columns of a semi or anti join. A column naming one that `reachable` cannot
    reach has no value here, and must not fall back to the visible column of its name."""
    ids = {a.id for a in output(plan) if a.hidden}
    if isinstance(plan, L.Join) and plan.how in ("left_semi", "left_anti"):
        ids.update(a.id for a in output(plan.right))
    for child in children(plan):
        ids |= merged_away(child)
    return ids


def expose(plan: LogicalPlan, exprs: Sequence[Expr], dropped: bool = False) -> LogicalPlan:
    """`plan` with the hidden columns `exprs` name (`dropped`: and the columns a projection
    left out) appended to its output, still hidden, so they resolve to those columns' own
    values; `plan` itself when `exprs` name none."""
    present = {a.id for a in output(plan)}
    found = reachable(plan, dropped)
    named = dict.fromkeys(a.id for e in exprs for a in tr.walk(e) if isinstance(a, Attribute))
    wanted = [i for i in named if i not in present and i in found]
    if gone := [i for i in named if i not in present and i not in found and i in merged_away(plan)]:
        attr = next(a for e in exprs for a in tr.walk(e) if isinstance(a, Attribute) and a.id == gone[0])
        raise missing_attribute_error(attr, Scope(output(plan)))
    return _expose(plan, wanted, dropped) if wanted else plan


def _expose(plan: LogicalPlan, wanted: list[int], dropped: bool) -> LogicalPlan:
    """`plan` whose output is its own followed by the columns `wanted` (ids `reachable` finds)."""
    match plan:
        case L.Project(input=child, exprs=exprs):
            have = {a.id for a in output(child)}
            deeper = [i for i in wanted if i not in have]
            inner = _expose(child, deeper, dropped) if deeper else child
            return L.Project(inner, exprs + _columns(inner, wanted))
        case L.Join(left=left, right=right):
            lhs = reachable(left, dropped)
            lw, rw = [i for i in wanted if i in lhs], [i for i in wanted if i not in lhs]
            joined = replace(
                plan,
                left=_expose(left, lw, dropped) if lw else left,
                right=_expose(right, rw, dropped) if rw else right,
            )
            return L.Project(joined, output(plan) + _columns(joined, wanted))
        case L.Cached(input=child, checkpoint=False):  # the cached rows lack it: computed again, as in Spark
            return _expose(child, wanted, dropped)
        case _ if isinstance(plan, _PASS_THROUGH):
            return replace(plan, input=_expose(plan.input, wanted, dropped))  # type: ignore[union-attr]
        case _:
            raise AssertionError(f"no hidden column is reachable through {type(plan).__name__}")


def _columns(plan: LogicalPlan, wanted: list[int]) -> tuple[Attribute, ...]:
    """The `wanted` columns of `plan`'s output (the join below typed their nullability), still
    hidden: ``*`` and a bare ``id`` do not see them, only the column naming them by id does."""
    by_id = {a.id: a for a in output(plan)}
    return tuple(replace(by_id[i], hidden=True) for i in wanted)


def is_hidden(e: Expr, plan: LogicalPlan) -> bool:
    """Whether `e` is a column `plan` keeps hidden (``drop(r.id)`` of one leaves the frame as it is)."""
    return isinstance(e, n.Attribute) and e.id not in {a.id for a in output(plan)} and e.id in reachable(plan)
