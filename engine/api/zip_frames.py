"""``DataFrame.zip(other)``: the columns of two DataFrames side by side, row for row.

As in Spark, both must be projections (select, withColumn, withColumnRenamed, ... chains)
of the same plan: the Project chains are stripped and inlined, the plans below compared
(canonically, as sameSemantics does), and one Project over the shared plan computes both
sides' columns. Anything else cannot be aligned row for row: ZIP_PLANS_NOT_MERGEABLE.
"""

from __future__ import annotations

from typing import Any

from engine.errors import AnalysisException, PySparkTypeError
from engine.expr import nodes as n
from engine.expr import traverse as tr
from engine.logical import nodes as L
from engine.logical.nodes import output


def zip_frames(left: Any, right: Any) -> Any:
    from engine.api.semantics import renumbered

    if not hasattr(right, "_plan"):
        raise PySparkTypeError(
            f"[NOT_DATAFRAME] Argument `other` should be a DataFrame, got {type(right).__name__}.", "NOT_DATAFRAME"
        )
    lbase, lexprs = _flatten(left._plan)
    rbase, rexprs = _flatten(right._plan)
    if renumbered(lbase, {}) != renumbered(rbase, {}):
        raise AnalysisException(
            "[ZIP_PLANS_NOT_MERGEABLE] The two DataFrames in zip() cannot be merged. They must produce the same "
            "canonicalized plan after stripping outer Project chains, and must not contain non-scalar Python UDFs.",
            "ZIP_PLANS_NOT_MERGEABLE",
        )
    same = {r.id: a for a, r in zip(output(lbase), output(rbase))}
    taken = {_id(e) for e in lexprs}
    moved = [_substitute(e, same) for e in rexprs]
    fresh = [n.Alias(tr.strip_alias(e), _name(e)) if _id(e) in taken else e for e in moved]
    return left._new(L.Project(lbase, tuple(lexprs + fresh)))


def _flatten(plan: L.LogicalPlan) -> tuple[L.LogicalPlan, list[n.Expr]]:
    """The plan under a chain of Projects, and the chain's output as expressions over it."""
    if not isinstance(plan, L.Project):
        return plan, list(output(plan))
    base, inner = _flatten(plan.input)
    defs = {_id(e): e for e in inner}
    return base, [_inline(e, defs) for e in plan.exprs]


def _inline(e: n.Expr, defs: dict[int, n.Expr]) -> n.Expr:
    """`e` with references to the inner Project's columns replaced by their definitions."""

    def swap(x: n.Expr) -> n.Expr:
        if isinstance(x, n.Attribute) and x.id in defs and not isinstance(defs[x.id], n.Attribute):
            return tr.strip_alias(defs[x.id])
        return x

    if isinstance(e, n.Attribute):
        d = defs.get(e.id)
        return e if d is None or isinstance(d, n.Attribute) else n.Alias(tr.strip_alias(d), e.name, e.id)
    if isinstance(e, n.Alias):
        return n.Alias(tr.transform_up(e.child, swap), e.name, e.id, e.names)
    return tr.transform_up(e, swap)


def _substitute(e: n.Expr, same: dict[int, n.Attribute]) -> n.Expr:
    """`e` over the right plan's columns rewritten over the left plan's (matched by position)."""
    return tr.transform_up(e, lambda x: same.get(x.id, x) if isinstance(x, n.Attribute) else x)


def _id(e: n.Expr) -> int:
    return e.id if isinstance(e, (n.Attribute, n.Alias)) else -1


def _name(e: n.Expr) -> str:
    return e.name if isinstance(e, (n.Attribute, n.Alias)) else str(e)
